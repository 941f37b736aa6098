// --succeeded / --failed / --timed-out / --unreachable: each job's line in
// its class's file, written as it comes, ready to be fed back in.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <string>

#include "status_lists.hpp"
#include "temp_file.hpp"

using namespace shoal::cli;
using shoal::Status;
using test_support::read_file;

TEST(StatusLists, EachJobGoesToItsClassesList) {
  test_support::TempDir d;
  StatusListPaths paths{d / "ok", d / "failed", d / "timed-out", d / "unreachable"};
  ASSERT_TRUE(paths.any());
  auto opened = StatusLists::open(paths, false);
  ASSERT_TRUE(opened) << opened.error();
  StatusLists& lists = *opened;
  EXPECT_EQ(lists.add(Status::ok, "a\n"), 0);
  EXPECT_EQ(lists.add(Status::failed, "b\n"), 0);
  EXPECT_EQ(lists.add(Status::killed, "c\n"), 0);
  EXPECT_EQ(lists.add(Status::error, "d\n"), 0);
  EXPECT_EQ(lists.add(Status::timeout, "e\n"), 0);
  EXPECT_EQ(lists.add(Status::ok, "f\n"), 0);
  EXPECT_EQ(lists.add_unreachable("web01"), 0);
  EXPECT_EQ(read_file(d / "ok"), "a\nf\n");
  EXPECT_EQ(read_file(d / "failed"), "b\nc\nd\n");
  EXPECT_EQ(read_file(d / "timed-out"), "e\n");
  EXPECT_EQ(read_file(d / "unreachable"), "web01\n");
}

TEST(StatusLists, OnlyTheListsNamedAreWritten) {
  test_support::TempDir d;
  StatusListPaths paths;
  EXPECT_FALSE(paths.any());
  paths.failed = d / "failed";
  EXPECT_TRUE(paths.any());
  auto opened1 = StatusLists::open(paths, false);
  ASSERT_TRUE(opened1) << opened1.error();
  StatusLists& lists = *opened1;
  EXPECT_EQ(lists.add(Status::ok, "a\n"), 0);
  EXPECT_EQ(lists.add(Status::failed, "b\n"), 0);
  EXPECT_EQ(lists.add_unreachable("h"), 0);
  EXPECT_EQ(read_file(d / "failed"), "b\n");
  struct stat st;
  EXPECT_NE(::stat((d / "ok").c_str(), &st), 0);
}

TEST(StatusLists, AppendKeepsWhatIsThereLessATornLastLine) {
  test_support::TempDir d;
  {
    std::FILE* f = std::fopen((d / "failed").c_str(), "w");
    std::fputs("old\ncut sho", f);
    std::fclose(f);
  }
  StatusListPaths paths;
  paths.failed = d / "failed";
  auto opened2 = StatusLists::open(paths, true);
  ASSERT_TRUE(opened2) << opened2.error();
  StatusLists& kept = *opened2;
  EXPECT_EQ(kept.add(Status::failed, "new\n"), 0);
  EXPECT_EQ(read_file(d / "failed"), "old\nnew\n");
  auto opened3 = StatusLists::open(paths, false);
  ASSERT_TRUE(opened3) << opened3.error();
  StatusLists& fresh = *opened3;
  EXPECT_EQ(fresh.add(Status::failed, "only\n"), 0);
  EXPECT_EQ(read_file(d / "failed"), "only\n");
}

TEST(StatusLists, NulEndedLinesWithDashZero) {
  test_support::TempDir d;
  {
    std::FILE* f = std::fopen((d / "ok").c_str(), "w");
    std::fwrite("a\nb\0c", 1, 5, f);  // "a\nb" whole, "c" torn
    std::fclose(f);
  }
  StatusListPaths paths;
  paths.succeeded = d / "ok";
  auto opened4 = StatusLists::open(paths, true, '\0');
  ASSERT_TRUE(opened4) << opened4.error();
  StatusLists& lists = *opened4;
  EXPECT_EQ(lists.add(Status::ok, std::string("d\n", 2) + '\0'), 0);
  EXPECT_EQ(read_file(d / "ok"), std::string("a\nb\0d\n\0", 7));
}

TEST(StatusLists, AListThatCannotBeOpenedIsNamed) {
  test_support::TempDir d;
  StatusListPaths paths;
  paths.succeeded = d / "ok";
  paths.timed_out = d / "no-such-dir/timed-out";
  auto opened = StatusLists::open(paths, false);
  EXPECT_FALSE(opened);
  EXPECT_NE(opened.error().find("cannot open " + d / "no-such-dir/timed-out"), std::string::npos)
      << opened.error();
}

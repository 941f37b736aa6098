#include "shoal/output.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>

#include "leak_check.hpp"

using shoal::Output;

class OutputTest : public shoal::test_support::LeakCheck {};

TEST_F(OutputTest, SmallStaysInMemory) {
  Output o(100, "");
  o.append("hello ");
  o.append("world");
  EXPECT_FALSE(o.spilled());
  EXPECT_EQ(o.str(), "hello world");
  EXPECT_EQ(o.size(), 11u);
}

TEST_F(OutputTest, PastTheThresholdSpillsAndKeepsEveryByteInOrder) {
  Output o(10, "");
  std::string expected;
  for (int i = 0; i < 1000; ++i) {
    std::string piece = std::to_string(i) + ",";
    expected += piece;
    ASSERT_TRUE(o.append(piece));
  }
  EXPECT_TRUE(o.spilled());
  EXPECT_EQ(o.size(), expected.size());
  EXPECT_EQ(o.str(), expected);
}

TEST_F(OutputTest, WriteToCopiesSpilledAndBufferedBytes) {
  Output o(8, "");
  o.append("0123456789");  // spilled
  o.append("ab");           // still in the buffer
  FILE* f = std::tmpfile();
  EXPECT_EQ(o.write_to(fileno(f)), 0);
  std::rewind(f);
  char buf[64] = {};
  EXPECT_EQ(std::fread(buf, 1, sizeof buf, f), 12u);
  EXPECT_STREQ(buf, "0123456789ab");
  std::fclose(f);
}

TEST_F(OutputTest, MovedFromIsEmptyAndOwnsNothing) {
  Output a(4, "");
  a.append("0123456789");
  Output b = std::move(a);
  EXPECT_EQ(b.str(), "0123456789");
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): documented state
}

TEST_F(OutputTest, UnwritableSpillDirKeepsBytesInMemory) {
  Output o(4, "/nonexistent-dir-for-shoal");
  EXPECT_FALSE(o.append("0123456789"));
  EXPECT_FALSE(o.spill_error().empty());
  EXPECT_EQ(o.str(), "0123456789");
}

namespace {
// An unlinked file holding `bytes`, its offset at the end as a job leaves it.
int file_with(const std::string& bytes) {
  FILE* f = std::tmpfile();
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fflush(f);
  int fd = ::dup(fileno(f));
  std::fclose(f);
  return fd;
}
}  // namespace

TEST_F(OutputTest, TakeFileKeepsABigFileAsItIs) {
  std::string bytes;
  for (int i = 0; bytes.size() <= Output::small_file; ++i) bytes += std::to_string(i) + "\n";
  Output o(1 << 20, "");
  ASSERT_TRUE(o.take_file(file_with(bytes)));
  EXPECT_TRUE(o.spilled());
  EXPECT_EQ(o.size(), bytes.size());
  EXPECT_EQ(o.str(), bytes);
  FILE* out = std::tmpfile();
  EXPECT_EQ(o.write_to(fileno(out)), 0);
  EXPECT_EQ(std::ftell(out), static_cast<long>(bytes.size()));
  std::fclose(out);
}

TEST_F(OutputTest, TakeFileReadsASmallFileAndClosesIt) {
  // LeakCheck: the file's fd is closed once its bytes are in memory.
  Output o(1 << 20, "");
  ASSERT_TRUE(o.take_file(file_with("small\n")));
  EXPECT_FALSE(o.spilled());
  EXPECT_EQ(o.str(), "small\n");
  Output empty(1 << 20, "");
  ASSERT_TRUE(empty.take_file(file_with("")));
  EXPECT_TRUE(empty.empty());
}

TEST_F(OutputTest, TakeFileCountsOnlyWhatWasThereWhenTaken) {
  // A process the job left behind may write on into the file afterwards.
  std::string bytes(Output::small_file + 10, 'x');
  int fd = file_with(bytes);
  Output o(1 << 20, "");
  ASSERT_TRUE(o.take_file(::dup(fd)));
  ASSERT_EQ(::write(fd, "late", 4), 4);
  ::close(fd);
  EXPECT_EQ(o.size(), bytes.size());
  EXPECT_EQ(o.str(), bytes);
}

// RecordFile: records whole or not at all. A short write is made certain
// with RLIMIT_FSIZE (SIGXFSZ ignored, the write past the limit is cut short
// and the next one fails with EFBIG), which a full disk does the same way
// with ENOSPC.
#include "record_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>

using namespace shoal::cli;

namespace {

// With the pid: runs of this binary at once (two builds, two sessions)
// must not share a file.
std::string path_for(const std::string& name) {
  return ::testing::TempDir() + "record_file_" + name + "_" + std::to_string(::getpid());
}

void put(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

// RLIMIT_FSIZE at `bytes` while it lives.
struct FileSizeLimit {
  rlimit old{};
  void (*old_handler)(int);
  explicit FileSizeLimit(rlim_t bytes) {
    old_handler = std::signal(SIGXFSZ, SIG_IGN);
    ::getrlimit(RLIMIT_FSIZE, &old);
    rlimit now{bytes, old.rlim_max};
    ::setrlimit(RLIMIT_FSIZE, &now);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
  }
};

}  // namespace

TEST(RecordFile, AppendsAfterWhatIsThereOrStartsAfresh) {
  std::string path = path_for("append");
  put(path, "a\n");
  {
    RecordFile f;
    ASSERT_EQ(f.open(path, true, '\n'), 0);
    EXPECT_EQ(f.size_at_open(), 2);
    EXPECT_EQ(f.append("b\n"), 0);
  }
  EXPECT_EQ(contents(path), "a\nb\n");
  RecordFile fresh;
  ASSERT_EQ(fresh.open(path, false, '\n'), 0);
  EXPECT_EQ(contents(path), "");
}

TEST(RecordFile, ARecordCutShortByAnEarlierRunIsDroppedBeforeAppending) {
  std::string path = path_for("torn");
  put(path, std::string("one\0tw", 6));
  RecordFile f;
  ASSERT_EQ(f.open(path, true, '\0'), 0);
  EXPECT_TRUE(f.dropped_torn_record());
  EXPECT_EQ(f.append(std::string("three\0", 6)), 0);
  EXPECT_EQ(contents(path), std::string("one\0three\0", 10));
}

TEST(RecordFile, AShortWriteIsTruncatedBackAndGivesTheRealErrno) {
  std::string path = path_for("short");
  RecordFile f;
  ASSERT_EQ(f.open(path, false, '\n'), 0);
  ASSERT_EQ(f.append("first\n"), 0);
  {
    FileSizeLimit limit(10);  // room for "first\n" and 4 bytes more
    EXPECT_EQ(f.append("second line\n"), EFBIG);
    EXPECT_EQ(contents(path), "first\n");
  }
  // Room again: the next record starts where the torn one did.
  EXPECT_EQ(f.append("third\n"), 0);
  EXPECT_EQ(contents(path), "first\nthird\n");
}

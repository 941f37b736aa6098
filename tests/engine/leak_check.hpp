// A fixture for every test that spawns: after the test, shoal's process has
// no child left (neither running nor zombie) and no more fds than before.
#pragma once

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cerrno>
#include <fstream>
#include <string>

namespace shoal::test_support {

inline int count_open_fds() {
  int n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  while (dirent* e = ::readdir(d))
    if (e->d_name[0] != '.') ++n;
  ::closedir(d);
  return n - 1;  // the DIR's own fd
}

// True while `pid` runs (a zombie or a vanished pid is not running).
inline bool process_running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto close_paren = line.rfind(')');
  return close_paren != std::string::npos && line.size() > close_paren + 2 &&
         line[close_paren + 2] != 'Z' && line[close_paren + 2] != 'X';
}

class LeakCheck : public ::testing::Test {
 protected:
  void SetUp() override { fds_before_ = count_open_fds(); }
  void TearDown() override {
    errno = 0;
    EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1) << "a child or zombie was left behind";
    EXPECT_EQ(errno, ECHILD);
    EXPECT_EQ(count_open_fds(), fds_before_) << "file descriptors leaked";
  }

 private:
  int fds_before_ = 0;
};

}  // namespace shoal::test_support

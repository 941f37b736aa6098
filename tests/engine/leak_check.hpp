// A fixture for every test that spawns: after the test, shoal's process has
// no child left (neither running nor zombie) and no more fds than before.
#pragma once

#include <dirent.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

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

// Waits (up to `ms`) for any process, child or not, to end: a pidfd becomes
// readable when its process has exited. True if it ended.
inline bool wait_for_exit(pid_t pid, int ms) {
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return errno == ESRCH;  // already gone
  pollfd p{fd, POLLIN, 0};
  int n = ::poll(&p, 1, ms);
  ::close(fd);
  return n == 1;
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

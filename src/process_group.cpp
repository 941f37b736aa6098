#include "process_group.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstdio>
#include <cstring>

namespace shoal {

namespace {

// Reads /proc/PID/stat: state is the field after the ")" closing the name,
// the process group two fields later.
bool live_member(const char* pid, pid_t pgid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%s/stat", pid);
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[512];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return false;
  buf[n] = '\0';
  const char* p = std::strrchr(buf, ')');
  if (!p || p[1] == '\0') return false;
  char state = p[2];
  if (state == 'Z' || state == 'X') return false;
  long ppid = 0, pgrp = 0;
  if (std::sscanf(p + 3, "%ld %ld", &ppid, &pgrp) != 2) return false;
  return pgrp == pgid;
}

}  // namespace

bool group_has_live_members(pid_t pgid) {
  DIR* proc = ::opendir("/proc");
  if (!proc) return ::kill(-pgid, 0) == 0;
  bool found = false;
  while (dirent* e = ::readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    if (live_member(e->d_name, pgid)) {
      found = true;
      break;
    }
  }
  ::closedir(proc);
  return found;
}

}  // namespace shoal

#include "process_group.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include "shoal/unique_fd.hpp"

namespace shoal {

namespace {

// Reads /proc/PID/stat: state is the field after the ")" closing the name,
// the process group two fields later. -1 for a zombie or a process gone.
pid_t live_process_group(const char* pid) {
  char path[sizeof(dirent::d_name) + 16];  // "/proc/" NAME "/stat"
  std::snprintf(path, sizeof path, "/proc/%s/stat", pid);
  UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
  if (!fd) return -1;
  char buf[512];
  ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
  if (n <= 0) return -1;
  buf[n] = '\0';
  const char* p = std::strrchr(buf, ')');
  if (!p || p[1] == '\0') return -1;
  char state = p[2];
  if (state == 'Z' || state == 'X') return -1;
  long ppid = 0, pgrp = 0;
  if (std::sscanf(p + 3, "%ld %ld", &ppid, &pgrp) != 2) return -1;
  return static_cast<pid_t>(pgrp);
}

}  // namespace

bool group_has_live_members(pid_t pgid) { return !groups_with_live_members({pgid}).empty(); }

std::vector<pid_t> groups_with_live_members(std::vector<pid_t> pgids) {
  std::vector<pid_t> live;
  DIR* proc = ::opendir("/proc");
  if (!proc) {
    for (pid_t g : pgids)
      if (::kill(-g, 0) == 0) live.push_back(g);
    return live;
  }
  std::sort(pgids.begin(), pgids.end());
  pgids.erase(std::unique(pgids.begin(), pgids.end()), pgids.end());
  std::vector<bool> seen(pgids.size(), false);
  while (dirent* e = ::readdir(proc)) {
    if (live.size() == pgids.size()) break;
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    pid_t group = live_process_group(e->d_name);
    auto at = std::lower_bound(pgids.begin(), pgids.end(), group);
    if (group <= 0 || at == pgids.end() || *at != group) continue;
    auto k = static_cast<std::size_t>(at - pgids.begin());
    if (seen[k]) continue;
    seen[k] = true;
    live.push_back(group);
  }
  ::closedir(proc);
  return live;
}

}  // namespace shoal

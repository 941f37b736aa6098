// Starting one child process: the mechanism only, no policy.
//
// clone(CLONE_VM|CLONE_VFORK), as posix_spawn does it, costs the same however
// much memory shoal holds, where fork's page-table copy grows with it. An
// exec failure comes back as an error, with the child reaped.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "shoal/unique_fd.hpp"

namespace shoal {

struct SpawnRequest {
  const std::string* path;                // what to execute
  const std::vector<std::string>* argv;   // argv[0] included
  int stdin_fd;                           // dup'ed to 0 in the child
  int stdout_fd;                          // dup'ed to 1
  int stderr_fd;                          // dup'ed to 2
  char* const* envp = nullptr;            // null: shoal's own environment
  const std::string* cwd = nullptr;       // null or empty: shoal's own
  // Which signals are ignored (and so reset in the child): read now, or
  // false to use what was read at the process's first spawn.
  bool reread_ignored_signals = true;
};

struct Spawned {
  pid_t pid = -1;  // also the child's process group id
  UniqueFd pidfd;  // readable once the child has exited
  int error = 0;   // errno when pid is -1
};

// shoal's environment with a command's variables set: "NAME=value"
// strings and the pointer array execve wants, alive until the spawn.
struct ChildEnvironment {
  explicit ChildEnvironment(const std::vector<std::pair<std::string, std::string>>& set);
  std::vector<std::string> entries;
  std::vector<char*> pointers;
};

// A close-on-exec pipe, its ends given to their owners: 0 or the errno.
int open_pipe(UniqueFd& read_end, UniqueFd& write_end);

// The child gets: its own process group, every signal at its default
// disposition (but an ignored SIGHUP: nohup), an empty signal mask, and only fds 0-2 of ours (every other fd
// of shoal is close-on-exec).
Spawned spawn_process(const SpawnRequest& request);

}  // namespace shoal

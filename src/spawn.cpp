#include "spawn.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <tuple>

extern char** environ;

namespace shoal {

namespace {

// The attributes are the same for every child; build them once.
struct SpawnAttributes {
  posix_spawnattr_t attr;
  SpawnAttributes() {
    posix_spawnattr_init(&attr);
    sigset_t all;
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    // Under nohup SIGHUP is ignored, and meant to stay so for the jobs too.
    struct sigaction hup{};
    if (::sigaction(SIGHUP, nullptr, &hup) == 0 && hup.sa_handler == SIG_IGN) sigdelset(&all, SIGHUP);
    sigset_t none;
    sigemptyset(&none);
    // A runner that ignores SIGPIPE (shoal does) must not pass that on:
    // `yes | head` in a job has to end.
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK |
                                        POSIX_SPAWN_SETPGROUP);
  }
  ~SpawnAttributes() { posix_spawnattr_destroy(&attr); }
};

// File actions for one (stdin, stdout, stderr) triple of fds. glibc checks
// both fds of every dup2 action against the fd limit (a getrlimit call each)
// when the action is added, so building them per job costs six syscalls.
// The pipe fds of a running pool are few numbers reused over and over: the
// actions are built once per triple and kept.
const posix_spawn_file_actions_t& file_actions_for(int in, int out, int err) {
  struct Actions {
    posix_spawn_file_actions_t actions;
    Actions(int in, int out, int err) {
      posix_spawn_file_actions_init(&actions);
      posix_spawn_file_actions_adddup2(&actions, in, 0);
      posix_spawn_file_actions_adddup2(&actions, out, 1);
      posix_spawn_file_actions_adddup2(&actions, err, 2);
    }
    ~Actions() { posix_spawn_file_actions_destroy(&actions); }
  };
  thread_local std::map<std::tuple<int, int, int>, Actions> cache;
  if (cache.size() > 4096) cache.clear();  // bounded, whatever the fd numbers do
  auto it = cache.try_emplace({in, out, err}, in, out, err).first;
  return it->second.actions;
}

}  // namespace

Spawned spawn_process(const SpawnRequest& r) {
  static const SpawnAttributes attributes;

  // argv as C strings; small and short-lived.
  std::vector<char*> argv;
  argv.reserve(r.argv->size() + 1);
  for (const auto& a : *r.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  // A working directory of its own is rare: those actions are built for
  // the one job and not cached.
  struct OneOffActions {
    posix_spawn_file_actions_t actions;
    bool used = false;
    ~OneOffActions() {
      if (used) posix_spawn_file_actions_destroy(&actions);
    }
  } one_off;
  const posix_spawn_file_actions_t* actions;
  if (r.cwd && !r.cwd->empty()) {
    posix_spawn_file_actions_init(&one_off.actions);
    one_off.used = true;
    posix_spawn_file_actions_adddup2(&one_off.actions, r.stdin_fd, 0);
    posix_spawn_file_actions_adddup2(&one_off.actions, r.stdout_fd, 1);
    posix_spawn_file_actions_adddup2(&one_off.actions, r.stderr_fd, 2);
    posix_spawn_file_actions_addchdir_np(&one_off.actions, r.cwd->c_str());
    actions = &one_off.actions;
  } else {
    actions = &file_actions_for(r.stdin_fd, r.stdout_fd, r.stderr_fd);
  }

  Spawned result;
  int rc = ::posix_spawn(&result.pid, r.path->c_str(), actions, &attributes.attr, argv.data(),
                         r.envp ? r.envp : environ);
  if (rc != 0) {
    result.pid = -1;
    result.error = rc;
  }
  return result;
}

int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

}  // namespace shoal

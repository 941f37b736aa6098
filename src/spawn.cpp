// Starting one child process: the mechanism only, no policy.
//
// Why not posix_spawn: glibc's child walks all 64 signals with rt_sigaction
// before every exec (it cannot know which ones carry a handler), and the
// parent, suspended by CLONE_VFORK, waits through all of them; it also maps
// and unmaps a fresh stack for every child, and a pidfd costs another
// pidfd_open. At thousands of jobs a second those are most of the cost of
// a spawn that shoal controls. So shoal does what posix_spawn does, with
// clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD) on a stack kept per thread,
// and resets only the signals that need it:
//   - a signal with a handler is reset by execve itself, and cannot run in
//     the child before that: every signal is blocked across the clone;
//   - an ignored signal survives execve: those are reset to the default,
//     except SIGHUP under nohup. Which signals are ignored is read in the
//     parent before each spawn (the caller may say once per process will
//     do), which costs the suspended parent no more than the child would.
// Like vfork, the child shares our memory until it execs: it makes raw
// system calls only, and reports a failed exec through `error`.
#include "spawn.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string_view>
#include <vector>

extern char** environ;

namespace shoal {

namespace {

// A fixed array, not a vector: read before every spawn, it must not cost
// an allocation each time.
struct SignalList {
  int signal[NSIG];
  int count = 0;
  void add(int sig) { signal[count++] = sig; }
};

// Signals to set back to SIG_DFL in the child: those ignored in this
// process now. SIGPIPE is always among them (shoal ignores it); an ignored
// SIGHUP is left alone (nohup: the jobs of a run that must survive a hangup
// must too).
SignalList ignored_signals() {
  SignalList signals;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP || sig == SIGHUP) continue;
    struct sigaction sa{};
    if (::sigaction(sig, nullptr, &sa) != 0) continue;  // glibc's internal signals
    if (sa.sa_handler == SIG_IGN || sig == SIGPIPE) signals.add(sig);
  }
  return signals;
}

struct ChildArgs {
  const char* path;
  char* const* argv;
  char* const* envp;
  int in, out, err;
  const char* cwd;  // null: ours
  const SignalList* reset;
  volatile int error;  // set by the child when it cannot exec
};

// Makes `fd` the child's fd `target`. dup2 onto itself is a no-op that
// would leave close-on-exec set: clear the flag instead.
__attribute__((no_sanitize("address", "undefined"))) int place(int fd, int target) {
  if (fd == target) return static_cast<int>(::syscall(SYS_fcntl, fd, F_SETFD, 0));
  return static_cast<int>(::syscall(SYS_dup3, fd, target, 0));
}

__attribute__((no_sanitize("address", "undefined"))) int child_main(void* p) {
  auto* a = static_cast<ChildArgs*>(p);
  struct kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)();
    unsigned long mask;
  } dfl{SIG_DFL, 0, nullptr, 0};
  unsigned long no_signals = 0;
  long rc = ::syscall(SYS_setpgid, 0, 0);
  if (rc == 0) rc = place(a->in, 0);
  if (rc >= 0) rc = place(a->out, 1);
  if (rc >= 0) rc = place(a->err, 2);
  if (rc >= 0 && a->cwd) rc = ::syscall(SYS_chdir, a->cwd);
  if (rc >= 0) {
    for (int i = 0; i < a->reset->count; ++i) ::syscall(SYS_rt_sigaction, a->reset->signal[i], &dfl, nullptr, sizeof no_signals);
    ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &no_signals, nullptr, sizeof no_signals);
    ::syscall(SYS_execve, a->path, a->argv, a->envp);
  }
  a->error = errno;
  ::syscall(SYS_exit, 127);
  return 127;
}

// The child's stack: used by one child at a time (the parent is suspended
// until it execs), so one per thread will do.
constexpr std::size_t stack_size = 64 * 1024;
char* child_stack() {
  thread_local char* stack = [] {
    void* p = ::mmap(nullptr, stack_size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    return p == MAP_FAILED ? nullptr : static_cast<char*>(p);
  }();
  return stack;
}

}  // namespace

Spawned spawn_process(const SpawnRequest& r) {
  static const SignalList ignored_at_first_spawn = ignored_signals();
  SignalList ignored_now;
  const SignalList* reset = &ignored_at_first_spawn;
  if (r.reread_ignored_signals) {
    ignored_now = ignored_signals();
    reset = &ignored_now;
  }

  Spawned result;
  char* stack = child_stack();
  if (!stack) {
    result.error = ENOMEM;
    return result;
  }
  std::vector<char*> argv;
  argv.reserve(r.argv->size() + 1);
  for (const auto& a : *r.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  ChildArgs args{r.path->c_str(), argv.data(), r.envp ? r.envp : environ, r.stdin_fd,
                 r.stdout_fd, r.stderr_fd, r.cwd && !r.cwd->empty() ? r.cwd->c_str() : nullptr,
                 reset, 0};

  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  int pidfd = -1;
  pid_t pid = ::clone(child_main, stack + stack_size, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD,
                      &args, &pidfd);
  int clone_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);

  if (pid < 0) {
    result.error = clone_errno;
    return result;
  }
  UniqueFd owned_pidfd(pidfd);
  if (args.error != 0) {
    // The child has exited without exec'ing: reap it, report why.
    siginfo_t info{};
    while (::waitid(P_PIDFD, static_cast<id_t>(pidfd), &info, WEXITED) < 0 && errno == EINTR) {
    }
    result.error = args.error;
    return result;
  }
  result.pid = pid;
  result.pidfd = std::move(owned_pidfd);
  return result;
}

ChildEnvironment::ChildEnvironment(const std::vector<std::pair<std::string, std::string>>& set) {
  auto overridden = [&set](std::string_view entry) {
    auto name = entry.substr(0, entry.find('='));
    for (const auto& [n, v] : set)
      if (n == name) return true;
    return false;
  };
  for (char** e = environ; *e; ++e)
    if (!overridden(*e)) entries.emplace_back(*e);
  for (const auto& [n, v] : set) entries.push_back(n + "=" + v);
  for (auto& e : entries) pointers.push_back(e.data());
  pointers.push_back(nullptr);
}

int open_pipe(UniqueFd& read_end, UniqueFd& write_end) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) return errno;
  read_end.reset(ends[0]);
  write_end.reset(ends[1]);
  return 0;
}

}  // namespace shoal

// The engine's job life cycle: start -> (output arrives)* -> leader exits ->
// output drained -> Result delivered. A timed-out job takes a detour: TERM to
// its group, then, after the grace period, KILL to whatever of the group is
// still alive (grandchildren that outlived the leader included).
//
// Signalling a group by number after its leader was reaped is safe while any
// member lives: the kernel does not reuse a pid number still in use as a
// process group id. Once the group is empty we stop signalling it at all.
#include "shoal/engine.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "exec_path.hpp"
#include "process_group.hpp"
#include "spawn.hpp"
#include "unique_fd.hpp"

namespace shoal {

namespace {

using Clock = std::chrono::steady_clock;

Result not_started(int error_code, std::string why) {
  Result r;
  r.status = Status::error;
  r.error_code = error_code;
  r.error = std::move(why);
  r.start = r.end = Clock::now();
  r.wall_start = std::chrono::system_clock::now();
  return r;
}

bool has_nul(const std::string& s) { return s.find('\0') != std::string::npos; }

}  // namespace

struct Job {
  JobId id = 0;
  pid_t pid = -1;  // also the process group id
  UniqueFd pidfd, out_fd, err_fd;
  ReadWatch exit_watch, out_watch, err_watch;
  Timer timeout_timer, grace_timer, recheck_timer;
  std::chrono::milliseconds recheck_every{5};
  std::chrono::milliseconds grace{0};
  bool timed_out = false;
  bool exited = false;  // the leader has been reaped
  siginfo_t exit_info{};
  Result result;
  Engine::Done done;
  Engine::OutputListener listener;
  bool capture = true;
  bool out_enlarged = false, err_enlarged = false;  // pipe grown to 1 MiB
};

struct Engine::Impl {
  Loop& loop;
  EngineOptions options;
  UniqueFd devnull;
  ExecPathCache paths;
  std::unordered_map<JobId, std::unique_ptr<Job>> jobs;
  JobId next_id = 1;
  int enlarged_pipes = 0;  // pipes grown to 1 MiB, of running jobs
  // One read takes up to a whole enlarged pipe (see drain).
  // Not zero-filled: its pages cost nothing until a big read touches them.
  static constexpr std::size_t scratch_size = 1 << 20;
  std::unique_ptr<char[]> scratch{new char[scratch_size]};

  Impl(Loop& l, EngineOptions o) : loop(l), options(std::move(o)) {
    devnull.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  }

  // Reads what the pipe has: once (when the loop says it is readable, one
  // read cannot block), or everything up to "nothing more now" (at the
  // job's end; the fd is made non-blocking first, as a grandchild may still
  // hold the pipe open without writing).
  enum class Drain { once, all };
  void drain(Job& job, int stream, UniqueFd& fd, ReadWatch& watch, Output& into, Drain how);
  void on_output(Job& job, int stream);
  void on_exit(Job& job);
  void on_timeout(Job& job);
  void on_grace_over(Job& job);
  void recheck_group(Job& job);
  void finish(Job& job);
};

std::variant<JobId, Result> Engine::start(const Command& command, Done done,
                                          OutputListener listener) {
  Impl& e = *impl_;
  static const std::string shell_path = "/bin/sh";
  std::vector<std::string> shell_argv;
  const std::vector<std::string>* argv = &command.argv;
  const std::string* path = &shell_path;

  if (command.argv.empty()) {
    if (has_nul(command.script)) return not_started(EINVAL, "command contains a NUL byte");
    shell_argv = {"sh", "-c", command.script};
    argv = &shell_argv;
  } else {
    for (const auto& a : command.argv)
      if (has_nul(a)) return not_started(EINVAL, "argument contains a NUL byte");
    path = &e.paths.resolve(command.argv[0]);
    if (path->empty())
      return not_started(ENOENT, "command not found: " + command.argv[0]);
  }

  UniqueFd out_r, out_w, err_r, err_w;
  if (!command.inherit_output) {
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0)
      return not_started(errno, std::string("cannot create pipe: ") + std::strerror(errno));
    out_r.reset(out_pipe[0]);
    out_w.reset(out_pipe[1]);
    if (::pipe2(err_pipe, O_CLOEXEC) != 0)
      return not_started(errno, std::string("cannot create pipe: ") + std::strerror(errno));
    err_r.reset(err_pipe[0]);
    err_w.reset(err_pipe[1]);
  }

  auto job = std::make_unique<Job>();
  job->result.start = Clock::now();
  job->result.wall_start = std::chrono::system_clock::now();
  Spawned child = spawn_process({path, argv, e.devnull.get(), out_w ? out_w.get() : 1,
                                 err_w ? err_w.get() : 2});
  if (child.pid < 0 && child.error == ENOEXEC && !command.argv.empty()) {
    // An executable script without a #! line: run it with /bin/sh, as
    // execvp and every shell do.
    std::vector<std::string> via_shell{"sh", *path};
    via_shell.insert(via_shell.end(), command.argv.begin() + 1, command.argv.end());
    child = spawn_process({&shell_path, &via_shell, e.devnull.get(), out_w ? out_w.get() : 1,
                           err_w ? err_w.get() : 2});
  }
  if (child.pid < 0) {
    const std::string& what = command.argv.empty() ? shell_path : command.argv[0];
    return not_started(child.error, "cannot execute " + what + ": " + std::strerror(child.error));
  }
  // Only the child may hold the write ends now, so that end of file means
  // the child (and whatever it started) closed them.
  out_w.reset();
  err_w.reset();

  job->pid = child.pid;
  job->pidfd.reset(open_pidfd(child.pid));
  if (!job->pidfd) {
    int err = errno;
    ::kill(-child.pid, SIGKILL);
    while (::waitpid(child.pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return not_started(err, std::string("cannot watch child process: ") + std::strerror(err));
  }

  Job& j = *job;
  j.id = e.next_id++;
  j.done = std::move(done);
  j.listener = std::move(listener);
  j.capture = command.capture;
  j.grace = command.kill_grace;
  j.out_fd = std::move(out_r);
  j.err_fd = std::move(err_r);
  j.result.out = Output(e.options.spill_threshold, e.options.spill_dir);
  j.result.err = Output(e.options.spill_threshold, e.options.spill_dir);
  if (j.out_fd) {
    j.out_watch = ReadWatch(e.loop, j.out_fd.get(), [&e, &j] { e.on_output(j, 1); });
    j.err_watch = ReadWatch(e.loop, j.err_fd.get(), [&e, &j] { e.on_output(j, 2); });
  }
  j.exit_watch = ReadWatch(e.loop, j.pidfd.get(), [&e, &j] { e.on_exit(j); });
  if (command.timeout.count() > 0) {
    j.timeout_timer = Timer(e.loop);
    j.timeout_timer.start(command.timeout, [&e, &j] { e.on_timeout(j); });
  }
  JobId id = j.id;
  e.jobs.emplace(id, std::move(job));
  return id;
}

void Engine::Impl::drain(Job& job, int stream, UniqueFd& fd, ReadWatch& watch, Output& into,
                         Drain how) {
  if (!fd) return;
  // The pipes are left blocking while the job runs: most jobs reach end of
  // file, and then this costs no fcntl at all.
  if (how == Drain::all) ::fcntl(fd.get(), F_SETFL, O_NONBLOCK);
  for (;;) {
    ssize_t n = ::read(fd.get(), scratch.get(), scratch_size);
    if (n > 0) {
      std::string_view bytes(scratch.get(), static_cast<std::size_t>(n));
      if (job.listener) job.listener(stream, bytes);
      if (job.capture) into.append(bytes);
      if (how == Drain::once) {
        // A job that fills its 64 KiB pipe would stop at every 64 KiB until
        // we read: a chatty job gets a 1 MiB pipe, and both sides run in
        // longer strides. Quiet jobs never pay the fcntl. The kernel may
        // refuse (a user's big-pipe budget is spent): then it stays small.
        // At most 16 at a time: past the user's big-pipe budget (64 MiB by
        // default) the kernel shrinks every new pipe of the user, ours and
        // everyone else's.
        bool& enlarged = stream == 1 ? job.out_enlarged : job.err_enlarged;
        if (n >= (1 << 15) && !enlarged && enlarged_pipes < 16 &&
            ::fcntl(fd.get(), F_SETPIPE_SZ, 1 << 20) >= 0) {
          enlarged = true;
          ++enlarged_pipes;
        }
        return;  // level-triggered: more is reported again
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    // End of file (or a read error, which ends the stream the same way).
    watch.stop();
    fd.reset();
    return;
  }
}

void Engine::Impl::on_output(Job& job, int stream) {
  if (stream == 1)
    drain(job, 1, job.out_fd, job.out_watch, job.result.out, Drain::once);
  else
    drain(job, 2, job.err_fd, job.err_watch, job.result.err, Drain::once);
  // Both pipes at end of file usually means the child is exiting; by the
  // time we look it is most often a zombie already. Reaping it now saves a
  // second wake-up for the pidfd -- a syscall is cheaper than a wake-up.
  if (!job.out_fd && !job.err_fd && !job.exited) on_exit(job);  // may finish (free) the job
}

void Engine::Impl::on_exit(Job& job) {
  if (job.exited) return;
  siginfo_t info{};
  bool status_lost = false;
  while (::waitid(P_PIDFD, static_cast<id_t>(job.pidfd.get()), &info, WEXITED | WNOHANG) < 0) {
    if (errno == EINTR) continue;
    // ECHILD: someone else reaped it -- SIGCHLD set to SIG_IGN in this
    // process makes the kernel do so. The job has ended; how is lost.
    status_lost = true;
    break;
  }
  if (!status_lost && info.si_pid == 0) return;  // woken early; not exited yet
  if (status_lost) {
    job.result.error_code = ECHILD;
    job.result.error = "exit status lost (SIGCHLD is ignored in this process)";
  }
  job.result.end = Clock::now();
  job.exit_info = info;
  job.exit_watch.stop();
  job.pidfd.reset();
  job.exited = true;
  // A timed-out job whose group still has members (grandchildren that
  // ignore TERM, say) waits for the grace period and the KILL.
  if (job.timed_out && job.grace_timer.active() && group_has_live_members(job.pid)) {
    recheck_group(job);
    return;
  }
  finish(job);
}

// The rest of a timed-out group got the same TERM and is most often a few
// milliseconds from dying. Nothing signals the death of a process that is
// not our child, so look again after 5, 10, 20 ... ms, until the grace
// period's KILL.
void Engine::Impl::recheck_group(Job& job) {
  job.recheck_timer = Timer(loop);
  job.recheck_timer.start(job.recheck_every, [this, &job] {
    if (!group_has_live_members(job.pid)) {
      finish(job);
      return;
    }
    job.recheck_every *= 2;
    recheck_group(job);
  });
}

void Engine::Impl::on_timeout(Job& job) {
  job.timed_out = true;
  ::kill(-job.pid, SIGTERM);
  job.grace_timer = Timer(loop);
  job.grace_timer.start(job.grace, [this, &job] { on_grace_over(job); });
}

void Engine::Impl::on_grace_over(Job& job) {
  // Whatever of the group is still alive -- the leader, or grandchildren
  // that outlived it -- is killed now.
  ::kill(-job.pid, SIGKILL);
  if (job.exited) finish(job);
  // else: the leader's exit arrives through exit_watch and finishes there.
}

void Engine::Impl::finish(Job& job) {
  // Everything the job wrote before its leader exited is in the pipes now.
  // Output written later by background processes it left behind is not
  // waited for: the job has ended.
  drain(job, 1, job.out_fd, job.out_watch, job.result.out, Drain::all);
  drain(job, 2, job.err_fd, job.err_watch, job.result.err, Drain::all);
  job.out_watch.stop();
  job.err_watch.stop();
  job.timeout_timer = Timer();
  job.grace_timer = Timer();
  job.recheck_timer = Timer();

  Result& r = job.result;
  const siginfo_t& info = job.exit_info;
  if (r.error_code == ECHILD) {
    r.status = Status::error;
  } else if (info.si_code == CLD_EXITED) {
    r.exit_code = info.si_status;
    r.status = info.si_status == 0 ? Status::ok : Status::failed;
  } else {
    r.signal = info.si_status;
    r.status = Status::killed;
  }
  if (job.timed_out) r.status = Status::timeout;

  enlarged_pipes -= static_cast<int>(job.out_enlarged) + static_cast<int>(job.err_enlarged);
  auto it = jobs.find(job.id);
  std::unique_ptr<Job> owned = std::move(it->second);
  jobs.erase(it);
  // The callback may start new jobs; nothing of `job` is touched after it.
  Engine::Done done = std::move(owned->done);
  Result result = std::move(owned->result);
  owned.reset();
  done(std::move(result));
}

Engine::Engine(Loop& loop, EngineOptions options)
    : impl_(std::make_unique<Impl>(loop, std::move(options))) {}

Engine::~Engine() {
  for (auto& [id, job] : impl_->jobs) {
    ::kill(-job->pid, SIGKILL);
    if (job->exited) continue;
    siginfo_t info{};
    while (::waitid(P_PIDFD, static_cast<id_t>(job->pidfd.get()), &info, WEXITED) < 0 &&
           errno == EINTR) {
    }
  }
}

void Engine::signal(JobId id, int signum) {
  auto it = impl_->jobs.find(id);
  if (it != impl_->jobs.end()) ::kill(-it->second->pid, signum);
}

void Engine::signal_all(int signum) {
  for (auto& [id, job] : impl_->jobs) ::kill(-job->pid, signum);
}

std::size_t Engine::running() const { return impl_->jobs.size(); }

}  // namespace shoal

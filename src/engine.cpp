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
#include <poll.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <vector>

#include "exec_path.hpp"
#include "capture_policy.hpp"
#include "process_group.hpp"
#include "spawn.hpp"
#include "unique_fd.hpp"
#include "unlinked_file.hpp"

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

// shoal's environment with the command's variables set: "NAME=value"
// strings and the pointer array execve wants, alive until the spawn.
struct ChildEnvironment {
  std::vector<std::string> entries;
  std::vector<char*> pointers;

  explicit ChildEnvironment(const std::vector<std::pair<std::string, std::string>>& set) {
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
};

// A write to a pipe whose reader has gone raises SIGPIPE, which would kill
// a program that embeds libshoal and never thought about it. SIGPIPE is
// blocked for the call, and one this write caused is taken back (one that
// was pending before is left alone).
ssize_t write_without_sigpipe(int fd, const char* bytes, std::size_t size) {
  sigset_t pipe_only, old, pending;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  ssize_t n;
  do {
    n = ::write(fd, bytes, size);
  } while (n < 0 && errno == EINTR);
  int err = errno;
  if (n < 0 && err == EPIPE && !was_pending) {
    timespec now{};
    while (::sigtimedwait(&pipe_only, nullptr, &now) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = err;
  return n;
}

}  // namespace

struct Job {
  JobId id = 0;
  pid_t pid = -1;  // also the process group id
  UniqueFd pidfd, out_fd, err_fd;
  ReadWatch exit_watch, out_watch, err_watch;
  // The write end of the child's stdin pipe, if it has one: until the data
  // is written, or (held open) until the job ends.
  UniqueFd in_fd;
  WriteWatch in_watch;
  std::string in_data;
  std::size_t in_written = 0;
  Timer timeout_timer, grace_timer, recheck_timer;
  std::chrono::milliseconds recheck_every{5};
  std::chrono::milliseconds grace{0};
  bool timed_out = false;
  bool cancelled = false;
  bool exited = false;  // the leader has been reaped
  siginfo_t exit_info{};
  Result result;
  Engine::Done done;
  Engine::OutputListener listener;
  bool capture = true;
  // How the output is captured (see CapturePolicy): through out_fd and
  // err_fd, pipes, or into out_file and err_file, which the job writes.
  CaptureMode capture_mode = CaptureMode::pipes_watched;
  UniqueFd out_file, err_file;
  bool outputs_watched = false;                     // out_watch and err_watch set up
  std::size_t out_read = 0, err_read = 0;           // bytes read from each pipe
  bool out_enlarged = false, err_enlarged = false;  // pipe grown to 1 MiB
};

struct Engine::Impl {
  Loop& loop;
  EngineOptions options;
  UniqueFd devnull;
  ExecPathCache paths;
  std::unordered_map<JobId, std::unique_ptr<Job>> jobs;
  JobId next_id = 1;
  // Jobs started with their pipes unwatched. A tick of late_watch watches
  // those that were already waiting at the tick before, so each waits one
  // to two watch_delay periods; the timer runs only while any wait.
  CapturePolicy capture_policy;
  static constexpr std::chrono::milliseconds watch_delay{4};
  Timer late_watch;
  std::vector<JobId> unwatched_new, unwatched_old;
  int enlarged_pipes = 0;  // pipes grown to 1 MiB, of running jobs
  // One read takes up to a whole enlarged pipe (see read_once).
  // Not zero-filled: its pages cost nothing until a big read touches them.
  static constexpr std::size_t scratch_size = 1 << 20;
  std::unique_ptr<char[]> scratch{new char[scratch_size]};

  Impl(Loop& l, EngineOptions o)
      : loop(l), options(std::move(o)), capture_policy(options.capture_into_files), late_watch(l) {
    devnull.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    // Its lists may name jobs that have ended: the jobs' own watches keep
    // the loop going, not this timer.
    late_watch.set_keeps_loop_alive(false);
  }

  void watch_outputs(Job& job);
  void watch_later(Job& job);
  void on_late_watch_tick();
  // One read of one pipe, which must be readable (one read cannot block
  // then). At end of file the pipe is closed. A chatty pipe may be
  // enlarged, unless the job is ending anyway.
  void read_once(Job& job, int stream, bool may_enlarge, bool writers_gone = false);
  void end_of_stream(Job& job, int stream);
  // At the job's end: reads what both pipes hold, up to "nothing more now"
  // -- a grandchild may still hold a pipe open without writing.
  void drain_rest(Job& job);
  // At the job's end: a file it wrote its output into becomes `into`.
  void collect_file(Job& job, UniqueFd& file, Output& into, std::size_t& bytes);
  void on_output(Job& job, int stream);
  void feed_stdin(Job& job);
  void start_ending(Job& job);
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

  UniqueFd out_r, out_w, err_r, err_w, in_r, in_w;
  CaptureMode capture_mode = CaptureMode::pipes_watched;
  if (!command.inherit_output) {
    capture_mode =
        e.capture_policy.for_new_job(static_cast<bool>(listener) || !command.capture);
    if (capture_mode == CaptureMode::files) {
      // out_w and err_w are then the files: the child's, and kept by us.
      out_w.reset(open_unlinked_file(e.options.spill_dir));
      if (out_w) err_w.reset(open_unlinked_file(e.options.spill_dir));
      if (!out_w || !err_w) {
        int err = errno;
        out_w.reset();
        if (err == EMFILE || err == ENFILE)  // a shortage the caller may wait out
          return not_started(err, std::string("cannot create output file: ") + std::strerror(err));
        e.capture_policy.files_failed();  // the directory will not do: pipes from now on
        capture_mode = CaptureMode::pipes_watched;
      }
    }
  }
  if (!command.inherit_output && capture_mode != CaptureMode::files) {
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
  if (command.stdin_data || command.stdin_held_open) {
    int in_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0)
      return not_started(errno, std::string("cannot create pipe: ") + std::strerror(errno));
    in_r.reset(in_pipe[0]);
    in_w.reset(in_pipe[1]);
  }
  std::optional<ChildEnvironment> environment;
  if (!command.env.empty()) {
    for (const auto& [name, value] : command.env)
      if (name.empty() || name.find('=') != std::string::npos || has_nul(name) || has_nul(value))
        return not_started(EINVAL, "invalid environment variable: " + name);
    environment.emplace(command.env);
  }

  auto job = std::make_unique<Job>();
  job->result.start = Clock::now();
  job->result.wall_start = std::chrono::system_clock::now();
  SpawnRequest request{path,
                       argv,
                       in_r ? in_r.get() : e.devnull.get(),
                       out_w ? out_w.get() : 1,
                       err_w ? err_w.get() : 2,
                       environment ? environment->pointers.data() : nullptr,
                       &command.cwd,
                       !e.options.ignored_signals_fixed};
  Spawned child = spawn_process(request);
  if (child.pid < 0 && child.error == ENOEXEC && !command.argv.empty()) {
    // An executable script without a #! line: run it with /bin/sh, as
    // execvp and every shell do.
    std::vector<std::string> via_shell{"sh", *path};
    via_shell.insert(via_shell.end(), command.argv.begin() + 1, command.argv.end());
    request.path = &shell_path;
    request.argv = &via_shell;
    child = spawn_process(request);
  }
  if (child.pid < 0) {
    // The spawn reports a failed chdir like a failed exec: tell them apart.
    if (!command.cwd.empty()) {
      struct stat dir;
      int err = ::stat(command.cwd.c_str(), &dir) != 0 ? errno
                : !S_ISDIR(dir.st_mode)                 ? ENOTDIR
                                                        : 0;
      if (err != 0)
        return not_started(err, "cannot change to directory " + command.cwd + ": " +
                                    std::strerror(err));
    }
    const std::string& what = command.argv.empty() ? shell_path : command.argv[0];
    return not_started(child.error, "cannot execute " + what + ": " + std::strerror(child.error));
  }
  Job& j = *job;
  j.capture_mode = capture_mode;
  if (capture_mode == CaptureMode::files) {
    j.out_file = std::move(out_w);
    j.err_file = std::move(err_w);
  }
  // Only the child may hold the write ends of pipes now, so that end of
  // file means the child (and whatever it started) closed them.
  out_w.reset();
  err_w.reset();
  in_r.reset();

  j.pid = child.pid;
  j.pidfd.reset(child.pidfd);
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
    if (j.capture_mode == CaptureMode::pipes_watched)
      e.watch_outputs(j);
    else
      e.watch_later(j);
  }
  j.exit_watch = ReadWatch(e.loop, j.pidfd.get(), [&e, &j] { e.on_exit(j); });
  j.in_fd = std::move(in_w);
  if (command.stdin_data) {
    j.in_data = *command.stdin_data;
    ::fcntl(j.in_fd.get(), F_SETFL, O_NONBLOCK);  // our end only; the child's stays blocking
    e.feed_stdin(j);
  }
  if (command.timeout.count() > 0) {
    j.timeout_timer = Timer(e.loop);
    j.timeout_timer.start(command.timeout, [&e, &j] { e.on_timeout(j); });
  }
  JobId id = j.id;
  e.jobs.emplace(id, std::move(job));
  return id;
}

void Engine::Impl::watch_outputs(Job& job) {
  job.outputs_watched = true;
  if (job.out_fd)
    job.out_watch = ReadWatch(loop, job.out_fd.get(), [this, &job] { on_output(job, 1); });
  if (job.err_fd)
    job.err_watch = ReadWatch(loop, job.err_fd.get(), [this, &job] { on_output(job, 2); });
}

void Engine::Impl::watch_later(Job& job) {
  unwatched_new.push_back(job.id);
  if (!late_watch.active())
    late_watch.start(watch_delay, [this] { on_late_watch_tick(); }, watch_delay);
}

void Engine::Impl::on_late_watch_tick() {
  for (JobId id : unwatched_old) {
    auto it = jobs.find(id);
    // An exited leader whose group lives on (a timeout's grace) included:
    // what the rest of the group writes must not stop on a full pipe.
    if (it != jobs.end() && !it->second->outputs_watched)
      watch_outputs(*it->second);
  }
  unwatched_old.swap(unwatched_new);
  unwatched_new.clear();
  if (unwatched_old.empty()) late_watch.stop();
}

void Engine::Impl::read_once(Job& job, int stream, bool may_enlarge, bool writers_gone) {
  UniqueFd& fd = stream == 1 ? job.out_fd : job.err_fd;
  ssize_t n;
  do {
    n = ::read(fd.get(), scratch.get(), scratch_size);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    std::string_view bytes(scratch.get(), static_cast<std::size_t>(n));
    (stream == 1 ? job.out_read : job.err_read) += bytes.size();
    if (job.listener) job.listener(stream, bytes);
    if (job.capture) (stream == 1 ? job.result.out : job.result.err).append(bytes);
    // A job that fills its 64 KiB pipe would stop at every 64 KiB until we
    // read: a chatty job gets a 1 MiB pipe, and both sides run in longer
    // strides. Quiet jobs never pay the fcntl. The kernel may refuse (a
    // user's big-pipe budget is spent): then it stays small. At most 16 at
    // a time: past the user's big-pipe budget (64 MiB by default) the
    // kernel shrinks every new pipe of the user, ours and everyone else's.
    bool& enlarged = stream == 1 ? job.out_enlarged : job.err_enlarged;
    if (may_enlarge && n >= (1 << 15) && !enlarged && enlarged_pipes < 16 &&
        ::fcntl(fd.get(), F_SETPIPE_SZ, 1 << 20) >= 0) {
      enlarged = true;
      ++enlarged_pipes;
    }
    // With no writer left, a read that took less than it could have took
    // everything there will ever be (a pipe holds at most 1 MiB): that is
    // end of file without another poll and read.
    if (!writers_gone || static_cast<std::size_t>(n) == scratch_size)
      return;  // level-triggered: more is reported again
  }
  if (n < 0 && errno == EAGAIN) return;
  // End of file (or a read error, which ends the stream the same way).
  end_of_stream(job, stream);
}

void Engine::Impl::end_of_stream(Job& job, int stream) {
  (stream == 1 ? job.out_watch : job.err_watch).stop();
  (stream == 1 ? job.out_fd : job.err_fd).reset();
}

void Engine::Impl::collect_file(Job& job, UniqueFd& file, Output& into, std::size_t& bytes) {
  if (!file) return;
  Output taken(options.spill_threshold, options.spill_dir);
  taken.take_file(file.release());
  bytes = taken.size();
  if (job.capture) into = std::move(taken);
}

void Engine::Impl::drain_rest(Job& job) {
  // poll says which pipes have something (bytes or end of file), so the
  // reads need no O_NONBLOCK: one fcntl a pipe saved for every job.
  for (;;) {
    pollfd ready[2];
    int streams[2];
    nfds_t count = 0;
    if (job.out_fd) {
      ready[count] = {job.out_fd.get(), POLLIN, 0};
      streams[count++] = 1;
    }
    if (job.err_fd) {
      ready[count] = {job.err_fd.get(), POLLIN, 0};
      streams[count++] = 2;
    }
    if (count == 0) return;
    int n = ::poll(ready, count, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nothing more now
    for (nfds_t i = 0; i < count; ++i)
      if ((ready[i].revents & (POLLIN | POLLHUP)) == POLLHUP)
        end_of_stream(job, streams[i]);  // nothing in it, no writer left: no read needed
      else if (ready[i].revents != 0)
        read_once(job, streams[i], false, (ready[i].revents & POLLHUP) != 0);
  }
}

// Writes what the pipe takes now; waits for room for the rest. Stops at
// the end of the data, or when the child no longer reads (EPIPE): a child
// that ignores its input is not an error.
void Engine::Impl::feed_stdin(Job& job) {
  while (job.in_written < job.in_data.size()) {
    ssize_t n = write_without_sigpipe(job.in_fd.get(), job.in_data.data() + job.in_written,
                                      job.in_data.size() - job.in_written);
    if (n < 0 && errno == EAGAIN) {
      if (!job.in_watch.active()) {
        job.in_watch = WriteWatch(loop, job.in_fd.get(), [this, &job] { feed_stdin(job); });
        if (job.in_watch.ok()) return;
        break;  // cannot wait for room: give up on the rest
      }
      return;
    }
    if (n < 0) break;
    job.in_written += static_cast<std::size_t>(n);
  }
  job.in_watch.stop();
  job.in_fd.reset();
  job.in_data = std::string();
}

void Engine::Impl::on_output(Job& job, int stream) {
  read_once(job, stream, true);
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
  // A timed-out or cancelled job whose group still has members
  // (grandchildren that ignore TERM, say) waits for the grace period and
  // the KILL.
  if ((job.timed_out || job.cancelled) && job.grace_timer.active() &&
      group_has_live_members(job.pid)) {
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
  start_ending(job);
}

void Engine::Impl::start_ending(Job& job) {
  if (job.grace_timer.active()) return;  // already on its way out
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
  drain_rest(job);
  collect_file(job, job.out_file, job.result.out, job.out_read);
  collect_file(job, job.err_file, job.result.err, job.err_read);
  capture_policy.job_ended(std::max(job.out_read, job.err_read));
  job.out_watch.stop();
  job.err_watch.stop();
  job.in_watch.stop();
  job.in_fd.reset();
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
  else if (job.cancelled) r.status = Status::killed;

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

void Engine::cancel(JobId id) {
  auto it = impl_->jobs.find(id);
  if (it == impl_->jobs.end() || it->second->timed_out) return;
  Job& job = *it->second;
  job.cancelled = true;
  if (job.exited) return;  // only its group's stragglers are left; they get the KILL
  impl_->start_ending(job);
}

void Engine::signal_all(int signum) {
  for (auto& [id, job] : impl_->jobs) ::kill(-job->pid, signum);
}

std::size_t Engine::running() const { return impl_->jobs.size(); }

}  // namespace shoal

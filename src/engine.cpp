// The engine's job life cycle: start -> (output arrives)* -> leader exits ->
// output drained -> Result delivered. A timed-out job takes a detour: TERM to
// its group, then, after the grace period, KILL to whatever of the group is
// still alive (grandchildren that outlived the leader included).
//
// Signalling a group by number after its leader was reaped is safe while any
// member lives: the kernel does not reuse a pid number still in use as a
// process group id. Once the group is empty we stop signalling it at all.
// A job whose group outlives it is done all the same; its group is kept
// (left_behind.hpp) for the caller to end if it wants to.
//
// The job's bytes (pipes and stdin) are engine_output.cpp's.
#include "shoal/engine.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "engine_impl.hpp"
#include "process_group.hpp"
#include "spawn.hpp"

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

}  // namespace

std::variant<JobId, Result> Engine::start(const Command& command, Done done,
                                          OutputListener listener) {
  Impl& e = *impl_;
  static const std::string shell_path = "/bin/sh";
  std::vector<std::string> shell_argv;
  const std::vector<std::string>* argv = &command.argv;
  const std::string* path = &shell_path;

  // `sh -c ''` would run nothing and report ok: Command::exec({}) or a
  // Command never filled in is a mistake the caller should hear about.
  if (command.argv.empty() && command.script.empty())
    return not_started(EINVAL, "nothing to run: empty argv and empty script");
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
  // Grown before the child can write: a chatty job's stdout then fits in
  // its pipe, where it can wait to be printed without a copy through us.
  // A job that cannot have one (the bound is reached, or the kernel says
  // no) is read from its start, so that it never waits on a full pipe.
  bool out_grown = capture_mode == CaptureMode::pipes_held && big_pipes::grow(out_r.get());
  if (capture_mode == CaptureMode::pipes_held && !out_grown)
    capture_mode = CaptureMode::pipes_watched;
  // If the job does not start after all, its big pipe is given back.
  struct GiveBack {
    bool& grown;
    ~GiveBack() {
      if (grown) big_pipes::release();
    }
  } give_back{out_grown};
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
                       in_r ? in_r.get() : command.stdin_fd >= 0 ? command.stdin_fd : e.devnull.get(),
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
  j.out_enlarged = std::exchange(out_grown, false);  // the job's from now on
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
  j.termseq = command.termseq;
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
    j.in_held = command.stdin_held_open;
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
  if ((job.timed_out || job.cancelled) && (job.grace_timer.active() || job.last_signal_sent) &&
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
    // A member that outlives even the last signal by about twice the grace
    // (stuck in the kernel, or a --termseq that ends without KILL) is
    // given up on: the job must end.
    if (job.last_signal_sent && job.recheck_every > std::max(job.grace, std::chrono::milliseconds(100))) {
      finish(job);
      return;
    }
    job.recheck_every *= 2;
    recheck_group(job);
  });
}

// A KILL is not a death: the kernel ends a member only once it runs again,
// a moment later on a busy machine. The job finishes -- and whoever waits
// for it is told -- only when nothing of its group is left.
void Engine::Impl::finish_once_group_gone(Job& job) {
  if (!group_has_live_members(job.pid)) {
    finish(job);
    return;
  }
  job.recheck_every = std::chrono::milliseconds(1);
  recheck_group(job);
}

void Engine::Impl::on_timeout(Job& job) {
  job.timed_out = true;
  start_ending(job);
}

void Engine::Impl::start_ending(Job& job) {
  if (job.ending) return;  // already on its way out
  job.ending = true;
  if (!job.termseq.empty()) {
    job.grace_timer = Timer(loop);
    next_kill_step(job);
    return;
  }
  ::kill(-job.pid, SIGTERM);
  job.grace_timer = Timer(loop);
  job.grace_timer.start(job.grace, [this, &job] { on_grace_over(job); });
}

// GNU parallel's --termseq: each step's signal to the group, then its wait
// (cut short when the group is gone: on_exit and recheck_group see to
// that). After the last step the job is waited for as it runs.
void Engine::Impl::next_kill_step(Job& job) {
  if (job.term_step == job.termseq.size() ||
      (job.term_step > 0 && !group_has_live_members(job.pid))) {
    job.last_signal_sent = true;
    if (job.exited) finish_once_group_gone(job);
    // else: its exit arrives through exit_watch and finishes there.
    return;
  }
  const Command::KillStep& step = job.termseq[job.term_step++];
  ::kill(-job.pid, step.signal);
  job.grace_timer.start(step.wait, [this, &job] { next_kill_step(job); });
}

void Engine::Impl::on_grace_over(Job& job) {
  // Whatever of the group is still alive -- the leader, or grandchildren
  // that outlived it -- is killed now.
  ::kill(-job.pid, SIGKILL);
  job.last_signal_sent = true;
  if (job.exited) finish_once_group_gone(job);
  // else: the leader's exit arrives through exit_watch and finishes there.
}

void Engine::Impl::finish(Job& job) {
  // Everything the job wrote before its leader exited is in the pipes now.
  // Output written later by background processes it left behind is not
  // waited for: the job has ended.
  drain_rest(job);
  capture_policy.job_ended(job.out_read, job.err_read);
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
  else if (job.cancelled && !job.ended_before_cancel) r.status = Status::killed;

  if (job.out_enlarged) big_pipes::release();
  if (job.err_enlarged) big_pipes::release();
  left_behind.job_ended(job.pid);
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
  if (job.cancelled) return;
  job.cancelled = true;
  if (job.exited) return;  // only its group's stragglers are left; they get the KILL
  // A leader that exited before the cancel, unseen by the loop so far,
  // was not ended by it: `ssh -f` that has just put its master in the
  // background is up, not killed. What else is left of its group still
  // gets the TERM.
  job.ended_before_cancel = impl_->leader_exited(job);
  impl_->start_ending(job);
}

bool Engine::Impl::leader_exited(const Job& job) const {
  siginfo_t info{};
  int rc;
  do {
    rc = ::waitid(P_PIDFD, static_cast<id_t>(job.pidfd.get()), &info, WEXITED | WNOHANG | WNOWAIT);
  } while (rc < 0 && errno == EINTR);
  return rc == 0 && info.si_pid != 0;
}

void Engine::signal_all(int signum) {
  for (auto& [id, job] : impl_->jobs) ::kill(-job->pid, signum);
}

void Engine::end_all() {
  // start_ending only signals and starts a timer: no job ends inside it.
  for (auto& [id, job] : impl_->jobs)
    if (!job->exited) impl_->start_ending(*job);
}

void Engine::signal_left_behind(int signum) { impl_->left_behind.signal(signum); }

void Engine::end_left_behind(std::chrono::milliseconds grace, std::function<void()> done) {
  impl_->left_behind.end(grace, std::move(done));
}

std::size_t Engine::running() const { return impl_->jobs.size(); }

}  // namespace shoal

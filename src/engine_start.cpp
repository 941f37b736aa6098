// Starting a job: from a Command to a running child whose pipes and exit
// the loop watches, or to the Result that says why it did not start. Apart
// from engine.cpp (the job's life once started) because it is all checks
// and set-up, and because every way a start can fail is here, told as a
// shell would tell it.
#include "shoal/engine.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "engine_impl.hpp"
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

// Why a spawn failed, told as a shell would tell it. The spawn reports a
// failed chdir like a failed exec: they are told apart here.
Result spawn_failure(const Command& command, const std::string& shell_path, int error) {
  if (!command.cwd.empty()) {
    struct stat dir;
    int err = ::stat(command.cwd.c_str(), &dir) != 0 ? errno
              : !S_ISDIR(dir.st_mode)                 ? ENOTDIR
                                                      : 0;
    if (err != 0)
      return not_started(err, "cannot change to directory " + command.cwd + ": " + std::strerror(err));
  }
  const std::string& what = command.argv.empty() ? shell_path : command.argv[0];
  return not_started(error, "cannot execute " + what + ": " + std::strerror(error));
}

// A job's pipes before its spawn: the ends its child gets, and ours.
struct JobPipes {
  UniqueFd out_r, out_w, err_r, err_w, in_r, in_w;
};

JobId adopt(Engine::Impl& e, std::unique_ptr<Job> job, const Command& command, Spawned child,
            JobPipes pipes, Engine::Done done, Engine::OutputListener listener);

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

  JobPipes pipes;
  UniqueFd &out_r = pipes.out_r, &out_w = pipes.out_w, &in_r = pipes.in_r;
  CaptureMode capture_mode = CaptureMode::pipes_watched;
  if (!command.inherit_output) {
    capture_mode =
        e.capture_policy.for_new_job(static_cast<bool>(listener) || !command.capture);
    int rc = open_pipe(out_r, out_w);
    if (rc == 0) rc = open_pipe(pipes.err_r, pipes.err_w);
    if (rc != 0) return not_started(rc, std::string("cannot create pipe: ") + std::strerror(rc));
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
  if (command.stdin_data || command.stdin_held_open)
    if (int rc = open_pipe(in_r, pipes.in_w); rc != 0)
      return not_started(rc, std::string("cannot create pipe: ") + std::strerror(rc));
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
                       pipes.err_w ? pipes.err_w.get() : 2,
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
  if (child.pid < 0) return spawn_failure(command, shell_path, child.error);
  job->capture_mode = capture_mode;
  job->out_enlarged = std::exchange(out_grown, false);  // the job's from now on
  return adopt(e, std::move(job), command, std::move(child), std::move(pipes), std::move(done),
               std::move(listener));
}

namespace {

// A job just spawned becomes the engine's: its pipes and pidfd watched,
// its stdin fed, its timeout set.
JobId adopt(Engine::Impl& e, std::unique_ptr<Job> job, const Command& command, Spawned child,
            JobPipes pipes, Engine::Done done, Engine::OutputListener listener) {
  Job& j = *job;
  // Only the child may hold the write ends of pipes now, so that end of
  // file means the child (and whatever it started) closed them.
  pipes.out_w.reset();
  pipes.err_w.reset();
  pipes.in_r.reset();

  j.pid = child.pid;
  j.pidfd = std::move(child.pidfd);
  j.id = e.next_id++;
  j.done = std::move(done);
  j.listener = std::move(listener);
  j.capture = command.capture;
  j.grace = command.kill_grace;
  j.termseq = command.termseq;
  j.out_fd = std::move(pipes.out_r);
  j.err_fd = std::move(pipes.err_r);
  j.result.out = Output(e.options.spill_threshold, e.options.spill_dir);
  j.result.err = Output(e.options.spill_threshold, e.options.spill_dir);
  if (j.out_fd) {
    if (j.capture_mode == CaptureMode::pipes_watched)
      e.watch_outputs(j);
    else
      e.watch_later(j);
  }
  j.exit_watch = FdWatch(e.loop, j.pidfd.get(), FdWatch::readable, [&e, &j] { e.on_exit(j); });
  j.in_fd = std::move(pipes.in_w);
  if (command.stdin_data) {
    // One allocation of the exact size, into an empty string: no buffer
    // outgrown and let go with the bytes in it.
    j.in_data.assign(command.stdin_data->data(), command.stdin_data->size());
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

}  // namespace

}  // namespace shoal

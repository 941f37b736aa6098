// The engine's private state, shared by its two halves: engine.cpp (a
// job's life: start, exit, timeouts, the Result) and engine_output.cpp
// (its pipes: watching, reading, draining, stdin).
#pragma once

#include <fcntl.h>
#include <signal.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "big_pipes.hpp"
#include "capture_policy.hpp"
#include "exec_path.hpp"
#include "left_behind.hpp"
#include "private.hpp"
#include "shoal/engine.hpp"
#include "shoal/secret.hpp"
#include "shoal/unique_fd.hpp"

namespace shoal {

struct Job {
  JobId id = 0;
  pid_t pid = -1;  // also the process group id
  UniqueFd pidfd, out_fd, err_fd;
  FdWatch exit_watch, out_watch, err_watch;
  // The write end of the child's stdin pipe, if it has one: until the data
  // is written, or (held open) until the job ends.
  UniqueFd in_fd;
  FdWatch in_watch;
  // A copy of Command::stdin_data, wiped (it may be a password) once
  // written, or here when the job ends first.
  std::string in_data;
  std::size_t in_written = 0;
  bool in_held = false;  // stdin_data and stdin_held_open: kept open once written
  Timer timeout_timer, grace_timer, recheck_timer;
  std::chrono::milliseconds recheck_every{5};
  std::chrono::milliseconds grace{0};
  // --termseq: the steps to end the job with, and the next one's index.
  std::vector<Command::KillStep> termseq;
  std::size_t term_step = 0;
  bool ending = false;  // start_ending has begun
  // The last signal of the ending has been sent (the grace's KILL, or the
  // --termseq's last step): the job finishes once its group has gone.
  bool last_signal_sent = false;
  bool timed_out = false;
  bool cancelled = false;
  // cancel() found the leader already exited, its exit not yet seen by the
  // loop: the job ended on its own, and its status is its own.
  bool ended_before_cancel = false;
  bool exited = false;  // the leader has been reaped
  siginfo_t exit_info{};
  Result result;
  Engine::Done done;
  Engine::OutputListener listener;
  bool capture = true;
  // How out_fd and err_fd are watched (see CapturePolicy).
  CaptureMode capture_mode = CaptureMode::pipes_watched;
  bool outputs_watched = false;                     // out_watch and err_watch set up
  std::size_t out_read = 0, err_read = 0;           // bytes read from each pipe
  // Pipe grown to 1 MiB: each counts as one of big_pipes until the job ends.
  bool out_enlarged = false, err_enlarged = false;

  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job() { wipe_secret(in_data); }
};

struct SHOAL_PRIVATE Engine::Impl {
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
  const std::chrono::milliseconds watch_delay;
  Timer late_watch;
  std::vector<JobId> unwatched_new, unwatched_old;
  // One read takes up to a whole enlarged pipe (see read_once).
  // Not zero-filled: its pages cost nothing until a big read touches them.
  static constexpr std::size_t scratch_size = 1 << 20;
  std::unique_ptr<char[]> scratch{new char[scratch_size]};
  // The groups of ended jobs that still had members (see left_behind.hpp).
  LeftBehind left_behind;

  Impl(Loop& l, EngineOptions o)
      : loop(l),
        options(std::move(o)),
        watch_delay(options.late_watch_delay),
        late_watch(l),
        left_behind(l) {
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
  // At the job's end: its stdout may stay in its (grown) pipe until printed.
  bool may_hold_stdout(const Job& job) const;
  void hold_stdout(Job& job);
  void on_output(Job& job, int stream);
  void feed_stdin(Job& job);
  void start_ending(Job& job);
  // The leader has exited (it may not be reaped yet).
  bool leader_exited(const Job& job) const;
  void on_exit(Job& job);
  void on_timeout(Job& job);
  void on_grace_over(Job& job);
  void next_kill_step(Job& job);
  void recheck_group(Job& job);
  void finish_once_group_gone(Job& job);
  void finish(Job& job);
};

}  // namespace shoal

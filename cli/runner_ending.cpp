// How a run stops and when it is over. Four things stop it early -- --halt
// (runner_finish.cpp), a stage's gate (runner_hosts.cpp), a signal, and
// stdout's reader going away -- and each does it through stop_starting().
// maybe_done() decides when the loop may stop: every job ended, what they
// left behind ended too when the run was stopped, and the output written.
#include <poll.h>

#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "runner.hpp"

namespace shoal::cli {

// Whether stderr takes a short line now. With `2>&1` into a pager that
// does not read, stderr is as stalled as stdout; shoal's own word after a
// signal must not then hold up the loop, or the next Ctrl-C would never be
// heard. A pipe that polls writable has room for a line of a page or less.
bool stderr_takes_a_line() {
  pollfd p{2, POLLOUT, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLOUT) != 0;
}

// Stop starting: no new job starts, no more input is read, and a job
// waiting to be retried gets its record now. The running jobs are left to
// the caller: --halt soon waits for them, a signal is passed on to them.
void Runner::stop_starting() {
  scheduler_.stop();
  in_.watch.stop();
  report_waiting_retries();
}

void Runner::interrupt(int signum) {
  ++stop_.interrupts;
  stop_.final_signal = signum;
  stop_starting();
  if (stop_.interrupts == 1 && stderr_takes_a_line()) {
    status_.clear();
    say(fmt::format("{}: starting no more jobs; waiting for {} running (again to kill them)",
                    signum == SIGINT ? "interrupted" : strsignal(signum), scheduler_.running()));
  }
  if (stop_.interrupts == 1) {
    launcher_.signal_all(signum);
  } else {
    // Whole groups, also those whose leader has exited: a background
    // process the job's shell made ignore SIGINT dies too.
    launcher_.signal_all(SIGKILL);
    launcher_.signal_left_behind(SIGKILL);
  }
  maybe_done();
}

void Runner::stdout_gone() {
  // Nobody reads our output any more (`shoal ... | head -1`): end quietly,
  // the way a filter ends when its reader goes away.
  stdout_watch_.stop();
  if (stop_.final_signal) return;
  stop_.final_signal = SIGPIPE;
  stop_starting();
  launcher_.signal_all(SIGTERM);
  maybe_done();
}

void Runner::maybe_done() {
  // Parked jobs never started: like input not read yet, they have no record.
  if (scheduler_.stopping()) jobs_.parked.clear();
  if (stage_over() && fan_->more_stages()) {
    end_stage();
    return;
  }
  bool input_over = in_.done && (!staged() || (fan_->stage_pulled() && !fan_->more_stages()));
  if (!(input_over || scheduler_.stopping()) || !idle()) return;
  // Every job has ended: what -k still holds goes to be printed.
  reporter_.finish();
  if (!end_left_behind()) return;
  // The run is over once all output is written -- or at once after a
  // second signal, rather than wait on a reader that has stopped reading.
  if (!reporter_.writing() || stop_.interrupts >= 2) {
    loop_.stop();
  } else if (stop_.interrupts == 1 && !stop_.said_waiting_for_reader && stderr_takes_a_line()) {
    stop_.said_waiting_for_reader = true;
    status_.clear();
    say("waiting for the output to be read (again to leave without it)");
  }
}

// Stopped: what the jobs left in their process groups does not outlive
// shoal. TERM, then KILL a grace later, as for a timeout. True once that
// is done (or not needed); while under way it calls maybe_done() back.
bool Runner::end_left_behind() {
  if (!stopped_by_signal_or_halt() || stop_.left_behind_ended) return true;
  if (stop_.ending_left_behind) return false;
  stop_.ending_left_behind = true;
  launcher_.end_left_behind(std::chrono::seconds(1), [this] {
    stop_.left_behind_ended = true;
    maybe_done();
  });
  return false;
}

// After a run that ended on its own, a daemon a job started on purpose
// (`nohup ... &`, setsid) is left, as GNU parallel leaves it. A run that
// was stopped -- a signal, --halt now, or stdout's reader gone -- ends what
// its jobs started.
bool Runner::stopped_by_signal_or_halt() const {
  int s = stop_.final_signal;
  bool interrupted = s == SIGINT || s == SIGTERM || s == SIGHUP || s == SIGPIPE;
  return interrupted || (stop_.halted && options_.halt.when == HaltSpec::When::now);
}

// The exit status, or the signal shoal ends by: a signal first, then
// shoal's own failure, then --halt's status, then the jobs' (halt.cpp).
Ending Runner::exit_ending() {
  if (stop_.final_signal) return {128 + stop_.final_signal, stop_.final_signal};
  if (stop_.own_error || reporter_.failed_to_record()) return {255, 0};
  if (stop_.halted) return {stop_.halt_exit, 0};
  const Counts& c = reporter_.counts();
  HaltCounts run{c.ok, c.not_ok(), c.total.value_or(0)};
  return {exit_status_unhalted(options_.halt, run, staged()), 0};
}

}  // namespace shoal::cli

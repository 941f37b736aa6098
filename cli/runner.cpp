#include "runner.hpp"

#include <poll.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "command_words.hpp"
#include "durations.hpp"
#include "shown_output.hpp"

namespace shoal::cli {

namespace {

// Whether stderr takes a short line now. With `2>&1` into a pager that
// does not read, stderr is as stalled as stdout; shoal's own word after a
// signal must not then hold up the loop, or the next Ctrl-C would never be
// heard. A pipe that polls writable has room for a line of a page or less.
bool stderr_takes_a_line() {
  pollfd p{2, POLLOUT, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLOUT) != 0;
}

bool hangup_ignored_at_start() {
  struct sigaction current{};
  return ::sigaction(SIGHUP, nullptr, &current) == 0 && current.sa_handler == SIG_IGN;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::size_t cpu_count() {
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<std::size_t>(n) : 1;
}

// --bar fills the terminal's width, as GNU parallel's: stderr's terminal,
// or the controlling one; 80 columns without either.
std::size_t terminal_columns() {
  winsize size{};
  if (::ioctl(2, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  int tty = ::open("/dev/tty", O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (tty >= 0) {
    bool known = ::ioctl(tty, TIOCGWINSZ, &size) == 0 && size.ws_col > 0;
    ::close(tty);
    if (known) return size.ws_col;
  }
  return 80;
}

}  // namespace

Ending Runner::run() {
  if (std::string error = reporter_.open(); !error.empty()) {
    say(error);
    return {255, 0};
  }
  if (fleet_) {
    if (std::string error = fleet_->open(); !error.empty()) {
      say(error);
      return {255, 0};
    }
    // Jobs free to go anywhere go to whichever host is up first.
    if (!options_.remote.fan_out())
      for (std::size_t h = 0; h < fleet_->hosts().size(); ++h) fleet_->connect(h);
  }
  if (std::string error = open_pipe(); !error.empty()) {
    say(error);
    return {255, 0};
  }
  SignalWatch on_int(loop_, SIGINT, [this] { interrupt(SIGINT); });
  SignalWatch on_term(loop_, SIGTERM, [this] { interrupt(SIGTERM); });
  // Under nohup, SIGHUP arrives ignored: leave it so (and the jobs inherit
  // that, see spawn.cpp). Otherwise a hang-up is handled like SIGTERM.
  SignalWatch on_hup;
  if (!hangup_ignored_at_start()) on_hup = SignalWatch(loop_, SIGHUP, [this] { interrupt(SIGHUP); });
  Timer ticker(loop_);
  if (status_.enabled()) {
    if (options_.progress || options_.eta)
      shoal::write_all(2, format_progress_header(cpu_count(), scheduler_.limit()));
    ticker.start(std::chrono::milliseconds(200), [this] {
      // Not while output is being written off the loop: the line would
      // land inside a job's stderr (and might wait for its reader).
      if (!reporter_.writing()) status_.draw(progress_text());
    }, std::chrono::milliseconds(200));
    ticker.set_keeps_loop_alive(false);
  }
  // A pipe's write end never polls readable; it reports an error once the
  // reader has gone. Noticing that at once, rather than at the next write,
  // lets `shoal ... | head -1` end even while every job is still silent.
  struct stat out_stat{};
  if (::fstat(1, &out_stat) == 0 && S_ISFIFO(out_stat.st_mode))
    stdout_watch_ = ReadWatch(loop_, 1, [this] { stdout_gone(); });

  // A ::: list's size is known at once: the ETA and --halt P% need it.
  if (options_.resume == Options::Resume::none)
    reporter_.counts().total = !piped() ? fanned(input_->total())
                               : options_.pipe.part ? std::optional<std::uint64_t>(parts_.parts().size())
                                                    : std::nullopt;
  if (fleet_ && !options_.stages.empty()) {
    stage_ends_ = plan_stages(options_.stages, fleet_->hosts().size());
    host_touched_.assign(fleet_->hosts().size(), false);
  }

  // Output written off the loop comes back done: its reader may have gone,
  // or the run may have been waiting only for it.
  reporter_.on_written([this] {
    if (reporter_.stdout_closed()) stdout_gone();
    maybe_done();
  });

  if (options_.pipe.tee && input_->total() && *input_->total() > scheduler_.limit()) {
    say(fmt::format("--tee runs a job for every argument at once: -j is lower than their number "
                    "({}; try -j 0)", *input_->total()));
    return {255, 0};
  }
  fill();
  if (options_.pipe.tee) {
    // Every job runs before the first byte goes to them.
    if (tee_needs_more_slots()) {
      say("--tee runs a job for every argument at once: -j is lower than their number (try -j 0)");
      own_error_ = true;
      scheduler_.stop();
    }
    fill();
  }
  loop_.run();
  input_watch_.stop();
  stdout_watch_.stop();
  if (fleet_) fleet_->close();
  reporter_.finish();
  // Ended some other way than maybe_done: the output is waited for here.
  if (reporter_.writing() && interrupts_ < 2) loop_.run();
  // A second signal: shoal leaves a reader that does not read behind; the
  // jobs whose output it never took have no records, so --resume runs them.
  bool left_the_reader = reporter_.writing();
  if (left_the_reader) reporter_.abandon();

  // GNU parallel's --bar, --eta and --progress leave their last state on
  // stderr, also when every job ended before the first redraw. Left
  // behind, the reader may be stderr's too: nothing more is said unless
  // stderr takes it now.
  bool may_say = !left_the_reader || stderr_takes_a_line();
  if (may_say && progress_style() != ProgressStyle::shoal)
    status_.finish(progress_text());
  else if (may_say)
    status_.clear();
  if (summary_wanted(options_) && may_say)
    shoal::write_all(2, format_summary(reporter_.counts(), seconds_since(started_), reporter_.slowest()) +
                            format_host_outcomes(reporter_.hosts()) + rollout_stopped_);
  // --report: the page of what ran, also when the run was cut short.
  if (std::string e = reporter_.write_report(options_.command_line); !e.empty()) {
    say(e);
    own_error_ = true;
  }
  if (final_signal_) return {128 + final_signal_, final_signal_};
  if (own_error_ || reporter_.failed_to_record()) return {255, 0};
  if (halted_) return {halt_exit_, 0};
  const Counts& c = reporter_.counts();
  // A --halt P% never reached still gives the percentage failed, as GNU
  // parallel's does.
  if (options_.halt.when != HaltSpec::When::never && options_.halt.percent && stage_ends_.empty())
    return {static_cast<int>(std::ceil(100.0 * static_cast<double>(c.not_ok()) /
                                       static_cast<double>(std::max<std::uint64_t>(c.done(), 1)))),
            0};
  return {exit_status_for(c.not_ok()), 0};
}

ProgressStyle Runner::progress_style() const {
  return options_.bar        ? ProgressStyle::bar
         : options_.eta      ? ProgressStyle::eta
         : options_.progress ? ProgressStyle::progress
                             : ProgressStyle::shoal;
}

std::string Runner::progress_text() {
  reporter_.counts().running = scheduler_.running();
  ProgressContext context{newest_arg_, terminal_columns()};
  return format_progress(progress_style(), reporter_.counts(), seconds_since(started_), context);
}

void Runner::fill() {
  start_jobs();
  feed_running();
  maybe_done();
}

// Starts what may start now: parked jobs whose host has room, due retries,
// new input.
void Runner::start_jobs() {
  // A host whose connection failed is unreachable -- unless shoal is
  // stopping: then its master was ended by the signal shoal passed on.
  if (fleet_)
    for (std::size_t host : fleet_->hosts().take_newly_down())
      if (!scheduler_.stopping()) reporter_.host_unreachable(fleet_->hosts()[host].login.name());
  while (scheduler_.can_start()) {
    if (start_interval_.count() > 0) {
      auto now = Clock::now();
      if (now < next_start_) {
        if (!pace_timer_.active()) {
          pace_timer_ = Timer(loop_);
          pace_timer_.start(std::chrono::ceil<std::chrono::milliseconds>(next_start_ - now),
                            [this] { fill(); });
        }
        break;
      }
    }
    Pending next;
    if (take_parked(next)) {
      // its host has room now
    } else if (!ready_.empty()) {
      next = std::move(ready_.front());
      ready_.pop_front();
    } else if (parked_count_ >= std::max<std::size_t>(scheduler_.limit(), 64) || !pull(next)) {
      break;
    }
    if (!launch(std::move(next))) break;
  }
}

bool Runner::pull(Pending& pending) {
  if (piped()) return pull_block(pending);
  return fanning_out() ? pull_fanned_out(pending) : pull_input(pending);
}

// --resume skips the jobs the joblog has; --resume-failed those that
// succeeded there.
bool Runner::already_ran(const JobKey& key) const {
  switch (options_.resume) {
    case Options::Resume::resume: return history_.done(key);
    case Options::Resume::resume_failed: return history_.succeeded(key);
    default: return false;
  }
}

bool Runner::pull_input(Pending& pending) {
  std::vector<std::string> item;
  while (!input_done_) {
    switch (input_->next(item)) {
      case InputSource::Pull::item: {
        const JobKey* from_joblog = fixed_jobs_.empty() ? nullptr : &fixed_jobs_[fixed_next_++];
        std::uint64_t seq = from_joblog ? from_joblog->seq : next_seq_++;
        // --onall/--nonall: an item is skipped host by host (pull_fanned_out).
        if (!fanning_out() && already_ran({seq, {}})) continue;
        pending = Pending();
        pending.seq = seq;
        pending.from_joblog = from_joblog;
        pending.order = next_order_++;
        pending.args = std::move(item);
        return true;
      }
      case InputSource::Pull::wait:
        if (!input_watch_.active()) {
          input_watch_ = ReadWatch(loop_, input_->fd(), [this] {
            input_->readable();
            fill();
          });
        }
        return false;
      case InputSource::Pull::end:
        input_done_ = true;
        input_watch_.stop();
        reporter_.counts().total = next_order_ - 1;
        if (!input_->error().empty()) {
          say(input_->error());
          own_error_ = true;
        }
        return false;
    }
  }
  return false;
}

// Starts a job; false when it could not start for lack of fds or processes
// and was put back to wait for a running job to end.
bool Runner::launch(Pending pending) {
  if (fleet_) {
    switch (place(pending)) {
      case Placed::run: break;
      case Placed::done: return true;
      case Placed::wait: return false;
    }
  }
  pending.slot = scheduler_.start();
  if (options_.bar) newest_arg_ = join(pending.args);
  JobInput input{pending.args, pending.seq, pending.slot};
  Command command = fleet_ ? fleet_->command(*pending.host, tmpl_, input) : tmpl_.build(input);
  if (options_.verbose) {
    status_.clear();
    shoal::write_all(2, tmpl_.display(input) + "\n");
  }
  if (auto timeout = timeout_for_next_job()) command.timeout = *timeout;
  command.termseq = options_.gnu.termseq;
  if (options_.gnu.v > 0) show_command(pending, command, input);
  if (!open_stdin(pending, command)) {
    scheduler_.finish(pending.slot);
    scheduler_.stop();
    return false;
  }
  std::uint64_t order = pending.order;
  next_start_ = Clock::now() + start_interval_;
  Engine::OutputListener listener;
  auto output = reporter_.output_mode();
  if (output == Options::OutputMode::ungrouped) command.inherit_output = true;
  if (output == Options::OutputMode::line_buffer) {
    command.capture = false;
    listener = [this, order, tag = tag_for(pending)](int stream, std::string_view bytes) {
      reporter_.stream(order, tag, stream, bytes);
    };
  }
  auto started = engine_.start(
      command, [this, order](Result r) { finished(order, std::move(r)); }, std::move(listener));
  if (std::holds_alternative<JobId>(started)) {
    if (pending.feed) feed_started(pending);
    ++pending.tries;
    if (pending.host) fleet_->hosts().take(*pending.host);
    running_.emplace(order, std::move(pending));
    return true;
  }

  Result r = std::move(std::get<Result>(started));
  pending.feed.reset();
  scheduler_.finish(pending.slot);
  if (r.resource_exhausted() && scheduler_.resource_exhausted()) {
    if (scheduler_.take_cap_notice())
      say(fmt::format("warning: {}; running at most {} jobs at once from now on", r.error,
                      scheduler_.limit()));
    ready_.push_front(std::move(pending));
    return false;
  }
  ++pending.tries;
  r.tries = static_cast<int>(pending.tries);
  report(pending, std::move(r));
  return true;
}

// -v: the command line at the top of the job's stdout. Captured output
// gets it when the job is reported; output that flows as it comes gets it
// now, before the job's own.
void Runner::show_command(Pending& pending, const Command& command, const JobInput& input) {
  bool remote = pending.host && !fleet_->hosts()[*pending.host].login.local();
  pending.shown = shown_command(command, tmpl_.display(input), options_.gnu.v, remote) + "\n";
  switch (reporter_.output_mode()) {
    case Options::OutputMode::ungrouped:
      status_.clear();
      shoal::write_all(1, std::exchange(pending.shown, {}));
      break;
    case Options::OutputMode::line_buffer:
      reporter_.stream(pending.order, tag_for(pending), 1, std::exchange(pending.shown, {}));
      break;
    case Options::OutputMode::grouped: break;
  }
}

std::string Runner::tag_for(const Pending& p) const {
  if (!options_.tagstring.empty()) return tagstring_.expand_text({p.args, p.seq, p.slot});
  // --onall/--nonall: what tells one host's output from another's is the
  // host, as GNU parallel tags them.
  if (options_.tag && p.bound_host) return fleet_->hosts()[*p.bound_host].login.name();
  // The arguments, space-separated, as GNU parallel tags.
  return options_.tag ? join(p.args) : std::string();
}

// Whether a job that ended so goes again. --retries {...} (GNU parallel's
// per-job value) is the job's own number of tries, worked out from its
// arguments each time it fails, as GNU parallel does. A value that is not
// a number (GNU parallel reads it as Perl does: "abc" is 0, forever; "2x"
// is 2) is said on stderr, and the job is not tried again.
bool Runner::may_retry(const Pending& p, Status status) {
  if (options_.tries_text.empty()) return retry_.should_retry(status, p.tries);
  if (status == Status::ok) return false;
  std::string text = tries_text_.expand_text({p.args, p.seq, p.slot});
  unsigned tries = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), tries);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    status_.clear();
    say(fmt::format("job {}: --retries: '{}' is not a number of tries; not tried again", p.seq,
                    text));
    return false;
  }
  return RetryPolicy::should_retry(status, p.tries, tries);
}

std::optional<std::chrono::milliseconds> Runner::timeout_for_next_job() const {
  std::optional<double> seconds = options_.timeout;
  if (options_.timeout_percent) {
    // N% of the median runtime of the jobs that succeeded; none yet: no limit.
    if (auto median = ok_runtimes_.median()) seconds = *median * *options_.timeout_percent / 100;
  }
  if (!seconds) return std::nullopt;
  return std::max(std::chrono::milliseconds(1), to_millis(*seconds));
}

void Runner::finished(std::uint64_t order, Result r) {
  auto node = running_.extract(order);
  Pending& pending = node.mapped();
  scheduler_.finish(pending.slot);
  r.tries = static_cast<int>(pending.tries);
  warn_if_spill_failed(r);
  if (pending.host) {
    fleet_->hosts().release(*pending.host);
    if (!fleet_->hosts()[*pending.host].login.local()) read_ssh_result(r);
  }
  if (!scheduler_.stopping() && may_retry(pending, r.status)) {
    pending.last = std::move(r);
    schedule_retry(std::move(pending));
  } else {
    report(pending, std::move(r));
  }
  fill();
}

// A spill that failed kept the bytes in memory (nothing lost); the user
// learns why shoal grew, and that $TMPDIR is full, once.
void Runner::warn_if_spill_failed(const Result& r) {
  if (spill_warned_) return;
  const std::string& error = !r.out.spill_error().empty() ? r.out.spill_error() : r.err.spill_error();
  if (error.empty()) return;
  spill_warned_ = true;
  say("warning: " + error + " (in $TMPDIR or /tmp); output is kept in memory instead");
}

void Runner::schedule_retry(Pending pending) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto wait = retry_.wait_before(pending.tries + 1, unit(random_));
  if (wait.count() <= 0) {
    ready_.push_back(std::move(pending));
    return;
  }
  std::uint64_t order = pending.order;
  RetryWait& w = waiting_[order];
  w.pending = std::move(pending);
  w.timer = Timer(loop_);
  w.timer.start(wait, [this, order] {
    auto node = waiting_.extract(order);
    ready_.push_back(std::move(node.mapped().pending));
    fill();
  });
}

void Runner::report(Pending& p, Result r) {
  std::string host = p.host ? fleet_->hosts()[*p.host].login.name() : ":";
  JobReport job{p.seq, p.args, host, {}, tag_for(p), p.slot};
  if (reporter_.wants_command_text() || r.status == Status::timeout ||
      options_.halt.when != HaltSpec::When::never)
    job.command = tmpl_.display({p.args, p.seq, p.slot});
  if (r.status == Status::ok) ok_runtimes_.add(r.duration().count());
  if (!stage_ends_.empty()) ++(r.status == Status::ok ? stage_ok_ : stage_not_ok_);
  if (!p.shown.empty()) r.out = with_prefix(p.shown, std::move(r.out));
  Status status = r.status;
  int exit_code = r.exit_code, signal = r.signal;
  reporter_.record(p.order, job, std::move(r));
  if (block_files_) block_files_->remove(p.args.at(0));  // --cat, --fifo: the job is done
  if (reporter_.stdout_closed()) stdout_gone();
  check_halt(status, exit_code, signal, job.command);
}

// --halt, with GNU parallel's exit statuses: fail=1 or done=1 exits with the
// status of the job that tripped it (128+signal for a signal, 255 for a
// timeout: GNU parallel's -1); fail=N/done=N with the failures so far; P%
// with the percentage failed; success with 0. And its words: each job that
// counts is named ("This job failed:" and its command), and --halt soon
// says how many it still waits for, again after each such job.
void Runner::check_halt(Status status, int exit_code, int signal, const std::string& command) {
  const HaltSpec& spec = options_.halt;
  // After --halt now, the jobs it ended are not counted (GNU parallel has
  // exited by then).
  if (spec.when == HaltSpec::When::never || (halted_ && spec.when == HaltSpec::When::now)) return;
  std::string notice = halt_notice(spec, status == Status::ok);
  if (notice.empty()) return;
  status_.clear();
  shoal::write_all(2, "shoal: " + notice + "\n" + command + "\n");
  const Counts& c = reporter_.counts();
  // With --stages, --halt counts the stage's own jobs, as its gate does (a
  // percentage of a stage is known at its end: the gate's to judge).
  bool reached = stage_ends_.empty() ? halt_reached(spec, c.ok, c.not_ok(), c.total.value_or(0))
                                     : halt_reached(spec, stage_ok_, stage_not_ok_, 0);
  if (!reached) return;
  if (!halted_) halt(status, exit_code, signal);
  if (spec.when == HaltSpec::When::soon && scheduler_.running() > 0)
    say(fmt::format("Starting no more jobs. Waiting for {} jobs to finish.", scheduler_.running()));
  maybe_done();
}

void Runner::halt(Status status, int exit_code, int signal) {
  const HaltSpec& spec = options_.halt;
  const Counts& c = reporter_.counts();
  halted_ = true;
  if (spec.why == HaltSpec::Why::success) {
    halt_exit_ = 0;
  } else if (spec.percent) {
    halt_exit_ = static_cast<int>(std::ceil(100.0 * static_cast<double>(c.not_ok()) /
                                            static_cast<double>(std::max<std::uint64_t>(*c.total, 1))));
  } else if (spec.value == 1) {
    // 128+signal, as bash shows it; a job that could not start: 127.
    halt_exit_ = status == Status::ok                       ? 0
                 : status == Status::timeout                ? 255
                 : status == Status::error && exit_code > 0 ? exit_code  // ssh's 255
                 : status == Status::error                  ? 127
                 : exit_code > 0           ? exit_code
                 : signal > 0              ? 128 + signal
                                           : 1;
  } else {
    halt_exit_ = exit_status_for(c.not_ok());
  }
  scheduler_.stop();
  input_watch_.stop();
  report_waiting_retries();
  if (!stage_ends_.empty()) stop_rollout();
  if (spec.when == HaltSpec::When::now) {
    // As for a timeout: --termseq's signals, by default TERM three times
    // over 350 ms, then KILL.
    engine_.end_all();
  }
}

// When shoal stops early, a job waiting to be retried ends with the result
// of its last try: every job that ran gets its one record.
void Runner::report_waiting_retries() {
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& [order, w] : waiting) report(w.pending, std::move(*w.pending.last));
  auto ready = std::move(ready_);
  ready_.clear();
  for (auto& p : ready)
    if (p.last) report(p, std::move(*p.last));
}

void Runner::interrupt(int signum) {
  ++interrupts_;
  final_signal_ = signum;
  scheduler_.stop();
  input_watch_.stop();
  report_waiting_retries();
  if (interrupts_ == 1 && stderr_takes_a_line()) {
    status_.clear();
    say(fmt::format("{}: starting no more jobs; waiting for {} running (again to kill them)",
                    signum == SIGINT ? "interrupted" : strsignal(signum), scheduler_.running()));
  }
  if (interrupts_ == 1) {
    engine_.signal_all(signum);
  } else {
    // Whole groups, also those whose leader has exited: a background
    // process the job's shell made ignore SIGINT dies too.
    engine_.signal_all(SIGKILL);
    engine_.signal_left_behind(SIGKILL);
  }
  maybe_done();
}

void Runner::stdout_gone() {
  // Nobody reads our output any more (`shoal ... | head -1`): end quietly,
  // the way a filter ends when its reader goes away.
  stdout_watch_.stop();
  if (final_signal_) return;
  final_signal_ = SIGPIPE;
  scheduler_.stop();
  input_watch_.stop();
  report_waiting_retries();
  engine_.signal_all(SIGTERM);
  maybe_done();
}

void Runner::maybe_done() {
  if (scheduler_.stopping()) {
    // Parked jobs never started: like input not read yet, they have no record.
    parked_.clear();
    parked_count_ = 0;
  }
  if (stage_over() && more_stages()) {
    end_stage();
    return;
  }
  bool input_over = input_done_ && (stage_ends_.empty() || (stage_pulled_ && !more_stages()));
  if (!(input_over || scheduler_.stopping()) || !idle()) return;
  // Every job has ended: what -k still holds goes to be printed.
  reporter_.finish();
  if (stopped_by_signal_or_halt() && !left_behind_ended_) {
    // Stopped: what the jobs left in their process groups does not outlive
    // shoal. TERM, then KILL a grace later, as for a timeout.
    if (ending_left_behind_) return;  // under way; it calls back here
    ending_left_behind_ = true;
    engine_.end_left_behind(std::chrono::seconds(1), [this] {
      left_behind_ended_ = true;
      maybe_done();
    });
    return;
  }
  // The run is over once all output is written -- or at once after a
  // second signal, rather than wait on a reader that has stopped reading.
  if (!reporter_.writing() || interrupts_ >= 2) {
    loop_.stop();
  } else if (interrupts_ == 1 && !said_waiting_for_reader_ && stderr_takes_a_line()) {
    said_waiting_for_reader_ = true;
    status_.clear();
    say("waiting for the output to be read (again to leave without it)");
  }
}

// After a run that ended on its own, a daemon a job started on purpose
// (`nohup ... &`, setsid) is left, as GNU parallel leaves it. A run that
// was stopped -- a signal, --halt now, or stdout's reader gone -- ends what
// its jobs started.
bool Runner::stopped_by_signal_or_halt() const {
  bool interrupted = final_signal_ == SIGINT || final_signal_ == SIGTERM || final_signal_ == SIGHUP ||
                     final_signal_ == SIGPIPE;
  return interrupted || (halted_ && options_.halt.when == HaltSpec::When::now);
}

}  // namespace shoal::cli

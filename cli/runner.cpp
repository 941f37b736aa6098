// The run from start to end: what is opened before the first job (the
// reports, the fleet, the pipe, the signal watches, the status line), the
// loop, and what is said after the last (the status line's last state,
// the summary, --report's page). The jobs themselves are
// runner_start.cpp's and runner_finish.cpp's; when the loop may stop,
// runner_ending.cpp's.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

#include <fmt/format.h>

#include "remote/stages.hpp"
#include "runner.hpp"

namespace shoal::cli {

namespace {

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
  if (auto failed = begin()) return *failed;
  return end();
}

std::optional<Ending> Runner::begin() {
  if (auto failed = open()) return *failed;
  watch_signals();
  start_status_line();
  watch_stdout();

  // A ::: list's size is known at once: the ETA and --halt P% need it.
  if (options_.resume == Options::Resume::none) {
    std::optional<std::uint64_t> parts;
    if (options_.pipe.part) parts = pipe_.parts.parts().size();
    reporter_.counts().total = !piped() ? fanned(in_.items->total()) : parts;
  }
  // Output written off the loop comes back done: its reader may have gone,
  // or the run may have been waiting only for it.
  reporter_.on_written([this] {
    if (reporter_.stdout_closed()) stdout_gone();
    maybe_done();
  });

  if (options_.pipe.tee && in_.items->total() && *in_.items->total() > scheduler_.limit()) {
    say(fmt::format("--tee runs a job for every argument at once: -j is lower than their number "
                    "({}; try -j 0)", *in_.items->total()));
    return Ending{255, 0};
  }
  fill();
  if (options_.pipe.tee) {
    // Every job runs before the first byte goes to them.
    if (tee_needs_more_slots()) {
      say("--tee runs a job for every argument at once: -j is lower than their number (try -j 0)");
      stop_.own_error = true;
      scheduler_.stop();
    }
    fill();
  }
  return std::nullopt;
}

Ending Runner::end() {
  loop_.run();
  return wind_up();
}

// What must be there before the first job: the reports, the fleet, the
// pipe. The ending when one of them fails.
std::optional<Ending> Runner::open() {
  if (auto opened = reporter_.open(); !opened) {
    say(opened.error());
    return Ending{255, 0};
  }
  if (fleet_) {
    if (auto opened = fleet_->open(); !opened) {
      say(opened.error());
      return Ending{255, 0};
    }
    // Jobs free to go anywhere go to whichever host is up first.
    if (!options_.remote.fan_out())
      for (std::size_t h = 0; h < fleet_->hosts().size(); ++h) fleet_->connect(h);
  }
  if (fanning_out()) {
    std::vector<std::size_t> stage_ends;
    if (!options_.stages.empty()) stage_ends = plan_stages(options_.stages, fleet_->hosts().size());
    fan_.emplace(fleet_->hosts().size(), std::move(stage_ends));
  }
  if (auto opened = open_pipe(); !opened) {
    say(opened.error());
    return Ending{255, 0};
  }
  return std::nullopt;
}

void Runner::watch_signals() {
  on_int_ = SignalWatch(loop_, SIGINT, [this] { interrupt(SIGINT); });
  on_term_ = SignalWatch(loop_, SIGTERM, [this] { interrupt(SIGTERM); });
  // Under nohup, SIGHUP arrives ignored: leave it so (and the jobs inherit
  // that, see spawn.cpp). Otherwise a hang-up is handled like SIGTERM.
  if (!hangup_ignored_at_start()) on_hup_ = SignalWatch(loop_, SIGHUP, [this] { interrupt(SIGHUP); });
}

void Runner::start_status_line() {
  if (!status_.enabled()) return;
  if (options_.progress || options_.eta)
    shoal::write_all(2, format_progress_header(cpu_count(), scheduler_.limit()));
  ticker_ = Timer(loop_);
  ticker_.start(std::chrono::milliseconds(200), [this] {
    // Not while output is being written off the loop: the line would
    // land inside a job's stderr (and might wait for its reader).
    if (!reporter_.writing()) status_.draw(progress_text());
  }, std::chrono::milliseconds(200));
  ticker_.set_keeps_loop_alive(false);
}

// A pipe's write end never polls readable; it reports an error once the
// reader has gone. Noticing that at once, rather than at the next write,
// lets `shoal ... | head -1` end even while every job is still silent.
void Runner::watch_stdout() {
  struct stat out_stat{};
  if (::fstat(1, &out_stat) == 0 && S_ISFIFO(out_stat.st_mode))
    stdout_watch_ = FdWatch(loop_, 1, FdWatch::readable, [this] { stdout_gone(); });
}

// The loop has stopped: the last output, the last words, the ending.
Ending Runner::wind_up() {
  in_.watch.stop();
  stdout_watch_.stop();
  if (fleet_) fleet_->close();
  reporter_.finish();
  // Ended some other way than maybe_done: the output is waited for here.
  if (reporter_.writing() && stop_.interrupts < 2) loop_.run();
  // A second signal: shoal leaves a reader that does not read behind; the
  // jobs whose output it never took have no records, so --resume runs them.
  bool left_the_reader = reporter_.writing();
  if (left_the_reader) reporter_.abandon();
  say_last_state(left_the_reader);
  // --report: the page of what ran, also when the run was cut short.
  if (auto written = reporter_.write_report(options_.command_line); !written) {
    say(written.error());
    stop_.own_error = true;
  }
  return exit_ending();
}

// GNU parallel's --bar, --eta and --progress leave their last state on
// stderr, also when every job ended before the first redraw; then the
// summary. Left behind, the reader may be stderr's too: nothing more is
// said unless stderr takes it now.
void Runner::say_last_state(bool left_the_reader) {
  if (left_the_reader && !stderr_takes_a_line()) return;
  if (progress_style() != ProgressStyle::shoal)
    status_.finish(progress_text());
  else
    status_.clear();
  if (!summary_wanted(options_)) return;
  shoal::write_all(2, format_summary(reporter_.counts(), seconds_since(started_), reporter_.slowest()) +
                          format_host_outcomes(reporter_.hosts()));
  if (!rollout_stopped_.empty()) say(rollout_stopped_);
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

// Something changed (a job ended, input came, a host connected, a timer
// fired): start what may start, feed what reads on, end if all is done.
void Runner::fill() {
  start_jobs();
  feed_running();
  maybe_done();
}

}  // namespace shoal::cli

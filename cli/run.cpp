#include "run.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "input.hpp"
#include "joblog.hpp"
#include "printer.hpp"
#include "progress.hpp"
#include "scheduler.hpp"
#include "shoal/shoal.hpp"
#include "template.hpp"

namespace shoal::cli {

namespace {

using Clock = std::chrono::steady_clock;

void say(const std::string& line) { shoal::write_all(2, "shoal: " + line + "\n"); }

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

bool enabled(Toggle t, bool automatic) { return t == Toggle::on || (t == Toggle::automatic && automatic); }

// Opens the one input source; sets `error` when it cannot.
std::unique_ptr<InputSource> open_input(const Options& o, std::string& error) {
  if (o.inputs.empty()) return std::make_unique<LineSource>(0, false, "stdin");
  if (o.inputs.size() > 1 || (o.inputs[0].kind == InputGroup::Kind::file && o.inputs[0].values.size() > 1)) {
    error = "several input sources are not supported yet: give one ::: list or one :::: file";
    return nullptr;
  }
  const InputGroup& g = o.inputs[0];
  if (g.kind == InputGroup::Kind::args) return std::make_unique<ArgsSource>(g.values);
  const std::string& path = g.values[0];
  if (path == "-") return std::make_unique<LineSource>(0, false, "stdin");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open input file " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::make_unique<LineSource>(fd, true, path);
}

// --dry-run: the command lines, nothing started. Output is batched: a
// million lines must not cost a million write calls.
int dry_run(InputSource& input, const CommandTemplate& tmpl, std::size_t jobs) {
  std::string batch, item;
  std::uint64_t seq = 0;
  for (;;) {
    auto pull = input.next(item);
    if (pull == InputSource::Pull::wait) {
      input.readable();  // nothing else to do meanwhile: a blocking read is fine
      continue;
    }
    if (pull == InputSource::Pull::end) break;
    ++seq;
    batch += tmpl.display({item, seq, static_cast<std::size_t>((seq - 1) % jobs) + 1});
    batch += '\n';
    if (batch.size() >= (1 << 16)) {
      if (shoal::write_all(1, batch) == EPIPE) return 128 + SIGPIPE;
      batch.clear();
    }
  }
  if (shoal::write_all(1, batch) == EPIPE) return 128 + SIGPIPE;
  if (!input.error().empty()) {
    say(input.error());
    return 255;
  }
  return 0;
}

// The live status line on stderr, drawn over itself with \r.
class StatusLine {
 public:
  explicit StatusLine(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  void draw(const std::string& text) {
    if (!enabled_) return;
    shoal::write_all(2, "\r" + text + "\033[K");
    shown_ = true;
  }
  void clear() {
    if (!shown_) return;
    shoal::write_all(2, "\r\033[K");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

class Runner {
 public:
  Runner(const Options& o, std::unique_ptr<InputSource> input, CommandTemplate tmpl,
         std::size_t jobs)
      : options_(o),
        engine_(loop_),
        scheduler_(jobs),
        tmpl_(std::move(tmpl)),
        input_(std::move(input)),
        status_(enabled(o.live, ::isatty(2))),
        show_summary_(enabled(o.summary, ::isatty(2))),
        printer_({o.keep_order, o.tag}, 1, 2, [this] { status_.clear(); }) {}

  int run();

 private:
  struct Pending {
    std::uint64_t seq = 0;
    std::string arg;
  };

  void fill();
  bool pull(Pending& pending);
  void launch(Pending pending);
  void record(std::uint64_t seq, std::size_t slot, const std::string& arg, Result r);
  void interrupt(int signum);
  void stdout_gone();
  void maybe_done();

  const Options& options_;
  Loop loop_;
  Engine engine_;
  Scheduler scheduler_;
  CommandTemplate tmpl_;
  std::unique_ptr<InputSource> input_;
  StatusLine status_;
  bool show_summary_;
  Printer printer_;
  std::unique_ptr<JoblogFile> joblog_;
  Counts counts_;
  SlowestJobs slowest_;
  Clock::time_point started_ = Clock::now();

  std::uint64_t next_seq_ = 1;
  bool input_done_ = false;
  ReadWatch input_watch_;
  ReadWatch stdout_watch_;  // notices a reader of our stdout pipe going away
  std::optional<Pending> retry_;  // could not start for lack of fds/processes
  int interrupts_ = 0;
  int final_signal_ = 0;
  bool own_error_ = false;  // shoal itself failed at something: exit 255
};

int Runner::run() {
  if (!options_.joblog.empty()) {
    joblog_ = std::make_unique<JoblogFile>(options_.joblog);
    if (!joblog_->error().empty()) {
      say(joblog_->error());
      return 255;
    }
  }
  SignalWatch on_int(loop_, SIGINT, [this] { interrupt(SIGINT); });
  SignalWatch on_term(loop_, SIGTERM, [this] { interrupt(SIGTERM); });
  SignalWatch on_hup(loop_, SIGHUP, [this] { interrupt(SIGHUP); });
  Timer ticker(loop_);
  if (status_.enabled()) {
    ticker.start(std::chrono::milliseconds(200), [this] {
      counts_.running = scheduler_.running();
      status_.draw(format_status_line(counts_, std::chrono::duration<double>(Clock::now() - started_).count()));
    }, std::chrono::milliseconds(200));
    ticker.set_keeps_loop_alive(false);
  }

  // A pipe's write end never polls readable; it reports an error once the
  // reader has gone. Noticing that at once, rather than at the next write,
  // lets `shoal ... | head -1` end even while every job is still silent.
  struct stat out_stat{};
  if (::fstat(1, &out_stat) == 0 && S_ISFIFO(out_stat.st_mode))
    stdout_watch_ = ReadWatch(loop_, 1, [this] { stdout_gone(); });

  fill();
  loop_.run();

  status_.clear();
  if (show_summary_)
    shoal::write_all(2, format_summary(counts_, std::chrono::duration<double>(Clock::now() - started_).count(), slowest_));
  if (final_signal_) return 128 + final_signal_;
  if (own_error_) return 255;
  return exit_status_for(counts_.not_ok());
}

void Runner::fill() {
  while (scheduler_.can_start()) {
    Pending next;
    if (retry_) {
      next = std::move(*retry_);
      retry_.reset();
    } else if (!pull(next)) {
      break;
    }
    launch(std::move(next));
    if (retry_) break;
  }
  maybe_done();
}

bool Runner::pull(Pending& pending) {
  if (input_done_) return false;
  std::string item;
  switch (input_->next(item)) {
    case InputSource::Pull::item:
      pending = {next_seq_++, std::move(item)};
      return true;
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
      counts_.total = next_seq_ - 1;
      if (!input_->error().empty()) {
        say(input_->error());
        own_error_ = true;
      }
      return false;
  }
  return false;
}

void Runner::launch(Pending pending) {
  std::size_t slot = scheduler_.start();
  Command command = tmpl_.build({pending.arg, pending.seq, slot});
  if (options_.timeout)
    command.timeout = std::max(std::chrono::milliseconds(1),
                               std::chrono::milliseconds(std::llround(*options_.timeout * 1000)));
  std::uint64_t seq = pending.seq;
  auto started = engine_.start(command, [this, seq, slot, arg = pending.arg](Result r) {
    scheduler_.finish(slot);
    record(seq, slot, arg, std::move(r));
    fill();
  });
  if (std::holds_alternative<JobId>(started)) return;

  Result r = std::move(std::get<Result>(started));
  scheduler_.finish(slot);
  if (r.resource_exhausted() && scheduler_.resource_exhausted()) {
    if (scheduler_.take_cap_notice())
      say(fmt::format("warning: {}; running at most {} jobs at once from now on",
                      r.error, scheduler_.limit()));
    retry_ = std::move(pending);
    return;
  }
  record(seq, slot, pending.arg, std::move(r));
}

void Runner::record(std::uint64_t seq, std::size_t slot, const std::string& arg, Result r) {
  counts_.add(r.status);
  // The command line as text is for people and logs; skip building it when
  // nobody will read it (most of a 10,000-job run).
  bool wanted = joblog_ || show_summary_ || r.status == Status::timeout;
  std::string command = wanted ? tmpl_.display({arg, seq, slot}) : std::string();
  if (r.status == Status::error)
    r.err.append(fmt::format("shoal: job {}: {}\n", seq, r.error));
  else if (r.status == Status::timeout)
    r.err.append(fmt::format("shoal: job {} timed out after {}: {}\n", seq,
                             format_duration(*options_.timeout), command));
  if (joblog_ && !joblog_->append(joblog_entry(seq, r, command)) && !own_error_) {
    say(joblog_->error());
    own_error_ = true;
  }
  if (show_summary_) slowest_.add(r.duration().count(), seq, command);
  printer_.finished(seq, arg, std::move(r.out), std::move(r.err));
  if (printer_.stdout_closed()) stdout_gone();
}

void Runner::stdout_gone() {
  // Nobody reads our output any more (`shoal ... | head -1`): end quietly,
  // the way a filter ends when its reader goes away.
  stdout_watch_.stop();
  if (final_signal_) return;
  final_signal_ = SIGPIPE;
  scheduler_.stop();
  input_watch_.stop();
  retry_.reset();
  engine_.signal_all(SIGTERM);
  maybe_done();
}

void Runner::interrupt(int signum) {
  ++interrupts_;
  final_signal_ = signum;
  scheduler_.stop();
  input_watch_.stop();
  retry_.reset();
  if (interrupts_ == 1) {
    status_.clear();
    say(fmt::format("{}: starting no more jobs; waiting for {} running (again to kill them)",
                    signum == SIGINT ? "interrupted" : strsignal(signum), scheduler_.running()));
    engine_.signal_all(signum);
  } else {
    engine_.signal_all(SIGKILL);
  }
  maybe_done();
}

void Runner::maybe_done() {
  bool nothing_left = input_done_ || scheduler_.stopping();
  if (nothing_left && scheduler_.running() == 0 && !retry_) loop_.stop();
}

}  // namespace

int exit_status_for(std::uint64_t not_ok) { return not_ok > 100 ? 101 : static_cast<int>(not_ok); }

int run(const Options& o) {
  std::string error;
  auto input = open_input(o, error);
  if (!input) {
    say(error);
    return 255;
  }
  auto tmpl = CommandTemplate::parse(join(o.command));
  if (o.inputs.empty() && ::isatty(0))
    say("reading arguments from the terminal, one per line (Ctrl-D ends them)");

  auto cpus = static_cast<std::size_t>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  std::size_t wanted = resolve_jobs(o.jobs, cpus);
  if (o.dry_run) return dry_run(*input, tmpl, std::min<std::size_t>(wanted, 1 << 20));

  Capacity capacity = ensure_capacity(wanted);
  if (capacity.jobs < wanted) {
    if (o.jobs.kind == JobsSpec::Kind::unlimited)
      say(fmt::format("-j 0: running up to {} jobs at once (limited by {})", capacity.jobs,
                      capacity.limited));
    else
      say(fmt::format("warning: -j {} is more than this machine allows; running up to {} jobs at "
                      "once (limited by {})",
                      wanted, capacity.jobs, capacity.limited));
  }
  Runner runner(o, std::move(input), std::move(tmpl), capacity.jobs);
  return runner.run();
}

}  // namespace shoal::cli

#include "run.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <random>

#include <fmt/format.h>

#include "arguments.hpp"
#include "dry_run.hpp"
#include "durations.hpp"
#include "joblog.hpp"
#include "open_inputs.hpp"
#include "remote/fleet.hpp"
#include "report.hpp"
#include "retry.hpp"
#include "running_median.hpp"
#include "scheduler.hpp"
#include "shoal/shoal.hpp"
#include "status_line.hpp"
#include "template.hpp"

namespace shoal::cli {

namespace {

using Clock = std::chrono::steady_clock;

void say(const std::string& line) { shoal::write_all(2, "shoal: " + line + "\n"); }

bool hangup_ignored_at_start() {
  struct sigaction current{};
  return ::sigaction(SIGHUP, nullptr, &current) == 0 && current.sa_handler == SIG_IGN;
}


double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

class Runner {
 public:
  // `jobs` at once in all; a remote run's hosts take `per_host` each
  // unless their login says N/.
  Runner(const Options& o, std::unique_ptr<JobArguments> input, CommandTemplate tmpl,
         std::size_t jobs, std::size_t per_host, JoblogHistory history,
         std::vector<std::uint64_t> fixed_seqs)
      : options_(o),
        engine_(loop_),
        fleet_(make_fleet(o, loop_, engine_, jobs, per_host, [this] { fill(); })),
        scheduler_(jobs),
        tmpl_(std::move(tmpl)),
        tagstring_(CommandTemplate::parse_text(o.tagstring, o.replace_whole)),
        input_(std::move(input)),
        history_(std::move(history)),
        fixed_seqs_(std::move(fixed_seqs)),
        retry_{o.tries, o.retry_delay, o.retry_backoff},
        // --delay and --rate both come down to a least time between starts.
        start_interval_(to_millis(std::max(o.delay, o.rate > 0 ? 1.0 / o.rate : 0.0))),
        status_(o.live == Toggle::on || (o.live == Toggle::automatic && ::isatty(2))),
        reporter_(o, [this] { status_.clear(); }) {}

  Ending run();

 private:
  // A job from its input until its one record.
  struct Pending {
    std::uint64_t seq = 0;    // the joblog's number for it
    std::uint64_t order = 0;  // its place among this run's jobs (for -k)
    std::vector<std::string> args;
    std::size_t slot = 0;
    unsigned tries = 0;
    // Remote runs: the host this job must run on (--onall, --nonall), and
    // the one it runs on.
    std::optional<std::size_t> bound_host;
    std::optional<std::size_t> host;
    std::optional<Result> last;  // the previous try's result, while a retry waits
  };
  struct RetryWait {
    Timer timer;
    Pending pending;
  };

  void fill();
  bool pull(Pending& pending);
  bool pull_fanned_out(Pending& pending);
  bool take_parked(Pending& pending);
  bool launch(Pending pending);
  void finished(std::uint64_t order, Result result);
  void schedule_retry(Pending pending);
  void report(Pending& pending, Result result);
  void report_waiting_retries();
  void check_halt(Status status, int exit_code, int signal);
  std::string tag_for(const Pending& pending) const;
  std::optional<std::chrono::milliseconds> timeout_for_next_job() const;
  void interrupt(int signum);
  void stdout_gone();
  void maybe_done();

  static std::unique_ptr<Fleet> make_fleet(const Options& o, Loop& loop, Engine& engine,
                                           std::size_t jobs,
                                           std::size_t per_host, std::function<void()> changed);

  const Options& options_;
  Loop loop_;
  Engine engine_;
  std::unique_ptr<Fleet> fleet_;  // remote runs only
  Scheduler scheduler_;
  CommandTemplate tmpl_;
  CommandTemplate tagstring_;
  std::unique_ptr<JobArguments> input_;
  JoblogHistory history_;                  // --resume*: what has run before
  std::vector<std::uint64_t> fixed_seqs_;  // --retry-failed: the seqs to run again
  RetryPolicy retry_;
  Clock::duration start_interval_;
  Clock::time_point next_start_{};
  Timer pace_timer_;
  RunningMedian ok_runtimes_;  // for --timeout N%
  bool halted_ = false;
  Timer halt_kill_timer_;
  int halt_exit_ = 0;
  std::minstd_rand random_{static_cast<unsigned>(Clock::now().time_since_epoch().count())};
  StatusLine status_;
  Reporter reporter_;
  Clock::time_point started_ = Clock::now();

  std::uint64_t next_seq_ = 1;
  std::uint64_t next_order_ = 1;
  bool input_done_ = false;
  ReadWatch input_watch_;
  ReadWatch stdout_watch_;  // notices a reader of our stdout pipe going away
  std::map<std::uint64_t, Pending> running_;  // by order
  std::deque<Pending> ready_;                 // due retries, and jobs put back for lack of fds
  // --onall/--nonall: jobs waiting for their own host (to connect, or to
  // finish its job before), so that one slow host holds up no other.
  std::map<std::size_t, std::deque<Pending>> parked_;
  std::size_t parked_count_ = 0;
  std::vector<std::string> fan_item_;  // the input item being run on every host
  std::size_t fan_next_host_ = 0;
  bool fan_have_item_ = false;
  std::map<std::uint64_t, RetryWait> waiting_;  // retries waiting for their delay, by order
  int interrupts_ = 0;
  int final_signal_ = 0;
  bool own_error_ = false;  // shoal itself failed at something: exit 255
  bool pulling_item_ = false;

  // --onall/--nonall: a count of input items in jobs.
  std::optional<std::uint64_t> fanned(std::optional<std::uint64_t> items) const {
    if (!items || !fleet_ || !options_.remote.fan_out()) return items;
    return *items * fleet_->hosts().size();
  }
};

// ssh exits 255 when it could not run the command at all (the host is
// unreachable, a key is refused): the job did not run -- status error, with
// ssh's own message. (A remote command that itself exits 255 looks the same.)
void classify_ssh_failure(Result& r) {
  if (r.status != Status::failed || r.exit_code != 255) return;
  r.status = Status::error;
  r.error = ssh_message(r.err);
  if (r.error.empty()) r.error = "ssh failed (exit status 255)";
}

std::unique_ptr<Fleet> Runner::make_fleet(const Options& o, Loop& loop, Engine& engine,
                                          std::size_t jobs,
                                          std::size_t per_host, std::function<void()> changed) {
  const RemoteOptions& r = o.remote;
  if (!r.any()) return nullptr;
  SshSettings settings;
  settings.ssh = split_words(r.ssh);
  settings.connect_timeout = r.connect_timeout;
  if (r.control_persist) settings.control_persist = *r.control_persist;
  // --nonall runs one job a host: a shared connection would only add a
  // step, unless it is kept for the next run.
  bool multiplex = r.multiplex && (!r.nonall || r.control_persist);
  HostPool hosts(r.logins, per_host, multiplex);
  // Connections open -j at a time (many hosts may sit behind one bastion).
  auto fleet = std::make_unique<Fleet>(loop, engine, std::move(hosts), std::move(settings),
                                       r.control_persist.has_value(), std::move(changed));
  fleet->set_connect_limit(std::max<std::size_t>(jobs, 1));
  if (!multiplex) fleet->disable_multiplexing();
  if (!r.fan_out()) fleet->say_when_down();
  return fleet;
}

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
  SignalWatch on_int(loop_, SIGINT, [this] { interrupt(SIGINT); });
  SignalWatch on_term(loop_, SIGTERM, [this] { interrupt(SIGTERM); });
  // Under nohup, SIGHUP arrives ignored: leave it so (and the jobs inherit
  // that, see spawn.cpp). Otherwise a hang-up is handled like SIGTERM.
  SignalWatch on_hup;
  if (!hangup_ignored_at_start()) on_hup = SignalWatch(loop_, SIGHUP, [this] { interrupt(SIGHUP); });
  Timer ticker(loop_);
  if (status_.enabled()) {
    ticker.start(std::chrono::milliseconds(200), [this] {
      reporter_.counts().running = scheduler_.running();
      auto style = options_.bar        ? ProgressStyle::bar
                   : options_.eta      ? ProgressStyle::eta
                   : options_.progress ? ProgressStyle::progress
                                       : ProgressStyle::shoal;
      status_.draw(format_progress(style, reporter_.counts(), seconds_since(started_)));
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
  if (options_.resume == Options::Resume::none) reporter_.counts().total = fanned(input_->total());

  fill();
  loop_.run();
  input_watch_.stop();
  stdout_watch_.stop();
  if (fleet_) fleet_->close();
  reporter_.finish();

  status_.clear();
  if (summary_wanted(options_))
    shoal::write_all(2, format_summary(reporter_.counts(), seconds_since(started_), reporter_.slowest()));
  if (final_signal_) return {128 + final_signal_, final_signal_};
  if (own_error_ || reporter_.failed_to_record()) return {255, 0};
  if (halted_) return {halt_exit_, 0};
  return {exit_status_for(reporter_.counts().not_ok()), 0};
}

void Runner::fill() {
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
  maybe_done();
}

bool Runner::take_parked(Pending& pending) {
  for (auto it = parked_.begin(); it != parked_.end(); ++it) {
    auto place = fleet_->hosts().place_on(it->first);
    if (place.kind == HostPool::Placement::Kind::wait) continue;
    pending = std::move(it->second.front());
    it->second.pop_front();
    if (it->second.empty()) parked_.erase(it);
    --parked_count_;
    return true;
  }
  return false;
}

// --onall / --nonall: each input item becomes one job per host, item after
// item (all hosts run the first item before any runs the second).
bool Runner::pull_fanned_out(Pending& pending) {
  if (!fan_have_item_ || fan_next_host_ == fleet_->hosts().size()) {
    fan_have_item_ = false;
    Pending item;
    if (!pull(item)) return false;
    fan_item_ = std::move(item.args);
    if (options_.remote.nonall) fan_item_.clear();
    fan_have_item_ = true;
    fan_next_host_ = 0;
    next_seq_ = item.seq;  // pull() took one number; each host's job takes its own
    next_order_ = item.order;
  }
  pending = Pending();
  pending.seq = fixed_seqs_.empty() ? next_seq_++ : fixed_seqs_[next_order_ - 1];
  pending.order = next_order_++;
  pending.args = fan_item_;
  pending.bound_host = fan_next_host_++;
  return true;
}

bool Runner::pull(Pending& pending) {
  if (fleet_ && options_.remote.fan_out() && !pulling_item_) {
    pulling_item_ = true;
    bool got = pull_fanned_out(pending);
    pulling_item_ = false;
    return got;
  }
  std::vector<std::string> item;
  while (!input_done_) {
    switch (input_->next(item)) {
      case InputSource::Pull::item: {
        std::uint64_t seq = fixed_seqs_.empty() ? next_seq_++ : fixed_seqs_[next_order_ - 1];
        bool skip = (options_.resume == Options::Resume::resume && history_.done(seq)) ||
                    (options_.resume == Options::Resume::resume_failed && history_.succeeded(seq));
        if (skip) continue;
        pending = Pending();
        pending.seq = seq;
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
    HostPool& hosts = fleet_->hosts();
    auto place = pending.bound_host ? hosts.place_on(*pending.bound_host) : hosts.place_anywhere();
    switch (place.kind) {
      case HostPool::Placement::Kind::run:
        pending.host = place.host;
        break;
      case HostPool::Placement::Kind::fail: {
        // No host can run it (its own, or any): one record, status error.
        if (pending.bound_host) pending.host = pending.bound_host;
        Result r;
        r.status = Status::error;
        r.exit_code = 255;  // as ssh's own exit when it cannot connect
        r.error = place.reason;
        r.start = r.end = Clock::now();
        r.wall_start = std::chrono::system_clock::now();
        r.tries = static_cast<int>(++pending.tries);
        report(pending, std::move(r));
        return true;
      }
      case HostPool::Placement::Kind::wait:
        if (pending.bound_host) {
          std::size_t host = *pending.bound_host;
          parked_[host].push_back(std::move(pending));
          ++parked_count_;
          fleet_->connect(host);
          return true;
        }
        ready_.push_front(std::move(pending));
        return false;
    }
  }
  pending.slot = scheduler_.start();
  JobInput input{pending.args, pending.seq, pending.slot};
  Command command = fleet_ ? fleet_->command(*pending.host, tmpl_, input) : tmpl_.build(input);
  if (auto timeout = timeout_for_next_job()) command.timeout = *timeout;
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
    ++pending.tries;
    if (pending.host) fleet_->hosts().take(*pending.host);
    running_.emplace(order, std::move(pending));
    return true;
  }

  Result r = std::move(std::get<Result>(started));
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

std::string Runner::tag_for(const Pending& p) const {
  if (!options_.tagstring.empty()) return tagstring_.expand_text({p.args, p.seq, p.slot});
  // --onall/--nonall: what tells one host's output from another's is the
  // host, as GNU parallel tags them.
  if (options_.tag && p.bound_host) return fleet_->hosts()[*p.bound_host].login.name();
  // The arguments, space-separated, as GNU parallel tags.
  return options_.tag ? join(p.args) : std::string();
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
  if (pending.host) {
    fleet_->hosts().release(*pending.host);
    if (!fleet_->hosts()[*pending.host].login.local()) {
      if (final_signal_ || halted_) {
        // shoal signalled this ssh itself (Ctrl-C, --halt now): its 255 says
        // it was interrupted, not that the host is unreachable.
        if (r.status == Status::failed && r.exit_code == 255) {
          r.status = Status::killed;
          r.signal = final_signal_ ? final_signal_ : SIGTERM;
        }
      } else {
        classify_ssh_failure(r);
      }
    }
  }
  if (!scheduler_.stopping() && retry_.should_retry(r.status, pending.tries)) {
    pending.last = std::move(r);
    schedule_retry(std::move(pending));
  } else {
    report(pending, std::move(r));
  }
  fill();
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
  JobReport job{p.seq, p.args, host, {}, tag_for(p)};
  if (reporter_.wants_command_text() || r.status == Status::timeout)
    job.command = tmpl_.display({p.args, p.seq, p.slot});
  if (r.status == Status::ok) ok_runtimes_.add(r.duration().count());
  Status status = r.status;
  int exit_code = r.exit_code, signal = r.signal;
  reporter_.record(p.order, job, std::move(r));
  if (reporter_.stdout_closed()) stdout_gone();
  check_halt(status, exit_code, signal);
}

// --halt, with GNU parallel's exit statuses: fail=1 or done=1 exits with the
// status of the job that tripped it (128+signal for a signal); fail=N/done=N
// with the failures so far; P% with the percentage failed; success with 0.
void Runner::check_halt(Status status, int exit_code, int signal) {
  const HaltSpec& spec = options_.halt;
  const Counts& c = reporter_.counts();
  if (halted_ || spec.when == HaltSpec::When::never ||
      !halt_reached(spec, c.ok, c.not_ok(), c.total.value_or(0)))
    return;
  halted_ = true;
  if (spec.why == HaltSpec::Why::success) {
    halt_exit_ = 0;
  } else if (spec.percent) {
    halt_exit_ = static_cast<int>(std::ceil(100.0 * static_cast<double>(c.not_ok()) /
                                            static_cast<double>(std::max<std::uint64_t>(*c.total, 1))));
  } else if (spec.value == 1) {
    // 128+signal, as bash shows it; a job that could not start: 127.
    halt_exit_ = status == Status::ok                       ? 0
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
  bool now = spec.when == HaltSpec::When::now;
  status_.clear();
  if (scheduler_.running() > 0)
    say(fmt::format("--halt: starting no more jobs; {} the {} running", now ? "killing" : "waiting for",
                    scheduler_.running()));
  if (now) {
    // TERM first, as for a timeout; what still runs a second later gets KILL.
    engine_.signal_all(SIGTERM);
    halt_kill_timer_ = Timer(loop_);
    halt_kill_timer_.start(std::chrono::seconds(1), [this] { engine_.signal_all(SIGKILL); });
    halt_kill_timer_.set_keeps_loop_alive(false);
  }
  maybe_done();
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
  bool no_more = input_done_ || scheduler_.stopping();
  if (no_more && scheduler_.running() == 0 && ready_.empty() && waiting_.empty() && parked_.empty())
    loop_.stop();
}

}  // namespace

int exit_status_for(std::uint64_t not_ok) { return not_ok > 100 ? 101 : static_cast<int>(not_ok); }

Ending run(const Options& o) {
  JoblogHistory history;
  if (o.resume != Options::Resume::none) {
    std::string error;
    history = read_joblog(o.joblog, error);
    if (!error.empty()) {
      say(error);
      return {255, 0};
    }
  }
  std::string error;
  std::vector<std::uint64_t> fixed_seqs;
  std::unique_ptr<JobArguments> input;
  CommandTemplate tmpl;
  if (o.resume == Options::Resume::retry_failed) {
    input = failed_commands(history, fixed_seqs);
    tmpl = CommandTemplate::parse("");
  } else if (o.remote.nonall) {
    // No input: the command once per host, as written.
    std::vector<SourceSpec> none;
    none.push_back({std::make_unique<ArgsSource>(std::vector<std::string>{""}), false});
    input = std::make_unique<JobArguments>(std::move(none), 1, std::nullopt);
    input->prepare();
    tmpl = CommandTemplate::parse_text(join(o.command), o.replace_whole);
  } else {
    input = open_arguments(o, error);
    if (!input) {
      say(error);
      return {255, 0};
    }
    tmpl = CommandTemplate::parse(join(o.command), o.replace_whole);
    if (o.inputs.empty() && ::isatty(0))
      say("reading arguments from the terminal, one per line (Ctrl-D ends them)");
  }

  auto cpus = static_cast<std::size_t>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  std::size_t wanted = resolve_jobs(o.jobs, cpus);
  std::size_t per_host = wanted;
  if (o.remote.fan_out()) {
    // -j counts hosts at once, each running one job at a time. 64 by
    // default, as clush: the local CPU count says nothing about a fleet.
    per_host = 1;
    if (!o.jobs_given) wanted = 64;
  } else if (o.remote.any()) {
    // Every host takes -j jobs, or its own N/.
    wanted = 0;
    for (const auto& login : o.remote.logins) wanted += login.slots > 0 ? login.slots : per_host;
  }
  if (o.dry_run) {
    int status = dry_run(*input, tmpl, std::min<std::size_t>(wanted, 1 << 20));
    return status == 128 + SIGPIPE ? Ending{status, SIGPIPE} : Ending{status, 0};
  }

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
  Runner runner(o, std::move(input), std::move(tmpl), capacity.jobs, per_host,
                std::move(history), std::move(fixed_seqs));
  return runner.run();
}

}  // namespace shoal::cli

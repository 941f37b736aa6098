// The Runner: one run of jobs, from the input to each job's one record.
// It holds the glue between the policy (scheduler, templates, reports,
// retries, halting) and the mechanism (the engine and its loop). Private
// to cli/. Its methods live by concern:
//   runner.cpp         the run from start to end: open, loop, summary
//   runner_start.cpp   a job from the input to its start
//   runner_finish.cpp  a job from its end to its record: retries, --halt
//   runner_ending.cpp  stopping (signals, --halt, stdout's reader gone)
//                      and when the run is over
//   runner_hosts.cpp   remote runs: which host a job goes to, --onall,
//                      --nonall and --stages (cli/remote/fan_out.hpp)
//   runner_pipe.cpp    --pipe, --pipepart, --round-robin, --tee
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "block_files.hpp"
#include "durations.hpp"
#include "ending.hpp"
#include "job_launcher.hpp"
#include "joblog.hpp"
#include "options.hpp"
#include "pipe_feed.hpp"
#include "pipe_input.hpp"
#include "pipe_part.hpp"
#include "remote/fan_out.hpp"
#include "remote/fleet.hpp"
#include "report.hpp"
#include "retry.hpp"
#include "running_median.hpp"
#include "scheduler.hpp"
#include "shoal/shoal.hpp"
#include "status_line.hpp"
#include "template.hpp"

namespace shoal::cli {

using Clock = std::chrono::steady_clock;

// One run of jobs from its input to its records: the pipeline's glue.
class Runner {
 public:
  // `jobs` at once in all; a remote run's hosts take `per_host` each
  // unless their login says N/. The jobs start through `launcher`, or on
  // the Runner's own Engine when it is null.
  Runner(const Options& o, std::unique_ptr<JobArguments> input, CommandTemplate tmpl,
         std::size_t jobs, std::size_t per_host, JoblogHistory history,
         std::vector<JobKey> fixed_jobs, JobLauncher* launcher = nullptr)
      : options_(o),
        engine_(loop_, engine_options()),
        engine_launcher_(engine_),
        launcher_(launcher ? *launcher : engine_launcher_),
        fleet_(make_fleet(o, loop_, engine_, jobs, per_host, [this] { fill(); })),
        scheduler_(jobs),
        tmpl_(std::move(tmpl)),
        tagstring_(CommandTemplate::parse_text(o.tagstring, o.replace_whole)),
        tries_text_(CommandTemplate::parse_text(o.tries_text, o.replace_whole)),
        retry_{o.tries, o.retry_delay, o.retry_backoff},
        status_(o.live == Toggle::on || (o.live == Toggle::automatic && ::isatty(2))),
        reporter_(o, &loop_, [this] { status_.clear(); }) {
    in_.items = std::move(input);
    in_.history = std::move(history);
    in_.fixed_jobs = std::move(fixed_jobs);
    // --delay and --rate both come down to a least time between starts.
    pace_.interval = to_millis(std::max(o.delay, o.rate > 0 ? 1.0 / o.rate : 0.0));
  }

  // The run whole: begin(), the loop until the run is over, end().
  Ending run();
  // The run in two halves, for a driver other than the loop: begin()
  // starts the first jobs (or returns the ending when the run cannot
  // start), end() runs the loop until the run is over and says the last
  // words. tests/unit/runner_test.cpp ends the jobs between the two,
  // through its JobLauncher.
  std::optional<Ending> begin();
  Ending end();

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
    const JobKey* from_joblog = nullptr;  // --retry-failed: the joblog's job it runs again
    // --pipe: the job's block, or --pipepart's part, and the stdin that
    // shoal feeds while the job runs.
    std::optional<std::string> block;
    const FilePart* part = nullptr;
    std::unique_ptr<StdinFeed> feed;
    std::string shown;  // -v: the command line that goes atop its stdout
  };
  struct RetryWait {
    Timer timer;
    Pending pending;
  };

  // The run (runner.cpp).
  std::optional<Ending> open();
  void watch_signals();
  void start_status_line();
  void watch_stdout();
  Ending wind_up();
  void say_last_state(bool left_the_reader);
  ProgressStyle progress_style() const;
  std::string progress_text();  // the status line now
  void fill();

  // A job from the input to its start (runner_start.cpp).
  void start_jobs();
  bool paced();
  std::optional<Pending> next_to_start();
  bool pull(Pending& pending);
  bool pull_input(Pending& pending);
  bool already_ran(const JobKey& key) const;
  bool launch(Pending pending);
  Command command_for(Pending& pending);
  Engine::OutputListener listener_for(const Pending& pending, Command& command);
  bool not_started(Pending& pending, Result r);
  void show_command(Pending& pending, const Command& command, const JobInput& input);
  void show_verbose(std::string line);
  std::string tag_for(const Pending& pending) const;
  std::optional<std::chrono::milliseconds> timeout_for_next_job() const;

  // A job from its end to its record (runner_finish.cpp).
  void finished(std::uint64_t order, Result result);
  void warn_if_spill_failed(const Result& r);
  bool may_retry(const Pending& pending, Status status);
  void schedule_retry(Pending pending);
  void report(Pending& pending, Result result);
  void report_waiting_retries();
  void check_halt(const JobEnd& job, const std::string& command);
  void halt(const HaltDecision& decision);

  // Stopping, and the end of the run (runner_ending.cpp).
  void stop_starting();
  void interrupt(int signum);
  void stdout_gone();
  void maybe_done();
  bool end_left_behind();
  bool stopped_by_signal_or_halt() const;
  Ending exit_ending();
  // Nothing runs or waits to: the stage (or the run) may end.
  bool idle() const {
    return scheduler_.running() == 0 && jobs_.ready.empty() && jobs_.waiting.empty() &&
           jobs_.parked.empty() && !pace_.timer.active();
  }

  // --pipe, --pipepart, --round-robin, --tee (runner_pipe.cpp).
  bool piped() const { return options_.pipe.on && !options_.pipe.tee; }
  bool fed_as_they_run() const { return options_.pipe.round_robin || options_.pipe.tee; }
  Checked<void> open_pipe();
  bool pull_block(Pending& pending);
  bool next_block(std::string& block);
  void end_pipe_input();
  bool open_stdin(Pending& pending, Command& command);
  bool give_block_file(Pending& pending, Command& command);
  void feed_started(Pending& pending);
  void feed_running();
  bool tee_needs_more_slots();

  // Remote runs (runner_hosts.cpp). The one path every remote job takes is
  // place(): the host it runs on is chosen there.
  enum class Placed { run, wait, done };
  Placed place(Pending& pending);
  bool take_parked(Pending& pending);
  void read_ssh_result(Result& r) const;
  bool pull_fanned_out(Pending& pending);
  FanOut::Read read_fan_item(FanOut::Item& item);
  void count_fanned_total();
  bool pull_failed_on_its_host(Pending& pending);
  // --stages (runner_hosts.cpp).
  bool staged() const { return fan_ && fan_->staged(); }
  bool stage_over() const {
    return staged() && fan_->stage_pulled() && idle() && !scheduler_.stopping();
  }
  void say_stage();
  void end_stage();
  void stop_rollout();
  void count_skipped(const JobKey& key);
  std::string host_names(const std::vector<std::size_t>& hosts) const;

  // The command never changes which signals it ignores once jobs run.
  static EngineOptions engine_options() {
    EngineOptions options;
    options.ignored_signals_fixed = true;
    return options;
  }
  static std::unique_ptr<Fleet> make_fleet(const Options& o, Loop& loop, Engine& engine,
                                           std::size_t jobs,
                                           std::size_t per_host, std::function<void()> changed);

  const Options& options_;
  Loop loop_;
  Engine engine_;
  EngineLauncher engine_launcher_;
  JobLauncher& launcher_;  // the jobs' seam: engine_launcher_, or a test's
  std::unique_ptr<Fleet> fleet_;  // remote runs only
  std::optional<FanOut> fan_;     // --onall/--nonall: each item on every host; --stages
  Scheduler scheduler_;
  CommandTemplate tmpl_;
  CommandTemplate tagstring_;
  CommandTemplate tries_text_;  // --retries with replacement strings
  RetryPolicy retry_;
  StatusLine status_;
  Reporter reporter_;

  // Where the input stands.
  struct Input {
    std::unique_ptr<JobArguments> items;
    JoblogHistory history;           // --resume*: what has run before
    std::vector<JobKey> fixed_jobs;  // --retry-failed: the jobs to run again, in input order
    std::size_t fixed_next = 0;      // the next of them to pull
    std::uint64_t next_seq = 1;
    std::uint64_t next_order = 1;
    bool done = false;
    FdWatch watch;
  } in_;

  // The jobs between their input and their record.
  struct Jobs {
    std::map<std::uint64_t, Pending> running;      // by order
    std::deque<Pending> ready;                     // due retries, and jobs put back for lack of fds
    std::map<std::uint64_t, RetryWait> waiting;    // retries waiting for their delay, by order
    ParkedJobs<Pending> parked;                    // --onall/--nonall: waiting for their own host
  } jobs_;

  // --delay, --rate: the least time between two starts.
  struct Pace {
    Clock::duration interval{};
    Clock::time_point next_start{};
    Timer timer;
  } pace_;

  // --pipe and its kin: what the jobs read.
  struct Pipe {
    std::optional<BlockReader> reader;  // --pipe: stdin cut into blocks
    PartPlan parts;                     // --pipepart: the files' parts
    std::size_t next_part = 0;
    std::optional<BlockFiles> files;    // --cat, --fifo: the blocks' files
    Timer block_timer;                  // --block-timeout: the block being read
    std::optional<std::string> held;    // --round-robin: read, no job free to take it yet
    std::uint64_t robin = 0;            // --round-robin: the order of the job fed last
  } pipe_;

  // How the run stops, and the exit status that follows.
  struct Stop {
    bool halted = false;  // --halt, or a stage's gate
    int halt_exit = 0;
    int interrupts = 0;
    int final_signal = 0;  // the signal shoal ends by (SIGPIPE: stdout's reader gone)
    bool ending_left_behind = false;  // the engine is ending what stopped jobs left
    bool left_behind_ended = false;
    bool said_waiting_for_reader = false;
    bool own_error = false;  // shoal itself failed at something: exit 255
  } stop_;

  RunningMedian ok_runtimes_;  // for --timeout N%
  std::minstd_rand random_{static_cast<unsigned>(Clock::now().time_since_epoch().count())};
  Clock::time_point started_ = Clock::now();
  std::string newest_arg_;  // --bar shows the arguments of the job started last
  FdWatch stdout_watch_;  // notices a reader of our stdout pipe going away
  SignalWatch on_int_, on_term_, on_hup_;
  Timer ticker_;  // redraws the status line
  bool spill_warned_ = false;  // a failed spill is said once per run
  std::set<std::string> said_not_in_list_;  // --retry-failed: hosts of the joblog no longer given
  std::string rollout_stopped_;  // the summary's line when a stage stopped the rollout

  // --onall/--nonall: each input item is a job on every host.
  bool fanning_out() const { return fleet_ && options_.remote.fan_out(); }
  // --onall/--nonall: a count of input items in jobs.
  std::optional<std::uint64_t> fanned(std::optional<std::uint64_t> items) const {
    if (!items || !fanning_out()) return items;
    return *items * fleet_->hosts().size();
  }
};


// Whether stderr takes a short line now (runner_ending.cpp says why).
bool stderr_takes_a_line();

// ssh's exit status 255 read as "could not reach the host".
void classify_ssh_failure(Result& r);

}  // namespace shoal::cli

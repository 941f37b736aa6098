// The Runner: one run of jobs, from the input to each job's one record.
// It holds the glue between the policy (scheduler, templates, reports,
// retries, halting) and the mechanism (the engine and its loop); remote
// runs add where each job goes (runner_hosts.cpp). Private to cli/.
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
#include "joblog.hpp"
#include "options.hpp"
#include "pipe_feed.hpp"
#include "pipe_input.hpp"
#include "pipe_part.hpp"
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
  // unless their login says N/.
  Runner(const Options& o, std::unique_ptr<JobArguments> input, CommandTemplate tmpl,
         std::size_t jobs, std::size_t per_host, JoblogHistory history,
         std::vector<JobKey> fixed_jobs)
      : options_(o),
        engine_(loop_, engine_options()),
        fleet_(make_fleet(o, loop_, engine_, jobs, per_host, [this] { fill(); })),
        scheduler_(jobs),
        tmpl_(std::move(tmpl)),
        tagstring_(CommandTemplate::parse_text(o.tagstring, o.replace_whole)),
        tries_text_(CommandTemplate::parse_text(o.tries_text, o.replace_whole)),
        input_(std::move(input)),
        history_(std::move(history)),
        fixed_jobs_(std::move(fixed_jobs)),
        retry_{o.tries, o.retry_delay, o.retry_backoff},
        // --delay and --rate both come down to a least time between starts.
        start_interval_(to_millis(std::max(o.delay, o.rate > 0 ? 1.0 / o.rate : 0.0))),
        status_(o.live == Toggle::on || (o.live == Toggle::automatic && ::isatty(2))),
        reporter_(o, &loop_, [this] { status_.clear(); }) {}

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

  void fill();
  ProgressStyle progress_style() const;
  std::string progress_text();  // the status line now
  void start_jobs();
  bool pull(Pending& pending);
  bool pull_input(Pending& pending);
  bool already_ran(const JobKey& key) const;
  bool launch(Pending pending);
  void show_command(Pending& pending, const Command& command, const JobInput& input);

  // --pipe, --pipepart, --round-robin, --tee (runner_pipe.cpp).
  bool piped() const { return options_.pipe.on && !options_.pipe.tee; }
  bool fed_as_they_run() const { return options_.pipe.round_robin || options_.pipe.tee; }
  std::string open_pipe();
  bool pull_block(Pending& pending);
  bool next_block(std::string& block);
  void end_pipe_input();
  bool open_stdin(Pending& pending, Command& command);
  bool give_block_file(Pending& pending, Command& command);
  void feed_started(Pending& pending);
  void feed_running();
  bool tee_needs_more_slots();

  // Remote runs (runner_hosts.cpp).
  enum class Placed { run, wait, done };
  Placed place(Pending& pending);
  bool pull_fanned_out(Pending& pending);
  bool pull_failed_on_its_host(Pending& pending);
  bool next_fan_item();
  // --stages (runner_hosts.cpp): the hosts of the stage now running, as
  // indices [stage_begin(), stage_end()).
  std::size_t stage_begin() const { return stage_ == 0 ? 0 : stage_ends_[stage_ - 1]; }
  std::size_t stage_end() const { return stage_ends_.empty() ? fleet_->hosts().size() : stage_ends_[stage_]; }
  bool more_stages() const { return !stage_ends_.empty() && stage_ + 1 < stage_ends_.size(); }
  void say_stage();
  void end_stage();
  void stop_rollout();
  void count_skipped(const JobKey& key, std::size_t host);
  // Nothing runs or waits to: the stage (or the run) may end.
  bool idle() const {
    return scheduler_.running() == 0 && ready_.empty() && waiting_.empty() && parked_.empty() &&
           !pace_timer_.active();
  }
  bool stage_over() const { return !stage_ends_.empty() && stage_pulled_ && idle() && !scheduler_.stopping(); }
  bool take_parked(Pending& pending);
  void read_ssh_result(Result& r) const;
  void finished(std::uint64_t order, Result result);
  void warn_if_spill_failed(const Result& r);
  void schedule_retry(Pending pending);
  void report(Pending& pending, Result result);
  void report_waiting_retries();
  void check_halt(Status status, int exit_code, int signal, const std::string& command);
  void halt(Status status, int exit_code, int signal);
  std::string tag_for(const Pending& pending) const;
  bool may_retry(const Pending& pending, Status status);
  std::optional<std::chrono::milliseconds> timeout_for_next_job() const;
  void interrupt(int signum);
  void stdout_gone();
  void maybe_done();
  bool stopped_by_signal_or_halt() const;

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
  std::unique_ptr<Fleet> fleet_;  // remote runs only
  Scheduler scheduler_;
  CommandTemplate tmpl_;
  CommandTemplate tagstring_;
  CommandTemplate tries_text_;  // --retries with replacement strings
  std::unique_ptr<JobArguments> input_;
  JoblogHistory history_;                  // --resume*: what has run before
  std::vector<JobKey> fixed_jobs_;  // --retry-failed: the jobs to run again, in input order
  std::size_t fixed_next_ = 0;      // the next of them to pull
  RetryPolicy retry_;
  Clock::duration start_interval_;
  Clock::time_point next_start_{};
  Timer pace_timer_;
  RunningMedian ok_runtimes_;  // for --timeout N%
  bool halted_ = false;
  int halt_exit_ = 0;
  std::minstd_rand random_{static_cast<unsigned>(Clock::now().time_since_epoch().count())};
  StatusLine status_;
  Reporter reporter_;
  Clock::time_point started_ = Clock::now();
  std::string newest_arg_;  // --bar shows the arguments of the job started last

  std::uint64_t next_seq_ = 1;
  std::uint64_t next_order_ = 1;
  bool input_done_ = false;
  FdWatch input_watch_;
  FdWatch stdout_watch_;  // notices a reader of our stdout pipe going away
  std::map<std::uint64_t, Pending> running_;  // by order
  std::deque<Pending> ready_;                 // due retries, and jobs put back for lack of fds
  // --onall/--nonall: jobs waiting for their own host (to connect, or to
  // finish its job before), so that one slow host holds up no other.
  std::map<std::size_t, std::deque<Pending>> parked_;
  std::size_t parked_count_ = 0;
  std::vector<std::string> fan_item_;  // the input item being run on every host
  std::uint64_t fan_seq_ = 0;          // its seq, the same on every host (as GNU parallel's)
  std::size_t fan_next_host_ = 0;
  bool fan_have_item_ = false;
  std::set<std::string> said_not_in_list_;  // --retry-failed: hosts of the joblog no longer given
  // --stages: where each stage ends in the host list, the one running, and
  // the input items read in the first stage, run again on each later one.
  std::vector<std::size_t> stage_ends_;
  std::size_t stage_ = 0;
  bool stage_pulled_ = false;  // every job of this stage has been pulled
  bool stage_said_ = false;    // its first job has been pulled, and the stage named
  std::vector<bool> host_touched_;  // a job of the host ran, or the joblog had it
  std::size_t stage_ok_ = 0, stage_not_ok_ = 0;
  struct FanItem {
    std::uint64_t seq;
    std::vector<std::string> args;
  };
  std::vector<FanItem> fan_items_;
  std::size_t fan_replay_ = 0;
  std::string rollout_stopped_;  // the summary's line when a stage stopped the rollout
  std::map<std::uint64_t, RetryWait> waiting_;  // retries waiting for their delay, by order
  std::optional<BlockReader> pipe_reader_;  // --pipe: stdin cut into blocks
  PartPlan parts_;                          // --pipepart: the files' parts
  std::optional<BlockFiles> block_files_;   // --cat, --fifo: the blocks' files
  Timer block_timer_;                       // --block-timeout: the block being read
  std::size_t next_part_ = 0;
  std::optional<std::string> held_block_;  // --round-robin: read, no job free to take it yet
  std::uint64_t robin_ = 0;                // --round-robin: the order of the job fed last
  int interrupts_ = 0;
  bool said_waiting_for_reader_ = false;
  bool spill_warned_ = false;  // a failed spill is said once per run
  int final_signal_ = 0;
  bool ending_left_behind_ = false;  // the engine is ending what stopped jobs left
  bool left_behind_ended_ = false;
  bool own_error_ = false;  // shoal itself failed at something: exit 255

  // --onall/--nonall: each input item is a job on every host.
  bool fanning_out() const { return fleet_ && options_.remote.fan_out(); }
  // --onall/--nonall: a count of input items in jobs.
  std::optional<std::uint64_t> fanned(std::optional<std::uint64_t> items) const {
    if (!items || !fanning_out()) return items;
    return *items * fleet_->hosts().size();
  }
};


// ssh's exit status 255 read as "could not reach the host".
void classify_ssh_failure(Result& r);

}  // namespace shoal::cli

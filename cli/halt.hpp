// --halt: when to stop a run early, exactly as GNU parallel reads it:
// now|soon , fail|success|done = N|P%, and the old forms 0 1 2 -1 -2 and P%;
// and the exit status it leaves. Pure policy: the Runner counts the jobs
// and does the stopping (runner_finish.cpp), so that every form's ladder
// is tested here without a process (tests/unit/halt_test.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "checked.hpp"
#include "shoal/status.hpp"

namespace shoal::cli {

struct HaltSpec {
  enum class When { never, soon, now } when = When::never;
  enum class Why { fail, success, done } why = Why::fail;
  double value = 0;
  bool percent = false;
};

Checked<HaltSpec> parse_halt(std::string_view text);

// Whether the condition holds after this many jobs ended ok / not ok, of
// `total` (0 when not known yet: a percentage then waits for it).
bool halt_reached(const HaltSpec& spec, std::uint64_t ok, std::uint64_t not_ok,
                  std::uint64_t total);

// What GNU parallel says, on its own line before the job's command, about a
// job that counts toward --halt: "This job failed:" (fail=), "This job
// succeeded:" (success=), "This job finished:" (done=); "" for a job that
// does not count (a success under fail=, say).
std::string halt_notice(const HaltSpec& spec, bool job_ok);

// The jobs counted so far: ended ok, ended otherwise, and of how many in
// all (0 while not known).
struct HaltCounts {
  std::uint64_t ok = 0;
  std::uint64_t not_ok = 0;
  std::uint64_t total = 0;
};

// How a job ended, as far as an exit status reads it.
struct JobEnd {
  Status status = Status::ok;
  int exit_code = 0;
  int signal = 0;
};

// What the Runner does after a job that counts toward --halt has ended.
struct HaltDecision {
  enum class Action {
    go_on,          // the condition does not hold (yet)
    stop_starting,  // soon: start no more jobs, let the running ones end
    end_running,    // now: start no more, and end the running ones
  } action = Action::go_on;
  int exit_status = 0;  // shoal's, when the action is not go_on
};

// The condition after `job` ended, counted on `counted` (the run's jobs,
// or with --stages the stage's: its total then 0), and the exit status
// read from `run` (the run's jobs, this one included), as GNU parallel
// 20221122's should_we_halt: success= exits 0; fail=1 or done=1 -- and a
// percentage that comes to one job of the total -- with the status of the
// job that tripped it (128+signal for a signal, 255 for a timeout, 127 for
// a job that could not start); N with the failures so far (101 for more
// than 100); P% with the percentage failed, rounded up.
HaltDecision decide_halt(const HaltSpec& spec, const HaltCounts& counted, const HaltCounts& run,
                         const JobEnd& job);

// The exit status of a run that --halt did not stop: the count of jobs not
// ok (101 for more than 100) -- or, for a --halt P% never reached (without
// --stages), the percentage failed of those that ended, as GNU parallel's.
int exit_status_unhalted(const HaltSpec& spec, const HaltCounts& run, bool staged);

}  // namespace shoal::cli

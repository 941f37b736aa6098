// A job from its end to its one record: whether it goes again (--retries,
// after --retry-delay), its record handed to the Reporter, and whether
// --halt now stops the run (the ladder itself is halt.cpp's).
#include <charconv>

#include <fmt/format.h>

#include "runner.hpp"
#include "shown_output.hpp"

namespace shoal::cli {

void Runner::finished(std::uint64_t order, Result r) {
  auto node = jobs_.running.extract(order);
  Pending& pending = node.mapped();
  scheduler_.finish(pending.slot);
  r.tries = static_cast<int>(pending.tries);
  warn_if_spill_failed(r);
  if (pending.host) {
    fleet_->hosts().release(*pending.host);
    if (!fleet_->hosts()[*pending.host].login.local()) {
      read_ssh_result(r);
      fleet_->job_ended(*pending.host, r);
    }
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

void Runner::schedule_retry(Pending pending) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto wait = retry_.wait_before(pending.tries + 1, unit(random_));
  if (wait.count() <= 0) {
    jobs_.ready.push_back(std::move(pending));
    return;
  }
  std::uint64_t order = pending.order;
  RetryWait& w = jobs_.waiting[order];
  w.pending = std::move(pending);
  w.timer = Timer(loop_);
  w.timer.start(wait, [this, order] {
    auto node = jobs_.waiting.extract(order);
    jobs_.ready.push_back(std::move(node.mapped().pending));
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
  if (staged()) fan_->count(r.status == Status::ok);
  if (!p.shown.empty()) r.out = with_prefix(p.shown, std::move(r.out));
  JobEnd end{r.status, r.exit_code, r.signal};
  reporter_.record(p.order, job, std::move(r));
  if (pipe_.files) pipe_.files->remove(p.args.at(0));  // --cat, --fifo: the job is done
  if (reporter_.stdout_closed()) stdout_gone();
  check_halt(end, job.command);
}

// When shoal stops early, a job waiting to be retried ends with the result
// of its last try: every job that ran gets its one record.
void Runner::report_waiting_retries() {
  auto waiting = std::move(jobs_.waiting);
  jobs_.waiting.clear();
  for (auto& [order, w] : waiting) report(w.pending, std::move(*w.pending.last));
  auto ready = std::move(jobs_.ready);
  jobs_.ready.clear();
  for (auto& p : ready)
    if (p.last) report(p, std::move(*p.last));
}

// --halt, in GNU parallel's words: each job that counts is named ("This
// job failed:" and its command), and --halt soon says how many it still
// waits for, again after each such job.
void Runner::check_halt(const JobEnd& job, const std::string& command) {
  const HaltSpec& spec = options_.halt;
  // After --halt now, the jobs it ended are not counted (GNU parallel has
  // exited by then).
  if (spec.when == HaltSpec::When::never || (stop_.halted && spec.when == HaltSpec::When::now)) return;
  std::string notice = halt_notice(spec, job.status == Status::ok);
  if (notice.empty()) return;
  status_.clear();
  say(notice + "\n" + command);
  const Counts& c = reporter_.counts();
  HaltCounts run{c.ok, c.not_ok(), c.total.value_or(0)};
  // With --stages, --halt counts the stage's own jobs, as its gate does (a
  // percentage of a stage is known at its end: the gate's to judge).
  HaltCounts counted = staged() ? HaltCounts{fan_->stage_ok(), fan_->stage_not_ok(), 0} : run;
  HaltDecision decision = decide_halt(spec, counted, run, job);
  if (decision.action == HaltDecision::Action::go_on) return;
  if (!stop_.halted) halt(decision);
  if (spec.when == HaltSpec::When::soon && scheduler_.running() > 0)
    say(fmt::format("Starting no more jobs. Waiting for {} jobs to finish.", scheduler_.running()));
  maybe_done();
}

void Runner::halt(const HaltDecision& decision) {
  stop_.halted = true;
  stop_.halt_exit = decision.exit_status;
  stop_starting();
  if (staged()) stop_rollout();
  if (decision.action == HaltDecision::Action::end_running) {
    // As for a timeout: --termseq's signals, by default TERM three times
    // over 350 ms, then KILL.
    launcher_.end_all();
  }
}

}  // namespace shoal::cli

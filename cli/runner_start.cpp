// A job from the input to its start: what starts next (a parked job whose
// host has room, a due retry, new input), pacing by --delay/--rate, the
// command built from the template, and the engine's start -- or, when the
// machine is out of fds or processes, the job put back to wait.
#include <fmt/format.h>

#include "command_words.hpp"
#include "runner.hpp"
#include "shoal/secret.hpp"
#include "shown_output.hpp"

namespace shoal::cli {

// Starts what may start now: parked jobs whose host has room, due retries,
// new input.
void Runner::start_jobs() {
  // A host whose connection failed is unreachable -- unless shoal is
  // stopping: then its master was ended by the signal shoal passed on.
  if (fleet_)
    for (std::size_t host : fleet_->hosts().take_newly_down())
      if (!scheduler_.stopping()) reporter_.host_unreachable(fleet_->hosts()[host].login.name());
  while (scheduler_.can_start() && !paced()) {
    std::optional<Pending> next = next_to_start();
    if (!next || !launch(std::move(*next))) break;
  }
}

// --delay, --rate: true while the next start must wait (a timer then
// calls fill() when it may).
bool Runner::paced() {
  if (pace_.interval.count() <= 0) return false;
  auto now = Clock::now();
  if (now >= pace_.next_start) return false;
  if (!pace_.timer.active()) {
    pace_.timer = Timer(loop_);
    pace_.timer.start(std::chrono::ceil<std::chrono::milliseconds>(pace_.next_start - now),
                      [this] { fill(); });
  }
  return true;
}

// The job to start next, in this order: a parked one whose host has room
// now, a due retry, new input (unless too many wait parked already).
std::optional<Runner::Pending> Runner::next_to_start() {
  Pending next;
  if (take_parked(next)) return next;
  if (!jobs_.ready.empty()) {
    next = std::move(jobs_.ready.front());
    jobs_.ready.pop_front();
    return next;
  }
  if (jobs_.parked.size() >= std::max<std::size_t>(scheduler_.limit(), 64)) return std::nullopt;
  if (!pull(next)) return std::nullopt;
  return next;
}

bool Runner::pull(Pending& pending) {
  if (piped()) return pull_block(pending);
  return fanning_out() ? pull_fanned_out(pending) : pull_input(pending);
}

// --resume skips the jobs the joblog has; --resume-failed those that
// succeeded there.
bool Runner::already_ran(const JobKey& key) const {
  switch (options_.resume) {
    case Options::Resume::resume: return in_.history.done(key);
    case Options::Resume::resume_failed: return in_.history.succeeded(key);
    default: return false;
  }
}

bool Runner::pull_input(Pending& pending) {
  std::vector<std::string> item;
  while (!in_.done) {
    auto pulled = in_.items->next(item);
    switch (pulled ? *pulled : InputSource::Pull::end) {
      case InputSource::Pull::item: {
        const JobKey* from_joblog =
            in_.fixed_jobs.empty() ? nullptr : &in_.fixed_jobs[in_.fixed_next++];
        std::uint64_t seq = from_joblog ? from_joblog->seq : in_.next_seq++;
        // --onall/--nonall: an item is skipped host by host (pull_fanned_out).
        if (!fanning_out() && already_ran({seq, {}})) continue;
        pending = Pending();
        pending.seq = seq;
        pending.from_joblog = from_joblog;
        pending.order = in_.next_order++;
        pending.args = std::move(item);
        return true;
      }
      case InputSource::Pull::wait:
        if (!in_.watch.active()) {
          in_.watch = FdWatch(loop_, in_.items->fd(), FdWatch::readable, [this] {
            in_.items->readable();
            fill();
          });
        }
        return false;
      case InputSource::Pull::end:
        in_.done = true;
        in_.watch.stop();
        reporter_.counts().total = in_.next_order - 1;
        if (!pulled) {
          reporter_.note(said(pulled.error()));
          stop_.own_error = true;
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
  Command command = command_for(pending);
  if (!open_stdin(pending, command)) {
    scheduler_.finish(pending.slot);
    scheduler_.stop();
    return false;
  }
  std::uint64_t order = pending.order;
  pace_.next_start = Clock::now() + pace_.interval;
  Engine::OutputListener listener = listener_for(pending, command);
  auto started = launcher_.start(
      command, [this, order](Result r) { finished(order, std::move(r)); }, std::move(listener));
  // The engine has its own copy now; ours may be --sudo's password.
  if (command.stdin_data) wipe_secret(*command.stdin_data);
  if (!std::holds_alternative<JobId>(started))
    return not_started(pending, std::move(std::get<Result>(started)));
  if (pending.feed) feed_started(pending);
  ++pending.tries;
  if (pending.host) fleet_->hosts().take(*pending.host);
  jobs_.running.emplace(order, std::move(pending));
  return true;
}

// The job's command: the template filled in (for its host, remotely),
// with -v's line said and the timeout it gets.
Command Runner::command_for(Pending& pending) {
  JobInput input{pending.args, pending.seq, pending.slot};
  Command command = fleet_ ? fleet_->command(*pending.host, tmpl_, input) : tmpl_.build(input);
  if (options_.verbose) show_verbose(tmpl_.display(input) + "\n");
  if (auto timeout = timeout_for_next_job()) command.timeout = *timeout;
  command.termseq = options_.gnu.termseq;
  if (options_.gnu.v > 0) show_command(pending, command, input);
  return command;
}

// --verbose's line for a job about to start. In turn with the jobs'
// output, which the writer's thread may be writing: written at once from
// here it could cut one of their lines. Except with -u, where the job
// writes to stderr itself: the line must be out before it starts.
void Runner::show_verbose(std::string line) {
  if (reporter_.output_mode() != Options::OutputMode::ungrouped) {
    reporter_.note(std::move(line));
    return;
  }
  status_.clear();
  shoal::write_all(2, line);
}

// How the job's output leaves it: captured (grouped), inherited (-u), or
// line by line as it comes (--line-buffer).
Engine::OutputListener Runner::listener_for(const Pending& pending, Command& command) {
  auto output = reporter_.output_mode();
  if (output == Options::OutputMode::ungrouped) command.inherit_output = true;
  if (output != Options::OutputMode::line_buffer) return {};
  command.capture = false;
  return [this, order = pending.order, tag = tag_for(pending)](int stream, std::string_view bytes) {
    reporter_.stream(order, tag, stream, bytes);
  };
}

// The engine could not start the job. Out of fds or processes with other
// jobs running: put back, to start once one ends (false). Otherwise the
// job has its record, status error (true).
bool Runner::not_started(Pending& pending, Result r) {
  pending.feed.reset();
  scheduler_.finish(pending.slot);
  if (r.resource_exhausted() && scheduler_.resource_exhausted()) {
    if (scheduler_.take_cap_notice())
      reporter_.note(said(fmt::format("warning: {}; running at most {} jobs at once from now on",
                                      r.error, scheduler_.limit())));
    jobs_.ready.push_front(std::move(pending));
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

std::optional<std::chrono::milliseconds> Runner::timeout_for_next_job() const {
  std::optional<double> seconds = options_.timeout;
  if (options_.timeout_percent) {
    // N% of the median runtime of the jobs that succeeded; none yet: no limit.
    if (auto median = ok_runtimes_.median()) seconds = *median * *options_.timeout_percent / 100;
  }
  if (!seconds) return std::nullopt;
  return std::max(std::chrono::milliseconds(1), to_millis(*seconds));
}

}  // namespace shoal::cli

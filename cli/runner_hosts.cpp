// The Runner's remote half: the fleet it runs on, which host a job goes
// to (place(): every remote job passes there before it starts),
// --onall/--nonall fanning each input item out to every host and --stages
// (their bookkeeping is cli/remote/fan_out.hpp's), and what ssh's exit
// status says about a job.
#include <csignal>

#include <fmt/format.h>

#include "runner.hpp"
#include "shoal/hosts.hpp"

namespace shoal::cli {

namespace {

// Host names folded (web[01-20]) with their count, cut short past 200
// characters: one line on stderr for a stage of 500 hosts.
std::string describe_hosts(const std::vector<std::string>& names) {
  std::string folded = names.empty() ? "none" : fold_hosts(names);
  if (folded.size() > 200) folded = folded.substr(0, 197) + "...";
  return fmt::format("{} ({} host{})", folded, names.size(), names.size() == 1 ? "" : "s");
}

}  // namespace

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
  settings.ssh = r.ssh_argv;  // split as a shell would, quotes and all
  settings.connect_timeout = r.connect_timeout;
  settings.remote_termseq = o.gnu.termseq;  // the remote side ends the job as we do
  if (r.control_persist) settings.control_persist = *r.control_persist;
  apply_remote_job_options(o.remote_job, settings);  // --script, --sudo, --tty
  // --nonall runs one job a host: a shared connection would only add a
  // step, unless it is kept for the next run -- or the job is a push, which
  // takes more than one session (--dest's mkdir; scp's staging and its
  // renames; the scp fallback), and whose host must be known up before
  // rsync hides ssh's failure in its own. A pull is one session, the bare
  // tool (its staging is shoal's own), and scp says why ssh failed.
  bool push = r.copy && r.copy->direction == CopySpec::Direction::push;
  bool multiplex = r.multiplex && (!r.nonall || r.control_persist || push ||
                                   !o.remote_job.transfer.basefiles.empty());  // sent once a host is up
  HostPool hosts(r.logins, per_host, multiplex);
  // Connections open -j at a time (many hosts may sit behind one bastion).
  auto fleet = std::make_unique<Fleet>(loop, engine, std::move(hosts), std::move(settings),
                                       r.control_persist.has_value(), std::move(changed));
  fleet->set_connect_limit(std::max<std::size_t>(jobs, 1));
  if (!multiplex) fleet->disable_multiplexing();
  if (!r.fan_out()) fleet->say_when_down();
  if (r.copy) fleet->copy_with(*r.copy);
  if (o.remote_job.transfer.any()) fleet->transfer_with(TransferTemplates(o.remote_job.transfer, o.replace_whole));
  return fleet;
}

// Remote runs: the host `pending` runs on, in pending.host. A job no host
// can take gets its record here; a job whose host is not ready is parked
// (--onall/--nonall) or put back to wait for any host.
Runner::Placed Runner::place(Pending& pending) {
  HostPool& hosts = fleet_->hosts();
  auto place = pending.bound_host ? hosts.place_on(*pending.bound_host) : hosts.place_anywhere();
  switch (place.kind) {
    case HostPool::Placement::Kind::run:
      pending.host = place.host;
      return Placed::run;
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
      return Placed::done;
    }
    case HostPool::Placement::Kind::wait:
      if (pending.bound_host) {
        std::size_t host = *pending.bound_host;
        jobs_.parked.park(host, std::move(pending));
        fleet_->connect(host);
        return Placed::done;
      }
      jobs_.ready.push_front(std::move(pending));
      return Placed::wait;
  }
  return Placed::run;
}

// What ssh's exit status 255 means: interrupted by shoal itself (Ctrl-C,
// --halt now), or the host could not be reached.
void Runner::read_ssh_result(Result& r) const {
  if (!stop_.final_signal && !stop_.halted) {
    classify_ssh_failure(r);
    return;
  }
  if (r.status == Status::failed && r.exit_code == 255) {
    r.status = Status::killed;
    r.signal = stop_.final_signal ? stop_.final_signal : SIGTERM;
  }
}

// A parked job whose own host can take it now.
bool Runner::take_parked(Pending& pending) {
  if (jobs_.parked.empty()) return false;
  HostPool& hosts = fleet_->hosts();
  auto job = jobs_.parked.take([&hosts](std::size_t host) {
    return hosts.place_on(host).kind != HostPool::Placement::Kind::wait;
  });
  if (!job) return false;
  pending = std::move(*job);
  return true;
}

// --onall / --nonall: each input item becomes one job per host, item after
// item, all with the item's seq (GNU parallel's joblog numbers them so: the
// Host column tells them apart). Each host runs its jobs one at a time, in
// input order. With --resume*, each (seq, host) the joblog has is skipped
// on its own.
bool Runner::pull_fanned_out(Pending& pending) {
  if (!in_.fixed_jobs.empty()) return pull_failed_on_its_host(pending);
  auto read = [this](FanOut::Item& item) { return read_fan_item(item); };
  while (auto job = fan_->next(read)) {
    JobKey key{job->seq, fleet_->hosts()[job->host].login.name()};
    if (already_ran(key)) {
      count_skipped(key);
      continue;
    }
    if (staged() && fan_->announce_stage()) say_stage();
    pending = Pending();
    pending.seq = job->seq;
    pending.order = in_.next_order++;
    pending.args = std::move(job->args);
    pending.bound_host = job->host;
    return true;
  }
  if (staged() && fan_->stage() == 0 && fan_->stage_pulled()) count_fanned_total();
  return false;
}

// The next input item to run on every host of the (first) stage.
FanOut::Read Runner::read_fan_item(FanOut::Item& item) {
  Pending read;
  if (!pull_input(read)) return in_.done ? FanOut::Read::end : FanOut::Read::wait;
  item.seq = read.seq;
  item.args = std::move(read.args);
  if (options_.remote.nonall) item.args.clear();
  in_.next_order = read.order;  // pull_input() took one place; each host's job takes its own
  return FanOut::Read::item;
}

// --stages: the whole input read, the run's size is known: every item on
// every host, but what the joblog has done already.
void Runner::count_fanned_total() {
  std::uint64_t total = 0;
  for (const FanOut::Item& it : fan_->items())
    for (std::size_t h = 0; h < fleet_->hosts().size(); ++h)
      total += !already_ran({it.seq, fleet_->hosts()[h].login.name()});
  reporter_.counts().total = total;
}

std::string Runner::host_names(const std::vector<std::size_t>& hosts) const {
  std::vector<std::string> names;
  for (std::size_t h : hosts) names.push_back(fleet_->hosts()[h].login.name());
  return describe_hosts(names);
}

void Runner::say_stage() {
  status_.clear();
  std::vector<std::size_t> hosts;
  for (std::size_t h = fan_->stage_begin(); h < fan_->stage_end(); ++h) hosts.push_back(h);
  say(fmt::format("stage {} of {}: {}", fan_->stage() + 1, fan_->stage_count(), host_names(hosts)));
}

// --stages with --resume*: a job the joblog has is not run again, but its
// result there still counts at its stage's gate -- a canary that failed
// before stops the rollout again until it is run (--resume-failed).
void Runner::count_skipped(const JobKey& key) {
  if (staged()) fan_->count(in_.history.succeeded(key));
}

// Every job of a stage has ended: the gate says whether the next starts.
// A stage with nothing to run (all done before) ends at once: stages are
// walked in a loop here, not by recursion through fill().
void Runner::end_stage() {
  do {
    std::optional<HaltSpec> halt;
    if (options_.halt_given) halt = options_.halt;
    if (!stage_passes(halt, fan_->stage_ok(), fan_->stage_not_ok())) {
      status_.clear();
      std::size_t stage = fan_->stage() + 1, not_ok = fan_->stage_not_ok();
      say(fmt::format("stage {} of {}: {} of {} jobs not ok; not starting stage {}", stage,
                      fan_->stage_count(), not_ok, fan_->stage_ok() + not_ok, stage + 1));
      stop_.halted = true;
      stop_.halt_exit = exit_status_for(reporter_.counts().not_ok());
      stop_starting();
      stop_rollout();
      break;
    }
    fan_->next_stage();
    start_jobs();
  } while (stage_over() && fan_->more_stages());
  maybe_done();
}

// The rollout stops in the stage now running (its gate, or --halt): the
// hosts that never ran are named now and in the summary.
void Runner::stop_rollout() {
  rollout_stopped_ = fmt::format("stage {} of {} stopped the rollout; never run: {}",
                                 fan_->stage() + 1, fan_->stage_count(),
                                 host_names(fan_->never_touched()));
  say(rollout_stopped_);
}

// --retry-failed with --onall/--nonall: each failed job of the joblog runs
// again on the host it failed on, and nowhere else. A host no longer in the
// host list is said once and its jobs left for a run that has it again:
// their failed lines stay in the joblog.
bool Runner::pull_failed_on_its_host(Pending& pending) {
  for (;;) {
    Pending item;
    if (!pull_input(item)) return false;
    const std::string& name = item.from_joblog->host;
    if (auto host = fleet_->hosts().find(name)) {
      item.bound_host = *host;
      pending = std::move(item);
      return true;
    }
    in_.next_order = item.order;  // not run: its place goes to the next job
    stop_.own_error = true;       // the run did less than was asked: exit 255
    if (said_not_in_list_.insert(name).second)
      say(fmt::format("--retry-failed: the joblog's failed jobs on {} are not run: {} is not in "
                      "the host list",
                      name, name));
  }
}

}  // namespace shoal::cli

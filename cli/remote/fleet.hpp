// The hosts of a remote run and their shared ssh connections. With
// multiplexing (the default) a host takes no job until its ControlMaster is
// up: one key exchange per host, however many jobs it runs. The masters
// live in a directory of this run's own (mode 0700) and are closed when
// the run ends; with --control-persist they live in a per-user directory
// instead and stay for the next run to reuse.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <vector>
#include <string>

#include "checked.hpp"
#include "remote/host_pool.hpp"
#include "remote/pull_staging.hpp"
#include "remote/transfer_options.hpp"
#include "shoal/copy.hpp"
#include "shoal/ssh.hpp"
#include "shoal/engine.hpp"
#include "template.hpp"

namespace shoal::cli {

class Fleet {
 public:
  // `changed` is called from the loop (never from inside connect()) when a
  // host comes up or goes down.
  Fleet(Loop& loop, Engine& engine, HostPool hosts, SshSettings settings, bool persist,
        std::function<void()> changed);

  // Prepares the control directory (and --rcopy's --dest).
  Checked<void> open();
  // Starts opening the host's shared connection unless it has begun.
  void connect(std::size_t host);
  // Ends the connections still being opened, closes the shared ones
  // (unless they persist) and removes the private directory. Runs the loop
  // until that is done: call once the run is over.
  void close();

  // The command for a job on `host`: through ssh, or as is on `:`; with
  // copy_with(), the copy instead, whatever the template.
  // A pull's staging directory is made here, just before its job starts.
  shoal::Command command(std::size_t host, const CommandTemplate& tmpl, const JobInput& in);
  // A job on `host` has ended with `r` (before its record is written): a
  // pull is put in place, or what it left dropped (PullStaging::finish).
  void job_ended(std::size_t host, Result& r);

  HostPool& hosts() { return hosts_; }
  // At most this many connections being opened at once; the rest queue.
  void set_connect_limit(std::size_t n) { connect_limit_ = n; }
  void disable_multiplexing() { multiplex_ = false; }
  // Jobs free to go anywhere: a host going down is worth a line on stderr
  // (no job of its own will say so).
  void say_when_down() { say_when_down_ = true; }
  // --copy/--rcopy: every job is this copy with its host.
  void copy_with(CopySpec spec);
  // --transferfile, --return, --cleanup, --workdir around every remote job;
  // --basefile sent to each host once its connection is up, before it
  // takes a job (a host it fails on is down, with rsync's message).
  void transfer_with(TransferTemplates t) { transfer_ = std::move(t); }

 private:
  void start_master(std::size_t host);
  std::chrono::seconds login_bound() const;
  void begin(std::size_t host);
  void connect_queued();
  void report_later(std::size_t host, Result result);
  void settle(std::size_t host, Result result);
  void settled_while_closing(std::size_t host, bool up);
  void end_masters();
  void up_or_down(std::size_t host, const std::string& why);  // why: empty when up
  void send_basefiles(std::size_t host);
  void remove_basefiles();

  Loop& loop_;
  Engine& engine_;
  HostPool hosts_;
  SshSettings settings_;
  bool persist_;
  bool multiplex_ = true;
  bool say_when_down_ = false;
  std::size_t connect_limit_ = 64;
  std::size_t connecting_ = 0;
  std::deque<std::size_t> queued_;  // hosts waiting to connect
  std::map<std::size_t, JobId> opening_;  // masters being started, by host
  std::vector<std::size_t> to_start_;     // hosts whose master starts at the next loop turn
  Timer start_timer_;
  // Failures known at once are reported from the loop, not from inside
  // connect(): the caller is in the middle of placing a job.
  std::vector<std::pair<std::size_t, Result>> failed_now_;
  Timer report_timer_;
  bool closing_ = false;   // close() has begun: nothing new, no callbacks
  int exits_running_ = 0;  // `ssh -O exit` fallbacks still running
  std::string private_dir_;  // ours to remove at close
  std::vector<bool> reusable_;  // with persist_: a master answered at open(), by host
  std::function<void()> changed_;
  std::optional<CopySpec> copy_;
  std::optional<PullStaging> pulls_;  // with an --rcopy
  std::optional<TransferTemplates> transfer_;
  std::vector<std::size_t> to_send_;      // hosts whose basefiles go at the next loop turn
  std::map<std::size_t, JobId> sending_;  // basefiles being sent, by host
};

// The last non-empty line ssh wrote on stderr: its reason for failing.
std::string ssh_message(const Output& err);

}  // namespace shoal::cli

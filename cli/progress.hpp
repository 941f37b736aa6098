// What people read while a run goes and when it ends: the live status line
// (done, running, failed, timed out, rate, ETA) and the closing summary
// (counts per status, wall time, slowest jobs). Formatting only: the driver
// decides when and where to show them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "shoal/status.hpp"

namespace shoal::cli {

struct Counts {
  std::uint64_t ok = 0, failed = 0, timeout = 0, killed = 0, error = 0;
  std::uint64_t running = 0;
  std::optional<std::uint64_t> total;  // known once the input has ended
  double runtime_sum = 0;              // seconds, of the jobs done

  std::uint64_t done() const { return ok + failed + timeout + killed + error; }
  std::uint64_t not_ok() const { return failed + timeout + killed + error; }
  void add(shoal::Status status);
};

// "1.2 s", "3m05s", "2h01m": short and unambiguous.
std::string format_duration(double seconds);

std::string format_status_line(const Counts& counts, double elapsed_seconds);

// GNU parallel's progress lines, for people moving from it:
//   --progress  local:RUNNING/DONE/100%/AVGs
//   --eta       ETA: Ns Left: N AVG: Ns  local:RUNNING/DONE/100%/AVGs
//   --bar       PCT% DONE:LEFT=ETA ARG, the line the terminal's width, in
//               reverse video up to PCT%; after a line for zenity
//               ("#   ETA sec ARG") and one with the bare percentage, each
//               ended by \r, as GNU parallel writes them
// AVG is the wall time so far per job done, as GNU parallel's.
enum class ProgressStyle { shoal, progress, eta, bar };
struct ProgressContext {
  std::string newest_arg;  // --bar: the arguments of the job started last
  std::size_t columns = 80;  // --bar: the terminal's width
};
std::string format_progress(ProgressStyle style, const Counts& counts, double elapsed_seconds,
                            const ProgressContext& context = {});
// --progress and --eta begin with GNU parallel's table of the computers (this
// one: its CPUs and how many jobs it runs at once) and the line's legend.
std::string format_progress_header(std::size_t cpus, std::size_t jobs);

// The N slowest jobs seen so far.
class SlowestJobs {
 public:
  explicit SlowestJobs(std::size_t keep = 3) : keep_(keep) {}
  void add(double seconds, std::uint64_t seq, const std::string& command);
  struct Entry {
    double seconds;
    std::uint64_t seq;
    std::string command;
  };
  // Slowest first.
  std::vector<Entry> entries() const;

 private:
  std::size_t keep_;
  std::vector<Entry> entries_;  // unordered, at most keep_
};

// Remote runs: the hosts whose jobs ended in each class, each host once in
// the order first seen, for the summary's folded lists.
class HostList {
 public:
  // False if the host was there already.
  bool add(const std::string& host) {
    if (!seen_.insert(host).second) return false;
    names_.push_back(host);
    return true;
  }
  const std::vector<std::string>& names() const { return names_; }
  bool empty() const { return names_.empty(); }

 private:
  std::vector<std::string> names_;
  std::unordered_set<std::string> seen_;
};
struct HostOutcomes {
  HostList failed, timed_out, killed, unreachable;
};

// One line naming the hosts with failures, folded as web[03,07], or "" when
// there are none: "shoal: hosts failed: web[03,07]; unreachable: db2".
std::string format_host_outcomes(const HostOutcomes& hosts);

// Lines for stderr, each starting with "shoal: ".
std::string format_summary(const Counts& counts, double wall_seconds, const SlowestJobs& slowest);

}  // namespace shoal::cli

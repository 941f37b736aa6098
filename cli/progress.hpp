// What people read while a run goes and when it ends: the live status line
// (done, running, failed, timed out, rate, ETA) and the closing summary
// (counts per status, wall time, slowest jobs). Formatting only: the driver
// decides when and where to show them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
//   --bar       PCT% DONE:LEFT=ETAs, the line in reverse video
enum class ProgressStyle { shoal, progress, eta, bar };
std::string format_progress(ProgressStyle style, const Counts& counts, double elapsed_seconds);

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

// Lines for stderr, each starting with "shoal: ".
std::string format_summary(const Counts& counts, double wall_seconds, const SlowestJobs& slowest);

}  // namespace shoal::cli

#include "progress.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "shoal/hosts.hpp"

namespace shoal::cli {

void Counts::add(shoal::Status status) {
  switch (status) {
    case shoal::Status::ok: ++ok; break;
    case shoal::Status::failed: ++failed; break;
    case shoal::Status::timeout: ++timeout; break;
    case shoal::Status::killed: ++killed; break;
    case shoal::Status::error: ++error; break;
  }
}

std::string format_duration(double s) {
  if (s < 60) return fmt::format("{:.1f} s", s);
  auto total = static_cast<std::uint64_t>(std::llround(s));
  if (total < 3600) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}h{:02}m", total / 3600, total % 3600 / 60);
}

std::string format_status_line(const Counts& c, double elapsed) {
  std::string line = c.total ? fmt::format("{}/{} done", c.done(), *c.total)
                             : fmt::format("{} done", c.done());
  line += fmt::format(", {} running", c.running);
  if (c.failed) line += fmt::format(", {} failed", c.failed);
  if (c.timeout) line += fmt::format(", {} timed out", c.timeout);
  if (c.killed) line += fmt::format(", {} killed", c.killed);
  if (c.error) line += fmt::format(", {} error", c.error);
  double rate = elapsed > 0 ? static_cast<double>(c.done()) / elapsed : 0;
  line += fmt::format(" | {:.1f}/s", rate);
  if (c.total && rate > 0 && *c.total >= c.done())
    line += " | ETA " + format_duration(static_cast<double>(*c.total - c.done()) / rate);
  return line;
}

std::string format_progress(ProgressStyle style, const Counts& c, double elapsed) {
  if (style == ProgressStyle::shoal) return format_status_line(c, elapsed);
  double avg = c.done() ? c.runtime_sum / static_cast<double>(c.done()) : 0;
  std::string host = fmt::format("local:{}/{}/100%/{:.1f}s", c.running, c.done(), avg);
  if (style == ProgressStyle::progress) return host;
  double rate = elapsed > 0 ? static_cast<double>(c.done()) / elapsed : 0;
  std::string left = c.total ? std::to_string(*c.total - std::min(*c.total, c.done())) : "?";
  std::string eta = c.total && rate > 0
                        ? fmt::format("{:.0f}", static_cast<double>(*c.total - std::min(*c.total, c.done())) / rate)
                        : "?";
  if (style == ProgressStyle::eta)
    return fmt::format("ETA: {}s Left: {} AVG: {:.2f}s  {}", eta, left, avg, host);
  std::string pct = c.total && *c.total > 0
                        ? std::to_string(c.done() * 100 / *c.total)
                        : "?";
  return fmt::format("\033[7m{}% {}:{}={}s\033[0m", pct, c.done(), left, eta);
}

void SlowestJobs::add(double seconds, std::uint64_t seq, const std::string& command) {
  if (keep_ == 0) return;
  if (entries_.size() < keep_) {
    entries_.push_back({seconds, seq, command});
    return;
  }
  auto fastest = std::min_element(entries_.begin(), entries_.end(),
                                  [](const Entry& a, const Entry& b) { return a.seconds < b.seconds; });
  if (seconds > fastest->seconds) *fastest = {seconds, seq, command};
}

std::vector<SlowestJobs::Entry> SlowestJobs::entries() const {
  auto sorted = entries_;
  std::sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
    return a.seconds != b.seconds ? a.seconds > b.seconds : a.seq < b.seq;
  });
  return sorted;
}

std::string format_summary(const Counts& c, double wall, const SlowestJobs& slowest) {
  double rate = wall > 0 ? static_cast<double>(c.done()) / wall : 0;
  std::string s = fmt::format("shoal: {} jobs in {} ({:.1f}/s): {} ok, {} failed, {} timed out, "
                              "{} killed, {} error\n",
                              c.done(), format_duration(wall), rate, c.ok, c.failed, c.timeout,
                              c.killed, c.error);
  auto entries = slowest.entries();
  if (!entries.empty()) {
    s += "shoal: slowest:";
    for (const auto& e : entries) {
      // Long commands lose their middle: the program and the argument at the
      // end are what tell the jobs apart.
      std::string cmd = e.command;
      for (char& ch : cmd)
        if (ch == '\n' || ch == '\t') ch = ' ';
      if (cmd.size() > 100) cmd = cmd.substr(0, 40) + "..." + cmd.substr(cmd.size() - 57);
      s += fmt::format("\nshoal:   {:>8}  #{}  {}", format_duration(e.seconds), e.seq, cmd);
    }
    s += '\n';
  }
  return s;
}

std::string format_host_outcomes(const HostOutcomes& hosts) {
  std::string line;
  auto part = [&](const char* what, const HostList& list) {
    if (list.empty()) return;
    line += fmt::format("{}{}: {}", line.empty() ? "" : "; ", what, fold_hosts(list.names()));
  };
  part("failed", hosts.failed);
  part("timed out", hosts.timed_out);
  part("killed", hosts.killed);
  part("unreachable", hosts.unreachable);
  return line.empty() ? line : "shoal: hosts " + line + "\n";
}

}  // namespace shoal::cli

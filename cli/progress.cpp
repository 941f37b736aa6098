#include "progress.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ending.hpp"
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

namespace {

// GNU parallel's 1m05s, 2h01m05s: whole seconds.
std::string time_units(std::uint64_t s) {
  std::uint64_t d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
  s %= 60;
  if (d) return fmt::format("{}d{:02}h{:02}m{:02}s", d, h, m, s);
  if (h) return fmt::format("{}h{:02}m{:02}s", h, m, s);
  if (m) return fmt::format("{}m{:02}s", m, s);
  return fmt::format("{}s", s);
}

std::string padded(std::string text, std::size_t width) {
  text.resize(width, ' ');
  return text;
}

std::string format_bar(const Counts& c, double avg, const ProgressContext& context) {
  std::uint64_t done = c.done();
  std::uint64_t total = std::max(c.total.value_or(done), done);
  std::uint64_t left = total - done;
  double fraction = total > 0 && done > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0;
  auto eta = static_cast<std::uint64_t>(static_cast<double>(left) * avg);
  std::size_t width = std::max<std::size_t>(context.columns, 1);
  std::string text = padded(fmt::format("{}% {}:{}={} {}", static_cast<int>(fraction * 100), done,
                                        left, time_units(eta), context.newest_arg),
                            width);
  text.insert(static_cast<std::size_t>(static_cast<double>(width) * fraction), "\033[0m");
  std::string zenity = padded(fmt::format("#   {} sec {}", eta, context.newest_arg), width);
  return fmt::format("\r{}\r{:.15g}\r\033[7m{}\033[0m", zenity, fraction * 100, text);
}

}  // namespace

std::string format_progress(ProgressStyle style, const Counts& c, double elapsed,
                            const ProgressContext& context) {
  if (style == ProgressStyle::shoal) return format_status_line(c, elapsed);
  double avg = c.done() ? elapsed / static_cast<double>(c.done()) : 0;
  if (style == ProgressStyle::bar) return format_bar(c, avg, context);
  std::string host = fmt::format("local:{}/{}/100%/{:.1f}s ", c.running, c.done(), avg);
  if (style == ProgressStyle::progress) return host;
  std::string left = c.total ? std::to_string(*c.total - std::min(*c.total, c.done())) : "?";
  std::string eta = c.total && c.done() > 0
                        ? std::to_string(static_cast<std::uint64_t>(
                              static_cast<double>(*c.total - std::min(*c.total, c.done())) * avg))
                        : c.total ? "0" : "?";
  return fmt::format("ETA: {}s Left: {} AVG: {:.2f}s  {}", eta, left, avg, host);
}

std::string format_progress_header(std::size_t cpus, std::size_t jobs) {
  return fmt::format(
      "\nComputers / CPU cores / Max jobs to run\n1:local / {} / {}\n\nComputer:jobs running/jobs "
      "completed/%of started jobs/Average seconds to complete\n",
      cpus, jobs);
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
  std::string s = said(fmt::format("{} jobs in {} ({:.1f}/s): {} ok, {} failed, {} timed out, "
                                   "{} killed, {} error",
                                   c.done(), format_duration(wall), rate, c.ok, c.failed,
                                   c.timeout, c.killed, c.error));
  auto entries = slowest.entries();
  if (!entries.empty()) {
    s += said("slowest:");
    for (const auto& e : entries) {
      // Long commands lose their middle: the program and the argument at the
      // end are what tell the jobs apart.
      std::string cmd = e.command;
      for (char& ch : cmd)
        if (ch == '\n' || ch == '\t') ch = ' ';
      if (cmd.size() > 100) cmd = cmd.substr(0, 40) + "..." + cmd.substr(cmd.size() - 57);
      s += said(fmt::format("  {:>8}  #{}  {}", format_duration(e.seconds), e.seq, cmd));
    }
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
  return line.empty() ? line : said("hosts " + line);
}

}  // namespace shoal::cli

// The run report as one HTML page that opens from disk: the page itself
// (cli/run_report_page.html, HTML + CSS + JavaScript, embedded into shoal
// at build time by cmake/embed_file.cmake) and the run's records as JSON in
// it. All drawing happens in the page, on canvases: 100,000 jobs are
// 100,000 rectangles, which a canvas draws in milliseconds and an SVG or a
// DOM element per job would not. What is written here is only the data,
// packed so that 100,000 jobs stay a few MB (docs/report.md has the
// numbers): jobs sorted by start, times as integer microseconds from the
// job before, statuses one character each, each command written as what it
// shares with the one before plus the rest, and budgets for commands and
// stderr past which the page says what it left out.
#include <algorithm>
#include <map>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run_report.hpp"

namespace shoal::cli {

// From the embedded page (generated: see CMakeLists.txt).
extern const char run_report_page[];
extern const std::size_t run_report_page_size;

namespace {

constexpr std::size_t kCommandBudget = 1'500'000;  // bytes of commands in a page
constexpr std::size_t kStderrBudget = 1'000'000;   // bytes of stderr in a page
constexpr std::size_t kMaxCommandLine = 4000;     // bytes of shoal's command line
constexpr std::size_t kAlwaysNamedSlowest = 100;   // the slowest jobs keep their commands

char status_code(Status s) {
  switch (s) {
    case Status::ok: return '0';
    case Status::failed: return '1';
    case Status::timeout: return '2';
    case Status::killed: return '3';
    case Status::error: return '4';
  }
  return '1';
}

std::int64_t micros(double seconds) { return static_cast<std::int64_t>(seconds * 1e6 + (seconds < 0 ? -0.5 : 0.5)); }

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void replace_once(std::string& page, const std::string& marker, const std::string& with) {
  auto at = page.find(marker);
  if (at != std::string::npos) page.replace(at, marker.size(), with);
}

}  // namespace

std::string render_report_html(const RunRecord& record) {
  std::vector<std::size_t> order(record.jobs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return record.jobs[a].start < record.jobs[b].start;
  });
  const auto& jobs = record.jobs;
  double t0 = jobs.empty() ? record.started : jobs[order[0]].start;
  if (record.started > 0 && record.started < t0) t0 = record.started;

  // Which commands fit: every job not ok, the slowest, then the rest in
  // order of start until the budget is spent.
  std::vector<bool> named(jobs.size(), false);
  std::size_t spent = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    if (jobs[i].status != Status::ok) named[i] = true, spent += jobs[i].command.size();
  std::vector<std::size_t> by_duration(order);
  std::size_t slowest = std::min(kAlwaysNamedSlowest, by_duration.size());
  std::partial_sort(by_duration.begin(), by_duration.begin() + static_cast<std::ptrdiff_t>(slowest),
                    by_duration.end(),
                    [&](std::size_t a, std::size_t b) { return jobs[a].duration > jobs[b].duration; });
  for (std::size_t k = 0; k < slowest; ++k)
    if (!named[by_duration[k]]) named[by_duration[k]] = true, spent += jobs[by_duration[k]].command.size();
  std::size_t left_out = 0;
  for (std::size_t i : order) {
    if (named[i]) continue;
    if (spent + jobs[i].command.size() <= kCommandBudget) named[i] = true, spent += jobs[i].command.size();
    else ++left_out;
  }

  nlohmann::json data;
  data["v"] = 1;
  // ::: with 100,000 arguments is a long command line: its start says enough.
  std::string command_line = record.command_line;
  if (command_line.size() > kMaxCommandLine) {
    std::size_t end = kMaxCommandLine;
    while (end > 0 && (static_cast<unsigned char>(command_line[end]) & 0xC0) == 0x80) --end;
    command_line = command_line.substr(0, end) + fmt::format(" \u2026 ({} more bytes)", command_line.size() - end);
  }
  data["cmdline"] = command_line;
  data["source"] = record.source;
  data["t0"] = t0;
  data["started"] = record.started > 0 ? record.started : t0;
  data["ended"] = record.ended;
  data["stderr"] = record.has_stderr;
  data["noStderr"] = record.no_stderr_reason;
  data["unreachable"] = record.unreachable_hosts;
  data["commandsLeftOut"] = left_out;

  std::map<std::string, std::size_t> host_index;
  std::vector<std::string> hosts;
  auto seq = nlohmann::json::array(), host = nlohmann::json::array(), start = nlohmann::json::array(),
       duration = nlohmann::json::array(), prefix = nlohmann::json::array(),
       suffix = nlohmann::json::array(), failures = nlohmann::json::array();
  std::string statuses;
  std::int64_t last_seq = 0, last_start = 0;
  std::string last_command;
  std::size_t stderr_spent = 0, stderr_left_out = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const ReportJob& j = jobs[order[k]];
    auto [it, added] = host_index.emplace(j.host, hosts.size());
    if (added) hosts.push_back(j.host);
    host.push_back(it->second);
    seq.push_back(static_cast<std::int64_t>(j.seq) - last_seq);
    last_seq = static_cast<std::int64_t>(j.seq);
    std::int64_t s = micros(j.start - t0);
    start.push_back(s - last_start);
    last_start = s;
    duration.push_back(std::max<std::int64_t>(0, micros(j.duration)));
    statuses += status_code(j.status);
    if (!named[order[k]]) {
      prefix.push_back(-1);
      suffix.push_back(0);
    } else {
      // ASCII only: the page counts in UTF-16 units, and bytes that are not
      // UTF-8 are replaced in the JSON.
      std::size_t shared = 0;
      while (shared < last_command.size() && shared < j.command.size() &&
             last_command[shared] == j.command[shared] &&
             static_cast<unsigned char>(j.command[shared]) < 0x80)
        ++shared;
      prefix.push_back(shared);
      suffix.push_back(j.command.substr(shared));
      last_command = j.command;
    }
    if (j.status != Status::ok) {
      std::string err = j.stderr_head;
      if (stderr_spent + err.size() > kStderrBudget) {
        err.clear();
        ++stderr_left_out;
      }
      stderr_spent += err.size();
      failures.push_back({k, j.exit_code, j.signal, err});
    }
  }
  data["hosts"] = hosts;
  data["seq"] = std::move(seq);
  if (hosts.size() > 1) data["h"] = std::move(host);
  data["s"] = std::move(start);
  data["d"] = std::move(duration);
  data["st"] = statuses;
  data["cp"] = std::move(prefix);
  data["cs"] = std::move(suffix);
  data["fail"] = std::move(failures);
  data["stderrLeftOut"] = stderr_left_out;

  // '<' never appears in JSON outside a string, and written as \u003c
  // nothing in the data can end or open the page's <script> element.
  std::string json = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string escaped;
  escaped.reserve(json.size());
  for (char c : json) {
    if (c == '<') escaped += "\\u003c";
    else escaped += c;
  }
  std::string page(run_report_page, run_report_page_size);
  std::string title = record.command_line.empty() ? record.source : record.command_line;
  if (title.size() > 120) {
    std::size_t end = 120;
    while (end > 0 && (static_cast<unsigned char>(title[end]) & 0xC0) == 0x80) --end;
    title = title.substr(0, end) + "...";
  }
  replace_once(page, "{{TITLE}}", html_escape("shoal report: " + title));
  replace_once(page, "{{DATA}}", escaped);
  return page;
}

}  // namespace shoal::cli

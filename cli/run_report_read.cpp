// Where the report's records come from: this run's jobs as they end, or a
// log of an earlier (or remote) run read back -- GNU parallel's joblog, or
// shoal's --json lines. A joblog has neither stderr nor the command line;
// the page says so rather than guessing.
#include <algorithm>
#include <istream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "joblog.hpp"
#include "run_report.hpp"

namespace shoal::cli {

namespace {

// Cut at `max` bytes, not inside a UTF-8 character, with an ellipsis.
std::string cut(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "\u2026";
}

// A joblog line's class. GNU parallel (and shoal) log a timeout as Exitval
// -1 with Signal 15; a remote job whose ssh could not reach its host exits
// 255, as `ssh` does.
Status joblog_status(const JoblogEntry& e) {
  if (e.exitval == -1 && e.signal == 15) return Status::timeout;
  if (e.signal != 0) return Status::killed;
  if (e.exitval == 0) return Status::ok;
  if (e.exitval == 255 && e.host != ":" && !e.host.empty()) return Status::error;
  return Status::failed;
}

std::optional<Status> status_named(const std::string& name) {
  for (Status s : {Status::ok, Status::failed, Status::timeout, Status::killed, Status::error})
    if (name == to_string(s)) return s;
  return std::nullopt;
}

// One --json line, or what is wrong with it.
Checked<void> read_json_line(const std::string& line, RunRecord& record) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("not a JSON object");
  ReportJob job;
  try {
    job.seq = j.at("seq").get<std::uint64_t>();
    job.host = j.value("host", std::string(":"));
    job.command = cut(j.value("command", std::string()), kMaxCommand);
    auto status = status_named(j.at("status").get<std::string>());
    if (!status) return fail("unknown status '" + j.at("status").get<std::string>() + "'");
    job.status = *status;
    job.start = j.at("start").get<double>();
    job.duration = j.value("duration", j.value("end", job.start) - job.start);
    job.exit_code = j.contains("exit") && j["exit"].is_number_integer() ? j["exit"].get<int>() : -1;
    job.signal = j.value("signal", 0);
    if (job.status != Status::ok) {
      std::string err = j.value("stderr", std::string());
      if (j.contains("error")) err = j["error"].get<std::string>() + "\n" + err;
      shoal::Output out;
      out.append(err);
      job.stderr_head = stderr_head(out);
    }
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string("not a --json record (") + e.what() + ")");
  }
  record.jobs.push_back(std::move(job));
  return {};
}

}  // namespace

std::string stderr_head(const shoal::Output& err) {
  std::string head;
  std::size_t lines = 0;
  err.for_each_chunk([&](std::string_view chunk) {
    for (char c : chunk) {
      if (head.size() >= kMaxStderrHead) return false;
      head += c;
      if (c == '\n' && ++lines == kStderrLines) return false;
    }
    return true;
  });
  bool more = head.size() < err.size();
  while (!head.empty() && head.back() == '\n') head.pop_back();
  if (more) head = cut(head, kMaxStderrHead) + (head.ends_with("\u2026") ? "" : "\n\u2026");
  return head;
}

ReportJob report_job(const JobReport& job, const shoal::Result& r) {
  ReportJob j;
  j.seq = job.seq;
  j.host = job.host;
  j.start = std::chrono::duration<double>(r.wall_start.time_since_epoch()).count();
  j.duration = r.duration().count();
  j.status = r.status;
  j.exit_code = r.exit_code;
  j.signal = r.signal;
  j.command = cut(job.command, kMaxCommand);
  if (r.status != Status::ok) {
    j.stderr_head = stderr_head(r.err);
    if (r.status == Status::error && !r.error.empty())
      j.stderr_head = r.error + (j.stderr_head.empty() ? "" : "\n" + j.stderr_head);
  }
  return j;
}

Checked<void> read_run_log(std::istream& in, const std::string& name, RunRecord& record) {
  enum class Kind { unknown, joblog, json } kind = Kind::unknown;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (kind == Kind::unknown) kind = line[0] == '{' ? Kind::json : Kind::joblog;
    Checked<void> read;
    if (kind == Kind::json) {
      read = read_json_line(line, record);
    } else if (line.starts_with("Seq\tHost\t")) {
      continue;  // a header (an appended joblog may hold several)
    } else {
      JoblogEntry e;
      if (!parse_joblog_line(line, e)) {
        read = fail("not a joblog line (Seq Host Starttime JobRuntime Send Receive Exitval Signal "
                    "Command, TAB-separated) nor a --json record");
      } else {
        ReportJob job;
        job.seq = e.seq;
        job.host = e.host;
        job.start = e.start_epoch;
        job.duration = e.runtime;
        job.status = joblog_status(e);
        job.exit_code = job.status == Status::timeout || job.status == Status::killed ? -1 : e.exitval;
        job.signal = e.signal;
        // A joblog writes a command's newlines as NUL.
        std::replace(e.command.begin(), e.command.end(), '\0', '\n');
        job.command = cut(std::move(e.command), kMaxCommand);
        record.jobs.push_back(std::move(job));
      }
    }
    if (!read) return fail(fmt::format("{} line {}: {}", name, number, read.error()));
  }
  if (in.bad()) return fail(name + ": read error");
  if (kind == Kind::joblog) {
    record.has_stderr = false;
    record.no_stderr_reason = "a joblog keeps no stderr: make the report from --json output "
                              "(or with --report) to see why jobs failed";
  }
  return {};
}

}  // namespace shoal::cli

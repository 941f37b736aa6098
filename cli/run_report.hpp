// The run report (--report FILE.html, `shoal report LOG`): what a finished
// run was, kept apart from where it comes from (this run's jobs as they end,
// or a joblog / --json lines read back) and from how it is drawn (an HTML
// page, run_report_html.cpp). One record per job, small enough to keep
// 100,000 of them in memory: the command is cut short, and of stderr only
// the first lines of a job that did not succeed are kept.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "checked.hpp"
#include "job_report.hpp"
#include "shoal/output.hpp"
#include "shoal/result.hpp"

namespace shoal::cli {

struct ReportJob {
  std::uint64_t seq = 0;
  std::string host = ":";
  double start = 0;     // seconds since the epoch
  double duration = 0;  // seconds
  // ok, failed, timeout, killed; error is "could not start" on this
  // machine and "could not reach the host" on another.
  shoal::Status status = shoal::Status::ok;
  int exit_code = 0;  // -1 when none (killed by a signal, timed out, never ran)
  int signal = 0;
  std::string command;      // cut at kMaxCommand bytes
  std::string stderr_head;  // jobs not ok: the first lines of stderr, or shoal's error
};

struct RunRecord {
  std::string command_line;  // "" when not known (a joblog or JSON lines)
  std::string source;        // what the report was made from, for the page
  double started = 0;        // seconds since the epoch; 0: the first job's start
  double ended = 0;          // 0: the last job's end
  // Whether the jobs' stderr is in the records; when not, why not.
  bool has_stderr = true;
  std::string no_stderr_reason;
  std::vector<ReportJob> jobs;
  std::vector<std::string> unreachable_hosts;  // hosts that never ran a job
};

constexpr std::size_t kMaxCommand = 300;     // bytes of a command kept
constexpr std::size_t kStderrLines = 5;      // lines of a failed job's stderr kept
constexpr std::size_t kMaxStderrHead = 800;  // ...and bytes at most

// The first kStderrLines lines of `err` (at most kMaxStderrHead bytes),
// read without bringing a spilled output back into memory.
std::string stderr_head(const shoal::Output& err);

// A job of this run as the report keeps it.
ReportJob report_job(const JobReport& job, const shoal::Result& result);

// Reads a joblog (GNU parallel's or shoal's) or shoal's --json lines, told
// apart by their first line, and adds their jobs to `record`; or fails
// naming the file and line.
Checked<void> read_run_log(std::istream& in, const std::string& name, RunRecord& record);

// The report: one self-contained HTML page (no network).
std::string render_report_html(const RunRecord& record);

// The page written to `path`, or a failure naming it. check_report_file
// makes sure before a run that the page can be written after it.
Checked<void> write_report_file(const std::string& path, const std::string& page);
Checked<void> check_report_file(const std::string& path);

// `shoal report [-o FILE.html] LOG...`: the exit status.
int report_command(int argc, const char* const* argv);

}  // namespace shoal::cli

#include "joblog.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <charconv>
#include <cstring>
#include <fstream>
#include <type_traits>

#include "ending.hpp"

#include <fmt/format.h>

namespace shoal::cli {

JoblogEntry joblog_entry(std::uint64_t seq, const shoal::Result& r, std::string command) {
  JoblogEntry e;
  e.seq = seq;
  e.start_epoch = std::chrono::duration<double>(r.wall_start.time_since_epoch()).count();
  e.runtime = r.duration().count();
  e.command = std::move(command);
  switch (r.status) {
    case Status::ok:
    case Status::failed: e.exitval = r.exit_code; break;
    case Status::killed: e.signal = r.signal; break;
    case Status::timeout:
      e.exitval = -1;
      e.signal = SIGTERM;
      break;
    // ssh that could not reach its host exits 255, as GNU parallel logs it.
    case Status::error:
      e.exitval = r.exit_code > 0 ? r.exit_code : r.error_code == ENOENT ? 127 : 126;
      break;
  }
  return e;
}

std::string joblog_header() {
  return "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n";
}

std::string format_joblog_line(const JoblogEntry& e) {
  // Newlines would break the one-line-per-job format; parallel writes NUL.
  std::string command = e.command;
  for (char& c : command)
    if (c == '\n') c = '\0';
  return fmt::format("{}\t{}\t{:.3f}\t{:10.3f}\t{}\t{}\t{}\t{}\t{}\n", e.seq, e.host, e.start_epoch,
                     e.runtime, e.send, e.receive, e.exitval, e.signal, command);
}

Checked<JoblogFile> JoblogFile::open(const std::string& path, JoblogOpen how) {
  JoblogFile joblog(path);
  RecordFile& file = joblog.file_;
  bool keep = how != JoblogOpen::create;
  if (int e = joblog.on_stdout_ ? file.open_stdout() : file.open(path, keep, '\n'); e != 0)
    return fail("cannot open joblog " + path + ": " + std::strerror(e));
  if (file.dropped_torn_record())
    say("joblog " + path + ": dropped its last line, cut short (a kill or a full disk); that job runs again");
  bool header = joblog.on_stdout_ || how == JoblogOpen::create ||
                (how == JoblogOpen::resume && file.size_at_open() == 0);
  if (!header) return joblog;
  if (int e = file.append(joblog_header()); e != 0)
    return fail("cannot write joblog " + path + ": " + std::strerror(e));
  return joblog;
}

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A whole column as an integer: digits only (a sign where allowed), so that
// no stray byte of a torn line reads as part of a number.
template <typename T>
bool integer_column(std::string_view s, T& out) {
  std::string_view body = std::is_signed_v<T> && !s.empty() && s.front() == '-' ? s.substr(1) : s;
  if (!all_digits(body)) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// Starttime (%.3f) and JobRuntime (%10.3f, padded with spaces).
bool decimal_column(std::string_view s, double& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  auto point = s.find('.');
  if (!all_digits(s.substr(0, point)) || (point != s.npos && !all_digits(s.substr(point + 1))))
    return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

bool parse_joblog_line(std::string_view line, JoblogEntry& e) {
  // Nine TAB-separated columns; the command (last) may itself hold TABs.
  std::string_view cols[9];
  for (int i = 0; i < 8; ++i) {
    auto tab = line.find('\t');
    if (tab == std::string_view::npos) return false;
    cols[i] = line.substr(0, tab);
    line.remove_prefix(tab + 1);
  }
  cols[8] = line;
  e.host = std::string(cols[1]);
  e.command = std::string(cols[8]);
  for (char& c : e.command)
    if (c == '\0') c = '\n';
  return integer_column(cols[0], e.seq) && e.seq > 0 && !e.host.empty() &&
         decimal_column(cols[2], e.start_epoch) && decimal_column(cols[3], e.runtime) &&
         integer_column(cols[4], e.send) && integer_column(cols[5], e.receive) &&
         integer_column(cols[6], e.exitval) && integer_column(cols[7], e.signal);
}

Checked<JoblogHistory> read_joblog(const std::string& path, bool per_host) {
  JoblogHistory history;
  std::ifstream in(path, std::ios::binary);
  if (!in) return history;  // no joblog yet: nothing has run
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    // A last line without its newline was cut short (a kill, a full disk):
    // its job did not finish as far as the joblog knows, whatever the bytes
    // say. shoal drops it before appending (RecordFile).
    if (in.eof()) break;
    if (number == 1 && line.rfind("Seq\t", 0) == 0) continue;
    if (line.empty()) continue;
    JoblogEntry e;
    if (!parse_joblog_line(line, e)) {
      // Not one of ours (we write whole lines): guessing which jobs it
      // stands for could skip one that never ran.
      return fail("joblog " + path + " line " + std::to_string(number) +
                  " is not a joblog line (9 TAB-separated columns, GNU parallel's numbers); "
                  "fix or remove it");
    }
    JobKey key{e.seq, per_host ? e.host : std::string()};
    history.jobs[std::move(key)] = std::move(e);
  }
  return history;
}

Checked<JoblogFile::Appended> JoblogFile::append(const JoblogEntry& entry) {
  int e = file_.append(format_joblog_line(entry));
  if (e == 0) return Appended::written;
  if (e == EPIPE && on_stdout_) return Appended::reader_gone;
  return fail("cannot write joblog " + path_ + ": " + std::strerror(e));
}

}  // namespace shoal::cli

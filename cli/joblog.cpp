#include "joblog.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <charconv>
#include <cstring>
#include <fstream>

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

JoblogFile::JoblogFile(const std::string& path, bool append) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC),
               0644);
  if (fd_ < 0) {
    error_ = "cannot open joblog " + path + ": " + std::strerror(errno);
    return;
  }
  struct stat st{};
  if (append && ::fstat(fd_, &st) == 0 && st.st_size > 0) return;
  std::string header = joblog_header();
  if (::write(fd_, header.data(), header.size()) != static_cast<ssize_t>(header.size()))
    error_ = "cannot write joblog " + path + ": " + std::strerror(errno);
}

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
  auto number = [](std::string_view s, auto& out) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
  };
  e.host = std::string(cols[1]);
  e.command = std::string(cols[8]);
  for (char& c : e.command)
    if (c == '\0') c = '\n';
  return number(cols[0], e.seq) && number(cols[2], e.start_epoch) && number(cols[3], e.runtime) &&
         number(cols[4], e.send) && number(cols[5], e.receive) && number(cols[6], e.exitval) &&
         number(cols[7], e.signal);
}

JoblogHistory read_joblog(const std::string& path, bool per_host, std::string& error) {
  JoblogHistory history;
  std::ifstream in(path, std::ios::binary);
  if (!in) return history;  // no joblog yet: nothing has run
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("Seq\t", 0) == 0) continue;
    if (line.empty()) continue;
    JoblogEntry e;
    if (!parse_joblog_line(line, e)) {
      // A line cut short by a crash can only be the last one; it is a job
      // that did not finish as far as the joblog knows.
      if (in.peek() == std::char_traits<char>::eof()) break;
      error = "joblog " + path + " line " + std::to_string(number) + " is not a joblog line";
      return history;
    }
    JobKey key{e.seq, per_host ? e.host : std::string()};
    history.jobs[std::move(key)] = std::move(e);
  }
  return history;
}

JoblogFile::~JoblogFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool JoblogFile::append(const JoblogEntry& entry) {
  std::string line = format_joblog_line(entry);
  ssize_t n;
  do n = ::write(fd_, line.data(), line.size());
  while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(line.size())) {
    error_ = "cannot write joblog " + path_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace shoal::cli

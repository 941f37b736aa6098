#include "joblog.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

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
    case Status::error: e.exitval = r.error_code == ENOENT ? 127 : 126; break;
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

JoblogFile::JoblogFile(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    error_ = "cannot open joblog " + path + ": " + std::strerror(errno);
    return;
  }
  std::string header = joblog_header();
  if (::write(fd_, header.data(), header.size()) != static_cast<ssize_t>(header.size()))
    error_ = "cannot write joblog " + path + ": " + std::strerror(errno);
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

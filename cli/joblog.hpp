// --joblog in GNU parallel's exact format, so that tools reading parallel's
// joblogs read shoal's. One line per finished job, written as it finishes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shoal/result.hpp"

namespace shoal::cli {

struct JoblogEntry {
  std::uint64_t seq = 0;
  std::string host = ":";  // ":" is GNU parallel's name for this machine
  double start_epoch = 0;  // seconds since the epoch
  double runtime = 0;      // seconds
  std::uint64_t send = 0;
  std::uint64_t receive = 0;
  int exitval = 0;
  int signal = 0;
  std::string command;
};

// Maps a Result to parallel's columns: a timeout is Exitval -1 Signal 15 (as
// parallel writes it), a signal death Exitval 0 with the signal, a job that
// could not start 127 (not found) or 126 (not executable), as a shell would.
JoblogEntry joblog_entry(std::uint64_t seq, const shoal::Result& result, std::string command);

std::string joblog_header();
std::string format_joblog_line(const JoblogEntry& entry);

class JoblogFile {
 public:
  // Creates or truncates `path` and writes the header. Sets error() on failure.
  explicit JoblogFile(const std::string& path);
  ~JoblogFile();
  JoblogFile(const JoblogFile&) = delete;
  JoblogFile& operator=(const JoblogFile&) = delete;

  const std::string& error() const { return error_; }
  // One write(2) per line: a line is either wholly in the file or not at all
  // when shoal is killed.
  bool append(const JoblogEntry& entry);

 private:
  int fd_ = -1;
  std::string path_;
  std::string error_;
};

}  // namespace shoal::cli

// --joblog in GNU parallel's exact format, so that tools reading parallel's
// joblogs read shoal's. One line per finished job, written as it finishes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "checked.hpp"
#include "record_file.hpp"
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

// How a joblog is opened, and when it gets its header line, as GNU parallel
// does: a new joblog has one; --resume and friends add to the joblog they
// read (a header only if it is empty); --joblog +FILE adds to FILE and never
// writes one.
enum class JoblogOpen { create, resume, append };

class JoblogFile {
 public:
  // Opens `path` ("-": stdout, which always gets the header) as `how` says,
  // or says why it cannot. A last line cut short by an earlier run is
  // dropped first (and said).
  static Checked<JoblogFile> open(const std::string& path, JoblogOpen how);

  bool on_stdout() const { return on_stdout_; }
  // A line is wholly in the file or not at all, also on a full disk.
  // reader_gone: the joblog is stdout and nobody reads it any more -- no
  // error, the run ends as a filter's does when its reader goes.
  enum class Appended { written, reader_gone };
  Checked<Appended> append(const JoblogEntry& entry);

 private:
  explicit JoblogFile(const std::string& path) : path_(path), on_stdout_(path == "-") {}

  RecordFile file_;
  std::string path_;
  bool on_stdout_ = false;
};

// A job's place in a joblog: its seq, and with --onall/--nonall (where one
// seq runs on every host, as GNU parallel numbers them) its host too.
struct JobKey {
  std::uint64_t seq = 0;
  std::string host;  // "" when jobs are told apart by seq alone
  auto operator<=>(const JobKey&) const = default;
};

// What an existing joblog says, for --resume and friends: the last line of
// each job wins (a re-run job gets a new line).
struct JoblogHistory {
  std::map<JobKey, JoblogEntry> jobs;
  bool done(const JobKey& key) const { return jobs.count(key) != 0; }
  bool succeeded(const JobKey& key) const {
    auto it = jobs.find(key);
    return it != jobs.end() && it->second.exitval == 0 && it->second.signal == 0;
  }
};

// Reads `path`; a missing file is an empty history. `per_host` keys each
// line by seq and host (--onall/--nonall), else by seq alone (a spread job
// may have run on any host). Fails (naming the line) when the file is not
// a joblog.
Checked<JoblogHistory> read_joblog(const std::string& path, bool per_host);

// Parses one joblog line (without its newline); false if malformed.
bool parse_joblog_line(std::string_view line, JoblogEntry& entry);

}  // namespace shoal::cli

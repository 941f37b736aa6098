// --succeeded / --failed / --timed-out FILE: the arguments of the jobs in
// each class, one per line, written as jobs finish -- ready to be fed back
// in (`shoal ... :::: failed.txt` re-runs just the failures). What a line
// holds is the Reporter's choice (an input, a host, or both); this file
// only puts it in the right list.
//
// Classes: ok -> succeeded; timeout -> timed out; failed, killed and error
// (could not start) -> failed. --unreachable FILE is the fourth list: the
// hosts that could not be reached, each once.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>

#include "shoal/status.hpp"

namespace shoal::cli {

struct StatusListPaths {
  std::string succeeded, failed, timed_out, unreachable;
  bool any() const {
    return !succeeded.empty() || !failed.empty() || !timed_out.empty() || !unreachable.empty();
  }
};

class StatusLists {
 public:
  // Creates (truncates) each file named; `append` keeps what is there (for
  // --resume). Sets error() when one cannot be opened.
  StatusLists(const StatusListPaths& paths, bool append);
  ~StatusLists();
  StatusLists(const StatusLists&) = delete;
  StatusLists& operator=(const StatusLists&) = delete;

  const std::string& error() const { return error_; }
  // Adds the job's input line to its class's file, if that file is wanted.
  bool add(shoal::Status status, const std::string& input_line);
  // Adds a host to the --unreachable list, if that list is wanted.
  bool add_unreachable(const std::string& host);

 private:
  int open_list(const std::string& path, bool append);
  int succeeded_ = -1, failed_ = -1, timed_out_ = -1, unreachable_ = -1;
  std::unordered_set<std::string> listed_unreachable_;  // each host once, resumed runs too
  std::string error_;
};

}  // namespace shoal::cli

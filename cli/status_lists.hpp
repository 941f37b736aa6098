// --succeeded / --failed / --timed-out FILE: the arguments of the jobs in
// each class, one per line (NUL-terminated with -0), written as jobs'
// outputs are delivered -- ready to be fed back in (`shoal ... :::: failed.txt`
// re-runs just the failures). What a line holds is the Reporter's choice (an
// input, a host, or both); this file only puts it in the right list, whole
// or not at all (record_file.hpp).
//
// Classes: ok -> succeeded; timeout -> timed out; failed, killed and error
// (could not start) -> failed. --unreachable FILE is the fourth list: the
// hosts that could not be reached, each once.
#pragma once

#include <memory>
#include <string>

#include "checked.hpp"
#include "record_file.hpp"
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
  // --resume). A job list's lines end with `end` (the input's delimiter).
  // Fails, naming it, when one cannot be opened.
  static Checked<StatusLists> open(const StatusListPaths& paths, bool append, char end = '\n');

  // Adds the job's line (ended already) to its class's file, if that file
  // is wanted. Returns 0 or the errno.
  int add(shoal::Status status, const std::string& line);
  // Adds a host to the --unreachable list, if that list is wanted.
  int add_unreachable(const std::string& host);

 private:
  StatusLists() = default;

  // Null for a list not wanted.
  std::unique_ptr<RecordFile> succeeded_, failed_, timed_out_, unreachable_;
};

}  // namespace shoal::cli

// A file of records appended one at a time -- the joblog, the class lists --
// that a full disk or a kill may cut short. Each record is written whole or
// not at all: a write that fails part way is truncated back to where the
// record began, so the next record never glues onto a torn one (a torn
// joblog line once read "2" + "33..." as seq 233). A record left cut short
// by an earlier run is dropped before anything is appended after it.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "shoal/unique_fd.hpp"

namespace shoal::cli {

class RecordFile {
 public:
  RecordFile() = default;

  // Creates or truncates `path`; with `keep`, appends to what is there, less
  // a last record not ended by `end`. Returns 0 or the errno.
  int open(const std::string& path, bool keep, char end);
  // Writes to a copy of stdout instead (--joblog -). The jobs' output goes
  // there too, so a failed write is never truncated back.
  int open_stdout();
  // Whether open() dropped a record cut short; and what is left, in bytes.
  bool dropped_torn_record() const { return dropped_; }
  off_t size_at_open() const { return size_; }

  // Appends `record` (which ends with its `end`) whole; on failure the file
  // is as it was and the errno is returned.
  int append(std::string_view record);

 private:
  shoal::UniqueFd fd_;
  bool regular_ = false;  // a FIFO or /dev/stdout cannot be truncated back
  bool dropped_ = false;
  off_t size_ = 0;
  std::optional<off_t> cut_at_;  // a torn record the last truncate failed to remove
};

}  // namespace shoal::cli

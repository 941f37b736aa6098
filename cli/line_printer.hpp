// --line-buffer: print each job's output as it arrives, a whole line at a
// time, so lines of different jobs never tear into each other (GNU
// parallel's --line-buffer). A job's unfinished last line waits for its
// newline or for the job's end. The lines go through the OutputWriter, so
// a reader that stops reading holds up neither the loop nor the jobs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "output_writer.hpp"

namespace shoal::cli {

class LinePrinter {
 public:
  LinePrinter(OutputWriter& writer, bool tag);

  // Bytes of job `order`'s stream 1 (stdout) or 2 (stderr).
  void output(std::uint64_t order, const std::string& tag, int stream, std::string_view bytes);

  // The bytes job `order` has written to stdout so far (the joblog's Receive).
  std::uint64_t received(std::uint64_t order) const;
  // The job ended: its unfinished lines go now, and `then(delivered)` runs
  // once all of its stdout has been written (delivered: all of it got
  // there) -- at once if none is on its way, even when other jobs' is.
  void finished(std::uint64_t order, const std::string& tag, std::function<void(bool)> then);

 private:
  struct Partial {
    std::string out, err;
    std::uint64_t received = 0;
    bool delivered = true;
    int in_flight = 0;                // stdout pieces handed to the writer, not yet back
    std::function<void(bool)> then;  // once the job has ended and none is
  };
  void stdout_written(std::uint64_t order, bool delivered);
  OutputWriter::Job job(std::uint64_t order, int stream, const std::string& tag,
                        std::string_view lines);

  OutputWriter& writer_;
  bool tag_;
  // Until the job's last lines are written.
  std::unordered_map<std::uint64_t, Partial> partial_;
};

}  // namespace shoal::cli

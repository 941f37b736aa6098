// --line-buffer: print each job's output as it arrives, a whole line at a
// time, so lines of different jobs never tear into each other (GNU
// parallel's --line-buffer). A job's unfinished last line waits for its
// newline or for the job's end.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace shoal::cli {

class LinePrinter {
 public:
  LinePrinter(int out_fd, int err_fd, bool tag, std::function<void()> before_write = {});

  // Bytes of job `order`'s stream 1 (stdout) or 2 (stderr).
  void output(std::uint64_t order, const std::string& tag, int stream, std::string_view bytes);

  // What became of a job's stdout once it ended.
  struct Ended {
    std::uint64_t received = 0;  // bytes it wrote to stdout (the joblog's Receive)
    bool delivered = true;       // all of them reached our stdout
  };
  // The job ended: its unfinished lines are printed as they are.
  Ended finished(std::uint64_t order, const std::string& tag);

  bool stdout_closed() const { return stdout_closed_; }
  // The first error other than EPIPE that writing stdout met (ENOSPC...), or 0.
  int write_error() const { return write_error_; }

 private:
  struct Partial {
    std::string out, err;
    Ended ended;
  };
  void write(int stream, const std::string& tag, std::string_view complete_lines, Partial& job);

  int out_fd_, err_fd_;
  bool tag_;
  std::function<void()> before_write_;
  std::unordered_map<std::uint64_t, Partial> partial_;
  bool stdout_closed_ = false;
  int write_error_ = 0;
};

}  // namespace shoal::cli

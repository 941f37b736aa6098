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
  // The job ended: its unfinished lines are printed as they are.
  void finished(std::uint64_t order, const std::string& tag);

  bool stdout_closed() const { return stdout_closed_; }

 private:
  void write(int stream, const std::string& tag, std::string_view complete_lines);

  int out_fd_, err_fd_;
  bool tag_;
  std::function<void()> before_write_;
  struct Partial {
    std::string out, err;
  };
  std::unordered_map<std::uint64_t, Partial> partial_;
  bool stdout_closed_ = false;
};

}  // namespace shoal::cli

// Where finished jobs' output goes: each job's stdout and stderr in one
// piece (never interleaved with another job's), in finishing order or, with
// -k, in input order; with --tag each line prefixed by the job's argument.
// A job's records (joblog line, class lists) mean its output was delivered,
// so each job may bring a continuation that runs once its output has been
// written -- with -k that is when its turn comes, not when it ends.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "shoal/output.hpp"

namespace shoal::cli {

struct PrinterOptions {
  bool keep_order = false;
  bool tag = false;
};

class Printer {
 public:
  // Called once a job's output has been written: `delivered` is false when
  // its stdout could not be (the reader went away, or a write error).
  using Then = std::function<void(bool delivered)>;

  // `before_write` runs before anything is written (the live status line
  // uses it to clear itself off the terminal).
  Printer(PrinterOptions options, int out_fd, int err_fd, std::function<void()> before_write = {});

  // Every seq from 1 up must be handed in exactly once, in any order.
  void finished(std::uint64_t seq, std::string tag, shoal::Output out, shoal::Output err,
                Then then = {});
  // The run is over: with -k, what is still held (behind a job that never
  // came, as when shoal stopped early) is printed now, in order.
  void flush();

  // Set when stdout's reader has gone away (EPIPE): nothing more is printed.
  bool stdout_closed() const { return stdout_closed_; }
  // The first error other than EPIPE that writing output met (ENOSPC...), or 0.
  int write_error() const { return write_error_; }
  // Jobs held back by -k, waiting for an earlier one.
  std::size_t held() const { return held_.size(); }

 private:
  struct Held {
    std::string tag;
    shoal::Output out, err;
    Then then;
  };
  void print(Held& job);
  // Empties `o`: its bytes may be moved rather than copied (Output::move_to).
  int write_stream(int fd, const std::string& tag, shoal::Output& o);

  PrinterOptions options_;
  int out_fd_, err_fd_;
  std::function<void()> before_write_;
  std::uint64_t next_seq_ = 1;
  std::map<std::uint64_t, Held> held_;
  bool stdout_closed_ = false;
  int write_error_ = 0;
};

// Prefixes every line of `bytes` with `tag` and a TAB. `at_line_start`
// carries state across chunks of one stream.
std::string tag_lines(std::string_view bytes, const std::string& tag, bool& at_line_start);

}  // namespace shoal::cli

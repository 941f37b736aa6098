// Where finished jobs' output goes: each job's stdout and stderr in one
// piece (never interleaved with another job's), in finishing order or, with
// -k, in input order; with --tag each line prefixed by the job's argument.
// A job's records (joblog line, class lists) mean its output was delivered,
// so each job may bring a continuation that runs once its output has been
// written -- with -k that is when its turn comes, not when it ends. This is
// the policy (which job goes when); the OutputWriter writes, off the loop.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "output_writer.hpp"
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

  Printer(PrinterOptions options, OutputWriter& writer);

  // `order` is the job's place among this run's jobs (1, 2, 3, ...), which
  // -k prints by -- not its seq, the joblog's number. Every order from 1 up
  // must be handed in exactly once, in any order of finishing.
  // Without -k, a job that printed nothing to stdout has nothing to
  // deliver: `then` runs at once, though an earlier job's output may still
  // be on its way (to a reader that has stopped reading, say).
  void finished(std::uint64_t order, std::string tag, shoal::Output out, shoal::Output err,
                Then then = {});
  // The run is over: with -k, what is still held (behind a job that never
  // came, as when shoal stopped early) goes to be printed now, in order.
  void flush();

 private:
  PrinterOptions options_;
  OutputWriter& writer_;
  std::uint64_t next_order_ = 1;
  std::map<std::uint64_t, OutputWriter::Job> held_;
};

// Prefixes every line of `bytes` with `tag` and a TAB. `at_line_start`
// carries state across chunks of one stream.
std::string tag_lines(std::string_view bytes, const std::string& tag, bool& at_line_start);

}  // namespace shoal::cli

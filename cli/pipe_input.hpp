// --pipe's reading side: stdin cut into blocks (pipe_blocks.hpp's rules)
// only as jobs can take them. Nothing is read ahead of the next block, so
// shoal holds at most the blocks its running jobs have not finished
// reading, plus the one being cut: memory is bounded by the block size
// however long the stream is.
#pragma once

#include <deque>
#include <optional>
#include <string>

#include "checked.hpp"
#include "input.hpp"
#include "pipe_blocks.hpp"

namespace shoal::cli {

struct PipeRules {
  std::size_t block_size = 1 << 20;  // --block (1M, as GNU parallel)
  std::size_t records = 0;           // -N: records per block (0: as many as fit)
  std::optional<HeaderRule> header;  // --header: repeated at the top of every block
  bool regexp = false;               // --regexp: -N counts leading garbage as a record
  bool remove_rec_sep = false;       // --remove-rec-sep: the separators taken out of each block
  bool skip_first_line = false;      // --skip-first-line: the input's first line is dropped
};

class BlockReader {
 public:
  // Reads `fd` (not owned) named `name` in errors.
  BlockReader(int fd, std::string name, RecordSplitter splitter, PipeRules rules);

  // The next block (its header included), or wait until fd() is readable
  // (then readable(), and pull again), or the end -- or, at the end, why
  // reading stopped early (the blocks read before it still come first).
  Checked<InputSource::Pull> next(std::string& block);
  int fd() const { return pollable_ ? fd_ : -1; }
  void readable() { ready_ = true; }
  // --block-timeout: the block being read has taken too long; the next
  // pull cuts what there is (at its last record end) without waiting for
  // a whole block.
  void time_up() { time_up_ = true; }

 private:
  bool read_more(std::size_t want);  // false: must wait
  void cut(bool forced);  // the buffer is as full as it gets this round (forced: time is up)
  void emit(std::size_t length);

  int fd_;
  std::string name_;
  RecordSplitter splitter_;
  PipeRules rules_;
  bool pollable_ = false;
  bool ready_ = false;
  bool eof_ = false;
  std::string buffer_;
  std::size_t target_ = 0;  // this round's buffer size (a multiple of the block size)
  std::optional<std::string> header_;  // found (or known absent) once
  bool first_line_skipped_ = false;
  bool time_up_ = false;    // --skip-first-line done (or not asked for)
  bool garbage_checked_ = false;
  std::deque<std::string> blocks_;     // cut, not taken yet (-N cuts several at once)
  std::string read_error_;             // said at the end, in place of it
};

}  // namespace shoal::cli

// A job's stdin that shoal keeps feeding while the job runs: --round-robin
// and --tee hand a running job block after block, --pipepart a range of a
// file. (A plain --pipe block is one string: the engine's stdin_data.)
//
// The pipe is written only when it has room (the loop says so), so a slow
// job holds up its own feed and nothing else. A file range goes through
// splice(2): the bytes move from the page cache into the pipe without
// passing through shoal's memory; where splice cannot (a file system
// without it), through a 128 KiB buffer.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "checked.hpp"
#include "shoal/loop.hpp"

namespace shoal::cli {

class StdinFeed {
 public:
  // A new pipe, or why it cannot be made. `drained` is called from the
  // loop when all that was pushed has been written (or the job stopped
  // reading).
  static Checked<std::unique_ptr<StdinFeed>> open(Loop& loop, std::function<void()> drained);
  ~StdinFeed();
  StdinFeed(const StdinFeed&) = delete;
  StdinFeed& operator=(const StdinFeed&) = delete;

  // The end the job reads: give it as Command::stdin_fd, then close it
  // here once the job has started (or failed to).
  int child_end() const { return child_end_; }
  void close_child_end();

  void push(std::string bytes);
  // `length` bytes of `fd` from `offset`; fd stays the caller's, open
  // until the feed has written them.
  void push_file(int fd, std::uint64_t offset, std::uint64_t length);
  // End of input for the job, once everything pushed is written.
  void finish();

  bool idle() const { return pieces_.empty(); }
  // Takes more: not finished, and the job still reads.
  bool taking() const { return ours_ >= 0 && !finishing_ && !broken_; }

 private:
  StdinFeed(Loop& loop, int ours, int theirs, std::function<void()> drained);
  struct Piece {
    std::string bytes;
    int fd = -1;  // a file range instead of bytes
    std::uint64_t offset = 0, length = 0;
    std::size_t done = 0;  // bytes of `bytes` written
  };
  // Writes what the pipe takes; false when it is full (wait for room).
  bool write_piece(Piece& piece);
  void pump(bool from_loop);
  void close_ours();

  Loop& loop_;
  int ours_, child_end_;
  std::function<void()> drained_;
  std::deque<Piece> pieces_;
  bool finishing_ = false;
  bool broken_ = false;  // the job stopped reading: the rest is dropped
  bool splice_works_ = true;
  FdWatch watch_;
};

}  // namespace shoal::cli

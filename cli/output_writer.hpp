// Writes jobs' output to shoal's stdout and stderr without ever holding up
// the event loop. A reader of stdout that stops reading (a pager nobody
// scrolls) blocks whoever writes to it; if that were the loop, timeouts
// would not fire and Ctrl-C would not be heard until the reader moved on.
// So when stdout or stderr is something that can stall (a pipe, a socket,
// a terminal), the writes -- the same blocking write/splice/sendfile as
// ever -- happen on a thread of their own, fed in order by the loop, and
// each job's "written" comes back to the loop (through an eventfd), where
// its continuation runs: records stay single-threaded and in order. stdout
// and stderr are never made non-blocking: they are open file descriptions
// shared with other programs (the terminal, the pager), which would break.
// When neither can stall (files, /dev/null) the writes are made at once on
// the caller's thread, as a thread would buy nothing.
//
// What waits to be written -- queued here, or held back by -k in the
// Printer -- is bounded in memory: past memory_limit bytes, and past
// most_files outputs with spill files of their own, the rest moves to one
// file in $TMPDIR (the Spool), as GNU parallel keeps waiting outputs in
// temporary files. Jobs keep running while stdout is stalled; their output
// then costs disk, not memory.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "shoal/loop.hpp"
#include "shoal/output.hpp"
#include "shoal/unique_fd.hpp"
#include "spool.hpp"

namespace shoal::cli {

class OutputWriter {
 public:
  // 64 times what one stream of a running job keeps in memory before it
  // spills (EngineOptions::spill_threshold, 1 MiB): runs whose waiting
  // output is small or short-lived never touch the disk, and the bound is
  // small next to the memory of any machine that runs many jobs at once.
  static constexpr std::size_t memory_limit = std::size_t{64} << 20;
  // Waiting outputs that may keep a spill file of their own open; the
  // rest are copied into the Spool, so -k never runs shoal out of fds.
  static constexpr std::size_t most_files = 16;

  // Bytes for one fd: an Output (whose lines get `tag` if tagged), bytes
  // already final, or a range of the Spool.
  struct Piece {
    int stream = 1;  // 1: stdout, 2: stderr
    std::variant<shoal::Output, std::string, Spool::Range> bytes;
    bool tagged = false;
    std::string tag;
    // What admit() counted against the bounds.
    std::size_t counted_memory = 0;
    bool counted_file = false;
  };
  // Pieces written together, in order; then `done(delivered)` on the loop
  // thread, where delivered says every piece for stdout got there.
  struct Job {
    std::vector<Piece> pieces;
    std::function<void(bool delivered)> done;
    bool delivered = true;
  };

  // `before_write` runs on the loop thread before anything is handed to be
  // written (the live status line clears itself). With no loop, or when
  // neither fd can stall, everything is written at once on the caller's
  // thread.
  OutputWriter(int out_fd, int err_fd, std::function<void()> before_write, Loop* loop = nullptr);
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;
  ~OutputWriter();

  // Counts a job's pieces against the bounds; what does not fit goes to
  // the Spool now. A job waiting anywhere (held by -k) is admitted first.
  void admit(Job& job);
  // Writes (or queues) a job after every job submitted before it.
  void submit(Job job);
  // A line of shoal's own for stderr, its end included (--verbose's
  // command line, a warning): queued as a job is, so it arrives whole,
  // after the jobs submitted before it. Written to fd 2 at once instead, it
  // could land inside a job's output that the thread is writing.
  void note(std::string line);

  // Something is queued or being written: the loop must not end yet, and
  // nothing else may draw on stderr.
  bool busy() const { return handed_ || !waiting_.empty(); }
  // Called on the loop thread whenever the writer becomes idle.
  void on_idle(std::function<void()> idle) { on_idle_ = std::move(idle); }
  // shoal is leaving without waiting for a stalled reader: a write in
  // progress is left to the thread, which dies with the process.
  void abandon() { abandoned_ = true; }

  // Bytes of waiting output counted in memory now (at most memory_limit,
  // unless the Spool could not take more).
  std::size_t memory_waiting() const { return memory_; }

  bool stdout_closed() const { return stdout_closed_; }
  // The first error other than EPIPE that writing stdout met, or 0.
  int write_error() const { return write_error_; }
  // Why moving output to the Spool failed, the first time it did ("" if never).
  const std::string& spool_error() const { return spool_error_; }

 private:
  // What the loop and the thread share; the thread keeps it alive too.
  struct Shared {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> todo, done;
    bool quit = false;
    bool writing = false;  // the thread has jobs it has not given back
    shoal::UniqueFd event_fd;
    // Set by whoever writes; the loop reads them as jobs come back.
    std::atomic<bool> stdout_closed{false};
    std::atomic<int> write_error{0};
    int out_fd = 1, err_fd = 2;
    Spool spool;
  };
  static void write_job(Shared& s, Job& job);
  static int write_piece(const Shared& s, Piece& piece);
  static void thread_main(std::shared_ptr<Shared> s);

  void spool_piece(Piece& piece);
  void hand_over();
  void on_written();
  void complete(std::deque<Job>& jobs);

  std::shared_ptr<Shared> shared_;
  std::function<void()> before_write_;
  std::function<void()> on_idle_;
  Loop* loop_ = nullptr;  // null: written at once
  std::thread thread_;
  FdWatch done_watch_;
  std::deque<Job> waiting_;  // submitted, not handed to the thread yet
  bool handed_ = false;      // the thread has a batch
  bool abandoned_ = false;
  std::size_t memory_ = 0, files_ = 0;
  bool stdout_closed_ = false;
  int write_error_ = 0;
  std::string spool_error_;
};

}  // namespace shoal::cli

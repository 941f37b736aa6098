// The captured bytes of one stream of one job. Small outputs stay in memory;
// past a threshold the bytes move to an unlinked temporary file, so a job
// that prints gigabytes costs disk, not RAM, and nothing is ever dropped.
// A job's output may also stay where it is, in the pipe it was written to
// (take_pipe), until it is printed: move_to then sends it on inside the
// kernel, without copying it through shoal's memory.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "shoal/unique_fd.hpp"

namespace shoal {

class Output {
 public:
  Output() = default;
  // threshold: bytes kept in memory before spilling; spill_dir: where the
  // unlinked temporary file is created (empty means $TMPDIR or /tmp).
  Output(std::size_t threshold, std::string spill_dir);
  Output(Output&&) noexcept;
  Output& operator=(Output&&) noexcept;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();

  // Returns false (and keeps what it had) only if spilling to disk failed;
  // the error is remembered in spill_error().
  bool append(std::string_view bytes);
  // Makes the `size` bytes waiting in `fd`, the read end of a pipe that
  // nobody can write to any more, this output, in place of what it held;
  // the Output owns the pipe from now on. The bytes stay in the pipe until they
  // are read: the const readers below read them into memory first (so an
  // Output is not safe to read from two threads at once), move_to moves
  // them on without a copy through memory.
  void take_pipe(UniqueFd fd, std::size_t size);
  // Pipes held by Outputs in this process, now: each may hold up to 1 MiB
  // of kernel memory, which the kernel counts against the user.
  static int pipes_held();

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool spilled() const { return static_cast<bool>(spill_fd_); }
  // Bytes held in this process's memory now (not in a spill file or a pipe).
  std::size_t in_memory() const { return memory_.size(); }
  const std::string& spill_error() const { return spill_error_; }

  // Calls `chunk` with the bytes in order, in pieces. Stops early and
  // returns false if `chunk` returns false or the spill file cannot be read.
  bool for_each_chunk(const std::function<bool(std::string_view)>& chunk) const;

  // All bytes as one string (for small outputs and tests).
  std::string str() const;

  // Writes everything to fd; returns 0 or the errno that stopped it
  // (EPIPE when the reader went away -- if the program ignores SIGPIPE, as
  // the shoal command does; otherwise the write raises it, as write(2) does).
  int write_to(int fd) const;
  // Like write_to, but leaves the Output empty: bytes still in a pipe
  // are moved with splice(2) rather than read and written again.
  int move_to(int fd);

 private:
  bool flush_to_spill();
  // Reads bytes still held in a pipe into memory and closes the pipe.
  void read_pipe() const;

  // A pipe counted in pipes_held() (and against the process's big pipes)
  // for exactly as long as it is held.
  class HeldPipe {
   public:
    HeldPipe() = default;
    explicit HeldPipe(UniqueFd fd);
    HeldPipe(HeldPipe&&) noexcept = default;
    HeldPipe& operator=(HeldPipe&& other) noexcept;
    ~HeldPipe() { reset(); }
    int get() const { return fd_.get(); }
    explicit operator bool() const { return static_cast<bool>(fd_); }
    void reset();

   private:
    UniqueFd fd_;
  };

  std::size_t threshold_ = 1 << 20;
  std::string spill_dir_;
  // mutable: a const reader may first move bytes from pipe_fd_ into memory_.
  mutable std::string memory_;
  mutable std::size_t size_ = 0;
  UniqueFd spill_fd_;
  mutable HeldPipe pipe_;
  std::string spill_error_;
};

}  // namespace shoal

#pragma GCC visibility pop

// The captured bytes of one stream of one job. Small outputs stay in memory;
// past a threshold the bytes move to an unlinked temporary file, so a job
// that prints gigabytes costs disk, not RAM, and nothing is ever dropped.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

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
  // Makes the bytes of `fd`, a file the job wrote from offset 0, this
  // output, in place of what it held; the Output owns fd from now on. A
  // file of more than small_file bytes is kept as it is (never copied
  // through memory), a smaller one is read and closed. False, with
  // spill_error() set, if the file cannot be read.
  bool take_file(int fd);
  static constexpr std::size_t small_file = 64 * 1024;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool spilled() const { return spill_fd_ >= 0; }
  const std::string& spill_error() const { return spill_error_; }

  // Calls `chunk` with the bytes in order, in pieces. Stops early and
  // returns false if `chunk` returns false or the spill file cannot be read.
  bool for_each_chunk(const std::function<bool(std::string_view)>& chunk) const;

  // All bytes as one string (for small outputs and tests).
  std::string str() const;

  // Writes everything to fd; returns 0 or the errno that stopped it
  // (EPIPE when the reader went away).
  int write_to(int fd) const;

 private:
  bool flush_to_spill();

  std::size_t threshold_ = 1 << 20;
  std::string spill_dir_;
  std::string memory_;
  std::size_t size_ = 0;
  int spill_fd_ = -1;
  std::string spill_error_;
};

}  // namespace shoal

// --cat and --fifo: a job's block reaches it as a file named by {} instead
// of on its stdin -- a temporary file holding the block (--cat), or a named
// pipe the block is written into as the job reads it (--fifo), as GNU
// parallel gives them. They live in one directory of the run's own under
// $TMPDIR (or /tmp); a job's file goes once the job has its record, and
// the directory with whatever is left in it when the run ends -- after
// Ctrl-C or SIGTERM too, since shoal then waits for its jobs and returns.
// (A kill -9 of shoal leaves the directory: nothing can remove it then.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "checked.hpp"
#include "pipe_part.hpp"

namespace shoal::cli {

class BlockFiles {
 public:
  // The run's directory made, or why it cannot be.
  static Checked<BlockFiles> open();
  BlockFiles(BlockFiles&& other) noexcept : dir_(std::move(other.dir_)) { other.dir_.clear(); }
  BlockFiles& operator=(BlockFiles&& other) noexcept {
    std::swap(dir_, other.dir_);
    return *this;
  }
  BlockFiles(const BlockFiles&) = delete;
  ~BlockFiles();

  // The name of job `seq`'s file.
  std::string path(std::uint64_t seq) const;
  // --cat: the file holding `head` then `block`, or `head` then a part of a
  // file (--pipepart, copied in the kernel).
  Checked<void> write(const std::string& path, std::string_view head, std::string_view block) const;
  Checked<void> write(const std::string& path, std::string_view head, const FilePart& part) const;
  // --fifo: the named pipe.
  Checked<void> make_fifo(const std::string& path) const;
  void remove(const std::string& path) const;

 private:
  explicit BlockFiles(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace shoal::cli

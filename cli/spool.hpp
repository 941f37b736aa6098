// Where output that waits to be printed goes once too much of it waits in
// memory: one unlinked temporary file in $TMPDIR (or /tmp), as GNU parallel
// keeps its waiting outputs in temporary files. One file for them all, not
// one each, so that thousands of outputs held back by -k cost one fd; the
// space of a range is given back (a hole punched) once it has been printed,
// and the file shrinks to nothing whenever nothing waits in it. Like an
// Output's spill file, it is never visible in the directory and is gone
// when shoal ends, even by kill -9.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "checked.hpp"
#include "shoal/output.hpp"
#include "shoal/unique_fd.hpp"

namespace shoal::cli {

class Spool {
 public:
  struct Range {
    off_t offset = 0;
    std::size_t size = 0;
  };

  Spool() = default;

  // Appends bytes (an Output's, each line prefixed with `tag` and a TAB
  // when tag is given) and gives where they are; or says why they could
  // not all be written -- then the file is as before and the caller keeps
  // them. The thread that owns the Spool only.
  Checked<Range> put(const shoal::Output& output, const std::string* tag);
  Checked<Range> put(std::string_view bytes);
  // Writes a range to fd: 0 or the errno that stopped it. Safe from another
  // thread while put() and release() of other ranges go on.
  int send(const Range& range, int fd) const;
  // The range has been printed: its space goes back to the filesystem.
  void release(const Range& range);

 private:
  Checked<void> open();
  Checked<Range> finish_put(off_t start, int written);

  shoal::UniqueFd fd_;
  std::size_t live_ = 0;  // ranges put and not yet released
};

}  // namespace shoal::cli

// --pipepart: files given with -a cut into parts at record boundaries
// without reading them through shoal. Only a little around each place a
// cut should fall is read (to find the record boundary after it); each
// job then gets its part from the file straight into its stdin pipe
// (pipe_feed.hpp: splice), so the file's bytes never pass through shoal's
// memory and the reading runs at the speed of the page cache or the disk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checked.hpp"
#include "pipe_blocks.hpp"

namespace shoal::cli {

struct FilePart {
  int fd = -1;               // the file's (owned by the PartPlan)
  std::uint64_t begin = 0;   // byte offsets in it
  std::uint64_t end = 0;
  const std::string* header = nullptr;  // --header: sent before the part
};

// Where the parts of one file begin, with GNU parallel's rule: a cut is
// looked for every `block` bytes from `skip` (the header's end), at the
// first record boundary at or after that place (with --regexp the last one
// in the first 128 KiB read that has one); the last part ends at `size`.
// `fd` is read with pread. Offsets ascending, first `skip`, last `size`.
std::vector<std::uint64_t> part_offsets(int fd, std::uint64_t size, std::uint64_t skip,
                                        std::uint64_t block, const RecordSplitter& splitter,
                                        bool regexp);

class PartPlan {
 public:
  PartPlan() = default;
  PartPlan(const PartPlan&) = delete;
  PartPlan& operator=(const PartPlan&) = delete;
  PartPlan(PartPlan&&) noexcept;
  PartPlan& operator=(PartPlan&&) noexcept;
  ~PartPlan();

  // Opens `files` and cuts them. `block` as --block (negative: -N parts
  // per job slot of `jobs`). A failure when a file cannot be opened or is
  // not seekable.
  Checked<void> open(const std::vector<std::string>& files, std::int64_t block, std::size_t jobs,
                     const RecordSplitter& splitter, bool regexp,
                     const std::optional<HeaderRule>& header);
  const std::vector<FilePart>& parts() const { return parts_; }

 private:
  std::vector<int> fds_;
  std::vector<std::string> headers_;  // one per file (reserved: parts point into it)
  std::vector<FilePart> parts_;
};

}  // namespace shoal::cli

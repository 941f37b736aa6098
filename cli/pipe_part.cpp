#include "pipe_part.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace shoal::cli {

namespace {

// Reads `length` bytes at `offset` (fewer at the end of the file).
std::string read_at(int fd, std::uint64_t offset, std::size_t length) {
  std::string bytes(length, '\0');
  std::size_t got = 0;
  while (got < length) {
    ssize_t n = ::pread(fd, bytes.data() + got, length - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

constexpr std::size_t read_size = 128 * 1024;  // as GNU parallel reads (its dd_block_size)

}  // namespace

std::vector<std::uint64_t> part_offsets(int fd, std::uint64_t size, std::uint64_t skip,
                                        std::uint64_t block, const RecordSplitter& splitter,
                                        bool regexp) {
  std::vector<std::uint64_t> cuts{skip};
  for (std::uint64_t pos = skip + block; pos < size; pos += block) {
    if (splitter.cuts_anywhere()) {
      cuts.push_back(pos);
      continue;
    }
    // Read on from `pos` until a boundary shows; most records are short,
    // so this is one read.
    std::string window;
    for (;;) {
      std::string more = read_at(fd, pos + window.size(), read_size);
      if (more.empty()) break;
      window += more;
      std::size_t cut = regexp ? splitter.last_cut(window) : splitter.first_cut_from(window, 0);
      if (cut != std::string::npos && cut > 0) {
        pos += cut;
        cuts.push_back(pos);
        break;
      }
    }
  }
  if (cuts.back() != size) cuts.push_back(size);
  return cuts;
}

PartPlan::PartPlan(PartPlan&& other) noexcept
    : fds_(std::exchange(other.fds_, {})),
      headers_(std::move(other.headers_)),
      parts_(std::move(other.parts_)) {}

PartPlan& PartPlan::operator=(PartPlan&& other) noexcept {
  std::swap(fds_, other.fds_);
  std::swap(headers_, other.headers_);
  std::swap(parts_, other.parts_);
  return *this;
}

PartPlan::~PartPlan() {
  for (int fd : fds_) ::close(fd);
}

Checked<void> PartPlan::open(const std::vector<std::string>& files, std::int64_t block,
                             std::size_t jobs, const RecordSplitter& splitter, bool regexp,
                             const std::optional<HeaderRule>& header) {
  std::vector<std::uint64_t> sizes;
  std::uint64_t total = 0;
  for (const auto& name : files) {
    int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail("cannot open " + name + ": " + std::strerror(errno));
    fds_.push_back(fd);
    struct stat st{};
    std::uint64_t size = 0;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      size = static_cast<std::uint64_t>(st.st_size);
    } else if (S_ISBLK(st.st_mode) && ::ioctl(fd, BLKGETSIZE64, &size) == 0) {
      // a block device: its size
    } else {
      return fail("--pipepart needs a seekable file: " + name +
                  " is not a regular file or a block device");
    }
    sizes.push_back(size);
    total += size;
  }
  // -N: N parts per job slot, as GNU parallel sizes them.
  std::uint64_t size_of_block =
      block > 0 ? static_cast<std::uint64_t>(block)
                : 1 + total / std::max<std::size_t>(jobs, 1) / static_cast<std::uint64_t>(-block);
  headers_.reserve(files.size());
  for (std::size_t f = 0; f < files.size(); ++f) {
    std::string head;
    if (header) {
      // Read until the header's end shows (or the file ends).
      std::string start;
      for (;;) {
        std::string more = read_at(fds_[f], start.size(), read_size);
        start += more;
        if (auto length = header_length(*header, start, more.empty())) {
          head = start.substr(0, *length);
          break;
        }
      }
    }
    headers_.push_back(std::move(head));
    auto cuts = part_offsets(fds_[f], sizes[f], headers_[f].size(), size_of_block, splitter, regexp);
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
      parts_.push_back({fds_[f], cuts[i], cuts[i + 1], &headers_[f]});
  }
  return {};
}

}  // namespace shoal::cli

#include "block_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <filesystem>

#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

Failure why(const std::string& what, const std::string& path) {
  return fail("cannot " + what + " " + path + ": " + std::strerror(errno));
}

// The file written, or why not (errno read before the close).
Checked<void> written(bool ok, int fd, const std::string& path) {
  Checked<void> result;
  if (!ok) result = why("write", path);
  ::close(fd);
  return result;
}

}  // namespace

Checked<BlockFiles> BlockFiles::open() {
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/shoal-blocks-XXXXXX";
  if (!::mkdtemp(dir.data())) return why("make a directory for --cat/--fifo like", dir);
  return BlockFiles(std::move(dir));
}

BlockFiles::~BlockFiles() {
  if (dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string BlockFiles::path(std::uint64_t seq) const { return dir_ + "/" + std::to_string(seq); }

Checked<void> BlockFiles::write(const std::string& path, std::string_view head,
                                std::string_view block) const {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return why("create", path);
  return written(shoal::write_all(fd, head) == 0 && shoal::write_all(fd, block) == 0, fd, path);
}

Checked<void> BlockFiles::write(const std::string& path, std::string_view head,
                                const FilePart& part) const {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return why("create", path);
  bool ok = shoal::write_all(fd, head) == 0;
  loff_t from = static_cast<loff_t>(part.begin);
  std::uint64_t left = part.end - part.begin;
  while (ok && left > 0) {
    ssize_t n = ::copy_file_range(part.fd, &from, fd, nullptr, left, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n > 0) {
      left -= static_cast<std::uint64_t>(n);
      continue;
    }
    if (n == 0) break;  // the file shrank under us: what there is
    // No copy_file_range between these file systems: through a buffer.
    char buffer[1 << 16];
    ssize_t r = ::pread(part.fd, buffer, std::min<std::uint64_t>(left, sizeof buffer), from);
    if (r <= 0) {
      ok = r == 0;
      break;
    }
    ok = shoal::write_all(fd, std::string_view(buffer, static_cast<std::size_t>(r))) == 0;
    from += r;
    left -= static_cast<std::uint64_t>(r);
  }
  return written(ok, fd, path);
}

Checked<void> BlockFiles::make_fifo(const std::string& path) const {
  if (::mkfifo(path.c_str(), 0600) != 0 && errno != EEXIST) return why("make the fifo", path);
  return {};
}

void BlockFiles::remove(const std::string& path) const { ::unlink(path.c_str()); }

}  // namespace shoal::cli

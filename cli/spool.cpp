#include "spool.hpp"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "printer.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

Spool::~Spool() {
  if (fd_ >= 0) ::close(fd_);
}

bool Spool::open() {
  if (fd_ >= 0) return true;
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = tmp && *tmp ? tmp : "/tmp";
  fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0) {  // a filesystem without O_TMPFILE
    std::string path = dir + "/shoal-waiting-XXXXXX";
    fd_ = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(path.c_str());
  }
  if (fd_ < 0) error_ = "cannot create a file in " + dir + ": " + std::strerror(errno);
  return fd_ >= 0;
}

bool Spool::put(const shoal::Output& output, const std::string* tag, Range& range) {
  if (!open()) return false;
  off_t start = ::lseek(fd_, 0, SEEK_END);
  int e = 0;
  if (!tag) {
    e = output.write_to(fd_);  // sendfile from its own spill file, if it has one
  } else {
    bool at_line_start = true;
    output.for_each_chunk([&](std::string_view chunk) {
      e = write_all(fd_, tag_lines(chunk, *tag, at_line_start));
      return e == 0;
    });
  }
  return finish_put(start, e, range);
}

bool Spool::put(std::string_view bytes, Range& range) {
  if (!open()) return false;
  off_t start = ::lseek(fd_, 0, SEEK_END);
  return finish_put(start, write_all(fd_, bytes), range);
}

bool Spool::finish_put(off_t start, int written, Range& range) {
  off_t end = ::lseek(fd_, 0, SEEK_END);
  if (start < 0 || end < 0 || written != 0) {
    // A full $TMPDIR: what was written is cut off again, and the caller
    // keeps the bytes in memory.
    error_ = std::string("cannot write to a file in $TMPDIR: ") +
             std::strerror(written != 0 ? written : errno);
    if (start >= 0 && ::ftruncate(fd_, start) == 0) ::lseek(fd_, start, SEEK_SET);
    return false;
  }
  range = {start, static_cast<std::size_t>(end - start)};
  ++live_;
  return true;
}

int Spool::send(const Range& range, int fd) const {
  // sendfile and pread take the offset given and leave the file's own
  // position to put(), which may run at the same time on the loop thread.
  off_t offset = range.offset;
  const off_t end = range.offset + static_cast<off_t>(range.size);
  bool copy = false;
  while (offset < end) {
    auto left = static_cast<std::size_t>(end - offset);
    if (!copy) {
      ssize_t n = ::sendfile(fd, fd_, &offset, left);
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) {
        wait_writable(fd);
        continue;
      }
      if (n < 0 && (errno == EINVAL || errno == ENOSYS)) {
        copy = true;  // a target sendfile refuses (O_APPEND): through memory
        continue;
      }
      return n < 0 ? errno : EIO;
    }
    char buf[1 << 16];
    ssize_t got = ::pread(fd_, buf, std::min(sizeof buf, left), offset);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return got < 0 ? errno : EIO;
    if (int e = write_all(fd, std::string_view(buf, static_cast<std::size_t>(got))); e != 0) return e;
    offset += got;
  }
  return 0;
}

void Spool::release(const Range& range) {
  if (fd_ < 0 || live_ == 0) return;
  if (--live_ == 0) {
    // Nothing waits in the file: it starts again from nothing.
    if (::ftruncate(fd_, 0) == 0) ::lseek(fd_, 0, SEEK_SET);
    return;
  }
  // Filesystems without holes keep the space until the file empties.
  ::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, range.offset,
              static_cast<off_t>(range.size));
}

}  // namespace shoal::cli

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

Checked<void> Spool::open() {
  if (fd_) return {};
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = tmp && *tmp ? tmp : "/tmp";
  fd_.reset(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (!fd_) {  // a filesystem without O_TMPFILE
    std::string path = dir + "/shoal-waiting-XXXXXX";
    fd_.reset(::mkostemp(path.data(), O_CLOEXEC));
    if (fd_) ::unlink(path.c_str());
  }
  if (!fd_) return fail("cannot create a file in " + dir + ": " + std::strerror(errno));
  return {};
}

Checked<Spool::Range> Spool::put(const shoal::Output& output, const std::string* tag) {
  if (auto opened = open(); !opened) return opened.failure();
  off_t start = ::lseek(fd_.get(), 0, SEEK_END);
  int e = 0;
  if (!tag) {
    e = output.write_to(fd_.get());  // sendfile from its own spill file, if it has one
  } else {
    bool at_line_start = true;
    output.for_each_chunk([&](std::string_view chunk) {
      e = write_all(fd_.get(), tag_lines(chunk, *tag, at_line_start));
      return e == 0;
    });
  }
  return finish_put(start, e);
}

Checked<Spool::Range> Spool::put(std::string_view bytes) {
  if (auto opened = open(); !opened) return opened.failure();
  off_t start = ::lseek(fd_.get(), 0, SEEK_END);
  return finish_put(start, write_all(fd_.get(), bytes));
}

Checked<Spool::Range> Spool::finish_put(off_t start, int written) {
  off_t end = ::lseek(fd_.get(), 0, SEEK_END);
  if (start < 0 || end < 0 || written != 0) {
    // A full $TMPDIR: what was written is cut off again, and the caller
    // keeps the bytes in memory.
    int e = written != 0 ? written : errno;
    if (start >= 0 && ::ftruncate(fd_.get(), start) == 0) ::lseek(fd_.get(), start, SEEK_SET);
    return fail(std::string("cannot write to a file in $TMPDIR: ") + std::strerror(e));
  }
  ++live_;
  return Range{start, static_cast<std::size_t>(end - start)};
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
      ssize_t n = ::sendfile(fd, fd_.get(), &offset, left);
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
    ssize_t got = ::pread(fd_.get(), buf, std::min(sizeof buf, left), offset);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return got < 0 ? errno : EIO;
    if (int e = write_all(fd, std::string_view(buf, static_cast<std::size_t>(got))); e != 0) return e;
    offset += got;
  }
  return 0;
}

void Spool::release(const Range& range) {
  if (!fd_ || live_ == 0) return;
  if (--live_ == 0) {
    // Nothing waits in the file: it starts again from nothing.
    if (::ftruncate(fd_.get(), 0) == 0) ::lseek(fd_.get(), 0, SEEK_SET);
    return;
  }
  // Filesystems without holes keep the space until the file empties.
  ::fallocate(fd_.get(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, range.offset,
              static_cast<off_t>(range.size));
}

}  // namespace shoal::cli

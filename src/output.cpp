// Output capture with spill-to-disk. The spill file is created with
// O_TMPFILE (never visible in the directory, gone when closed, even if shoal
// is killed); where the filesystem lacks O_TMPFILE, mkstemp + unlink.
#include "shoal/output.hpp"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "shoal/io.hpp"
#include "unlinked_file.hpp"

namespace shoal {

namespace {

std::string default_spill_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

}  // namespace

int open_unlinked_file(const std::string& where) {
  const std::string dir = where.empty() ? default_spill_dir() : where;
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string path = dir + "/shoal-output-XXXXXX";
  fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(path.c_str());
  return fd;
}

Output::Output(std::size_t threshold, std::string spill_dir)
    : threshold_(threshold), spill_dir_(std::move(spill_dir)) {}

Output::Output(Output&& o) noexcept
    : threshold_(o.threshold_),
      spill_dir_(std::move(o.spill_dir_)),
      memory_(std::move(o.memory_)),
      size_(std::exchange(o.size_, 0)),
      spill_fd_(std::exchange(o.spill_fd_, -1)),
      spill_error_(std::move(o.spill_error_)) {}

Output& Output::operator=(Output&& o) noexcept {
  if (this != &o) {
    if (spill_fd_ >= 0) ::close(spill_fd_);
    threshold_ = o.threshold_;
    spill_dir_ = std::move(o.spill_dir_);
    memory_ = std::move(o.memory_);
    size_ = std::exchange(o.size_, 0);
    spill_fd_ = std::exchange(o.spill_fd_, -1);
    spill_error_ = std::move(o.spill_error_);
  }
  return *this;
}

Output::~Output() {
  if (spill_fd_ >= 0) ::close(spill_fd_);
}

bool Output::append(std::string_view bytes) {
  if (bytes.empty()) return true;
  // Once spilled, memory_ is only a write buffer in front of the file.
  memory_.append(bytes);
  size_ += bytes.size();
  if (memory_.size() > threshold_) return flush_to_spill();
  return true;
}

bool Output::flush_to_spill() {
  if (spill_fd_ < 0) {
    spill_fd_ = open_unlinked_file(spill_dir_);
    if (spill_fd_ < 0) {
      spill_error_ = std::string("cannot create spill file: ") + std::strerror(errno);
      return false;  // keep the bytes in memory rather than lose them
    }
  }
  if (int e = write_all(spill_fd_, memory_); e != 0) {
    spill_error_ = std::string("cannot write spill file: ") + std::strerror(e);
    return false;
  }
  memory_.clear();
  return true;
}

bool Output::take_file(int fd) {
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    spill_error_ = std::string("cannot read the output file: ") + std::strerror(errno);
    ::close(fd);
    return false;
  }
  auto size = static_cast<std::size_t>(st.st_size);
  if (size > small_file) {
    if (spill_fd_ >= 0) ::close(spill_fd_);
    spill_fd_ = fd;
    memory_.clear();
    size_ = size;
    return true;
  }
  // A few bytes are cheaper in memory than an fd held until they are
  // printed (with -k, many finished jobs may wait their turn).
  memory_.resize(size);
  std::size_t got = 0;
  while (got < size) {
    ssize_t n = ::pread(fd, memory_.data() + got, size - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  memory_.resize(got);
  size_ = got;
  ::close(fd);
  return true;
}

bool Output::for_each_chunk(const std::function<bool(std::string_view)>& chunk) const {
  if (spill_fd_ >= 0) {
    char buf[1 << 16];
    off_t offset = 0;
    // Only what was counted: a process the job left behind may still be
    // writing into a file the job wrote itself.
    const auto spilled = static_cast<off_t>(size_ - memory_.size());
    while (offset < spilled) {
      ssize_t n = ::pread(spill_fd_, buf,
                          static_cast<std::size_t>(std::min<off_t>(sizeof buf, spilled - offset)),
                          offset);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      if (n == 0) break;
      offset += n;
      if (!chunk(std::string_view(buf, static_cast<std::size_t>(n)))) return false;
    }
  }
  if (!memory_.empty()) return chunk(memory_);
  return true;
}

std::string Output::str() const {
  std::string all;
  all.reserve(size_);
  for_each_chunk([&](std::string_view c) {
    all.append(c);
    return true;
  });
  return all;
}

int Output::write_to(int fd) const {
  if (spill_fd_ >= 0) {
    // sendfile copies inside the kernel: a 100 MB output never passes
    // through shoal's memory.
    off_t offset = 0;
    off_t spilled = static_cast<off_t>(size_ - memory_.size());
    while (offset < spilled) {
      ssize_t n = ::sendfile(fd, spill_fd_, &offset, static_cast<std::size_t>(spilled - offset));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) {
        wait_writable(fd);
        continue;
      }
      if (n < 0 && (errno == EINVAL || errno == ENOSYS)) {
        // sendfile refuses some targets (a file opened O_APPEND: `>>`):
        // copy the rest through memory instead.
        char buf[1 << 16];
        while (offset < spilled) {
          ssize_t got = ::pread(spill_fd_, buf,
                                static_cast<std::size_t>(std::min<off_t>(sizeof buf, spilled - offset)),
                                offset);
          if (got < 0 && errno == EINTR) continue;
          if (got <= 0) return got < 0 ? errno : EIO;
          if (int e = write_all(fd, std::string_view(buf, static_cast<std::size_t>(got))); e != 0) return e;
          offset += got;
        }
        break;
      }
      if (n < 0) return errno;
      if (n == 0) break;
    }
  }
  return write_all(fd, memory_);
}

}  // namespace shoal

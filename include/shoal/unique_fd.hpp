// A move-only owner of a file descriptor, the one owner every fd in shoal
// has. Public because an Output holds its pipe and spill file in one (and
// takes a pipe as one), as fmt publishes its `file`. close() is never
// retried on EINTR: on Linux the fd is gone either way, and a retry could
// close someone else's.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <unistd.h>

#include <cerrno>
#include <utility>

namespace shoal {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  // For the one close whose failure means something: NFS reports a failed
  // write only there. Returns 0 or the errno; the fd is gone either way.
  int close() {
    if (fd_ < 0) return 0;
    return ::close(std::exchange(fd_, -1)) == 0 ? 0 : errno;
  }

 private:
  int fd_ = -1;
};

}  // namespace shoal

#pragma GCC visibility pop

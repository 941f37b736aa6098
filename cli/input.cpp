#include "input.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace shoal::cli {

InputSource::Pull ArgsSource::next(std::string& item) {
  if (next_ == args_.size()) return Pull::end;
  item = std::move(args_[next_++]);
  return Pull::item;
}

LineSource::LineSource(int fd, bool owned, std::string name, char delimiter)
    : fd_(fd), owned_(owned), name_(std::move(name)), delimiter_(delimiter) {
  struct stat st{};
  pollable_ = ::fstat(fd, &st) == 0 &&
              (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode));
  // /dev/null is a character device that epoll refuses; reading it never blocks.
  if (pollable_ && S_ISCHR(st.st_mode) && !::isatty(fd)) pollable_ = false;
}

LineSource::~LineSource() {
  if (owned_) ::close(fd_);
}

InputSource::Pull LineSource::next(std::string& item) {
  for (;;) {
    auto nl = buffer_.find(delimiter_, pos_);
    if (nl != std::string::npos) {
      item.assign(buffer_, pos_, nl - pos_);
      pos_ = nl + 1;
      return Pull::item;
    }
    if (eof_) {
      if (pos_ < buffer_.size()) {
        item.assign(buffer_, pos_, std::string::npos);
        pos_ = buffer_.size();
        return Pull::item;
      }
      return Pull::end;
    }
    if (pollable_ && !ready_) return Pull::wait;
    // Keep the buffer small: drop what has been handed out already.
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    char chunk[1 << 16];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    ready_ = false;  // one read per readiness: a second could block
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
    } else if (n == 0) {
      eof_ = true;
    } else if (errno != EINTR && errno != EAGAIN) {
      error_ = "cannot read " + name_ + ": " + std::strerror(errno);
      eof_ = true;
    }
  }
}

}  // namespace shoal::cli

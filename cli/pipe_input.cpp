#include "pipe_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "ending.hpp"

namespace shoal::cli {

BlockReader::BlockReader(int fd, std::string name, RecordSplitter splitter, PipeRules rules)
    : fd_(fd), name_(std::move(name)), splitter_(std::move(splitter)), rules_(std::move(rules)) {
  struct stat st{};
  pollable_ = ::fstat(fd, &st) == 0 &&
              (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || (S_ISCHR(st.st_mode) && ::isatty(fd)));
  // A bigger pipe lets the writer run ahead by a megabyte, and every read
  // here take that much: 16 times fewer wake-ups than 64 KiB. The kernel
  // may refuse (the user's pipe budget): then it stays as it is.
  if (S_ISFIFO(st.st_mode)) ::fcntl(fd, F_SETPIPE_SZ, 1 << 20);
  if (!rules_.header) header_ = std::string();
  first_line_skipped_ = !rules_.skip_first_line;
}

Checked<InputSource::Pull> BlockReader::next(std::string& block) {
  for (;;) {
    if (!blocks_.empty()) {
      block = std::move(blocks_.front());
      blocks_.pop_front();
      return InputSource::Pull::item;
    }
    if (!first_line_skipped_) {
      // --skip-first-line: up to the first newline, before any header.
      if (auto nl = buffer_.find('\n'); nl != std::string::npos || eof_) {
        buffer_.erase(0, nl == std::string::npos ? buffer_.size() : nl + 1);
        first_line_skipped_ = true;
      } else if (!read_more(rules_.block_size)) {
        return InputSource::Pull::wait;
      }
      continue;
    }
    if (eof_ && buffer_.empty()) {
      if (!read_error_.empty()) return fail(read_error_);
      return InputSource::Pull::end;
    }
    if (!header_) {
      if (auto length = header_length(*rules_.header, buffer_, eof_)) {
        header_ = buffer_.substr(0, *length);
        buffer_.erase(0, *length);
      } else if (!read_more(rules_.block_size)) {
        return InputSource::Pull::wait;
      }
      continue;
    }
    // GNU parallel's rounds: fill up to the next multiple of the block
    // size (or the end), then cut.
    if (target_ == 0) target_ = buffer_.size() + rules_.block_size - buffer_.size() % rules_.block_size;
    bool forced = time_up_ && !eof_ && buffer_.size() < target_;
    time_up_ = false;
    if (!eof_ && buffer_.size() < target_ && !forced) {
      if (!read_more(target_ - buffer_.size())) return InputSource::Pull::wait;
      continue;
    }
    target_ = 0;
    cut(forced);
    if (forced && blocks_.empty()) return InputSource::Pull::wait;  // not a record yet
  }
}

bool BlockReader::read_more(std::size_t want) {
  if (pollable_ && !ready_) return false;
  std::size_t old = buffer_.size();
  buffer_.resize(old + want);
  ssize_t n = ::read(fd_, buffer_.data() + old, want);
  int err = errno;
  buffer_.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
  ready_ = false;  // one read per readiness: a second could block
  if (n == 0) {
    eof_ = true;
  } else if (n < 0 && err != EINTR && err != EAGAIN) {
    read_error_ = "cannot read " + name_ + ": " + std::strerror(err);
    eof_ = true;
  }
  return true;
}

void BlockReader::emit(std::size_t length) {
  std::string block;
  if (rules_.remove_rec_sep) {
    // The records without their separators; the header as it is.
    std::string records = buffer_.substr(0, length);
    buffer_.erase(0, length);
    splitter_.remove_separators(records);
    blocks_.push_back(*header_ + records);
    return;
  }
  if (header_->empty() && length == buffer_.size()) {
    block.swap(buffer_);  // the whole buffer: no copy
  } else {
    block.reserve(header_->size() + length);
    block.append(*header_).append(buffer_, 0, length);
    buffer_.erase(0, length);
  }
  blocks_.push_back(std::move(block));
}

void BlockReader::cut(bool forced) {
  std::size_t before = blocks_.size();
  if (rules_.records > 0) {
    if (rules_.regexp && !garbage_checked_) {
      // Input before the first record start is a record of its own.
      garbage_checked_ = true;
      if (std::size_t garbage = splitter_.leading_garbage(buffer_); garbage > 0) emit(garbage);
    }
    while (!buffer_.empty()) {
      std::size_t at = splitter_.nth_cut(buffer_, rules_.records);
      if (at == 0) break;
      emit(at);
    }
  } else if (!eof_) {
    if (std::size_t at = splitter_.last_cut(buffer_); at > 0) emit(at);
  }
  if (eof_) {
    if (!buffer_.empty()) emit(buffer_.size());
    return;
  }
  if (blocks_.size() == before && !forced) {
    // No boundary in a whole block: a record is longer than --block. Grow
    // it as GNU parallel does (by 30%), and say so.
    std::size_t old = rules_.block_size;
    rules_.block_size = (old * 13 + 9) / 10 + 1;  // ceil(old * 1.3 + 1)
    say(fmt::format("warning: a record was longer than {} bytes; increasing --block to {}", old,
                    rules_.block_size));
  }
}

}  // namespace shoal::cli

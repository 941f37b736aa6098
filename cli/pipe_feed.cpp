#include "pipe_feed.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace shoal::cli {

Checked<std::unique_ptr<StdinFeed>> StdinFeed::open(Loop& loop, std::function<void()> drained) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail(std::string("cannot create pipe: ") + std::strerror(errno));
  // Ours only is non-blocking; the job reads as programs expect.
  ::fcntl(fds[1], F_SETFL, O_NONBLOCK);
  // A megabyte in flight: fewer wake-ups for both sides. May be refused.
  ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
  return std::unique_ptr<StdinFeed>(new StdinFeed(loop, fds[1], fds[0], std::move(drained)));
}

StdinFeed::StdinFeed(Loop& loop, int ours, int theirs, std::function<void()> drained)
    : loop_(loop), ours_(ours), child_end_(theirs), drained_(std::move(drained)) {}

StdinFeed::~StdinFeed() {
  close_child_end();
  close_ours();
}

void StdinFeed::close_child_end() {
  if (child_end_ >= 0) ::close(child_end_);
  child_end_ = -1;
}

void StdinFeed::close_ours() {
  watch_.stop();
  if (ours_ >= 0) ::close(ours_);
  ours_ = -1;
}

void StdinFeed::push(std::string bytes) {
  if (broken_ || finishing_ || bytes.empty()) return;
  Piece piece;
  piece.bytes = std::move(bytes);
  pieces_.push_back(std::move(piece));
  pump(false);
}

void StdinFeed::push_file(int fd, std::uint64_t offset, std::uint64_t length) {
  if (broken_ || finishing_ || length == 0) return;
  Piece piece;
  piece.fd = fd;
  piece.offset = offset;
  piece.length = length;
  pieces_.push_back(std::move(piece));
  pump(false);
}

void StdinFeed::finish() {
  finishing_ = true;
  pump(false);
}

bool StdinFeed::write_piece(Piece& piece) {
  for (;;) {
    ssize_t n;
    std::size_t before = piece.fd >= 0 ? piece.length : piece.bytes.size() - piece.done;
    if (before == 0) return true;
    if (piece.fd >= 0 && splice_works_) {
      loff_t offset = static_cast<loff_t>(piece.offset);
      n = ::splice(piece.fd, &offset, ours_, nullptr, std::min<std::uint64_t>(piece.length, 1 << 20),
                   SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
      if (n < 0 && (errno == EINVAL || errno == ENOSYS)) {
        splice_works_ = false;
        continue;
      }
    } else if (piece.fd >= 0) {
      std::vector<char> chunk(std::min<std::uint64_t>(piece.length, 1 << 17));
      n = ::pread(piece.fd, chunk.data(), chunk.size(), static_cast<off_t>(piece.offset));
      if (n > 0) n = ::write(ours_, chunk.data(), static_cast<std::size_t>(n));
      // What the pipe did not take is read again next time.
    } else {
      n = ::write(ours_, piece.bytes.data() + piece.done, before);
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return false;
    if (n <= 0) {
      // The job stopped reading (EPIPE), or the file ended early or could
      // not be read: the job gets what it got.
      broken_ = true;
      return true;
    }
    auto wrote = static_cast<std::size_t>(n);
    if (piece.fd >= 0) {
      piece.offset += wrote;
      piece.length -= wrote;
    } else {
      piece.done += wrote;
    }
  }
}

void StdinFeed::pump(bool from_loop) {
  while (!pieces_.empty() && !broken_ && ours_ >= 0) {
    if (!write_piece(pieces_.front())) {
      if (!watch_.active()) watch_ = FdWatch(loop_, ours_, FdWatch::writable, [this] { pump(true); });
      return;
    }
    if (!broken_) pieces_.pop_front();
  }
  if (broken_) {
    pieces_.clear();
  }
  watch_.stop();
  if (finishing_ || broken_) close_ours();
  // Said from the loop only: a push never calls back into its caller.
  if (from_loop && drained_) drained_();
}

}  // namespace shoal::cli

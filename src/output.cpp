// Output capture with spill-to-disk. The spill file is created with
// O_TMPFILE (never visible in the directory, gone when closed, even if shoal
// is killed); where the filesystem lacks O_TMPFILE, mkstemp + unlink.
#include "shoal/output.hpp"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "big_pipes.hpp"
#include "shoal/io.hpp"

namespace shoal {

namespace {

std::atomic<int> pipes_held_now{0};

std::string default_spill_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

UniqueFd open_spill_file(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (fd) return fd;
  std::string path = dir + "/shoal-output-XXXXXX";
  fd.reset(::mkostemp(path.data(), O_CLOEXEC));
  if (fd) ::unlink(path.c_str());
  return fd;
}

}  // namespace

Output::Output(std::size_t threshold, std::string spill_dir)
    : threshold_(threshold), spill_dir_(std::move(spill_dir)) {}

// Moves by hand only so that what is moved from is left empty, not
// claiming a size it no longer holds; the fds move with their owners.
Output::Output(Output&& o) noexcept { *this = std::move(o); }

Output& Output::operator=(Output&& o) noexcept {
  if (this != &o) {
    threshold_ = o.threshold_;
    spill_dir_ = std::move(o.spill_dir_);
    memory_ = std::move(o.memory_);
    size_ = std::exchange(o.size_, 0);
    spill_fd_ = std::move(o.spill_fd_);
    pipe_ = std::move(o.pipe_);
    spill_error_ = std::move(o.spill_error_);
  }
  return *this;
}

Output::~Output() = default;

int Output::pipes_held() { return pipes_held_now.load(std::memory_order_relaxed); }

Output::HeldPipe::HeldPipe(UniqueFd fd) : fd_(std::move(fd)) {
  if (!fd_) return;
  pipes_held_now.fetch_add(1, std::memory_order_relaxed);
  big_pipes::add();
}

Output::HeldPipe& Output::HeldPipe::operator=(HeldPipe&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::move(other.fd_);
  }
  return *this;
}

void Output::HeldPipe::reset() {
  if (!fd_) return;
  fd_.reset();
  pipes_held_now.fetch_sub(1, std::memory_order_relaxed);
  big_pipes::release();
}

void Output::take_pipe(UniqueFd fd, std::size_t size) {
  spill_fd_.reset();
  memory_.clear();
  pipe_ = HeldPipe(std::move(fd));
  size_ = size;
}

void Output::read_pipe() const {
  if (!pipe_) return;
  // Nobody can write to the pipe any more, so reading never blocks and
  // size_ is what it holds; the last read only makes sure of its end.
  memory_.resize(size_);
  std::size_t got = 0;
  for (;;) {
    char more[512];
    bool full = got == memory_.size();
    ssize_t n = full ? ::read(pipe_.get(), more, sizeof more)
                     : ::read(pipe_.get(), memory_.data() + got, memory_.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (full) memory_.append(more, static_cast<std::size_t>(n));  // a size given short
    got += static_cast<std::size_t>(n);
  }
  memory_.resize(got);
  size_ = got;
  pipe_.reset();
}

int Output::move_to(int fd) {
  int result = 0;
  if (pipe_) {
    std::size_t left = size_;
    while (left > 0) {
      ssize_t n = ::splice(pipe_.get(), nullptr, fd, nullptr, left, SPLICE_F_MOVE);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) {
        wait_writable(fd);
        continue;
      }
      if (n < 0 && errno == EINVAL) {
        // The target takes no splice (a terminal, a file opened O_APPEND):
        // the rest goes through memory.
        read_pipe();
        result = write_all(fd, memory_);
        break;
      }
      if (n < 0) {
        result = errno;
        break;
      }
      if (n == 0) break;
      left -= static_cast<std::size_t>(n);
    }
  } else {
    result = write_to(fd);
  }
  pipe_.reset();
  spill_fd_.reset();
  memory_ = std::string();
  size_ = 0;
  return result;
}

bool Output::append(std::string_view bytes) {
  if (bytes.empty()) return true;
  read_pipe();  // what the pipe holds came first
  // Once spilled, memory_ is only a write buffer in front of the file.
  memory_.append(bytes);
  size_ += bytes.size();
  if (memory_.size() > threshold_) return flush_to_spill();
  return true;
}

bool Output::flush_to_spill() {
  if (!spill_fd_) {
    spill_fd_ = open_spill_file(spill_dir_.empty() ? default_spill_dir() : spill_dir_);
    if (!spill_fd_) {
      spill_error_ = std::string("cannot create spill file: ") + std::strerror(errno);
      return false;  // keep the bytes in memory rather than lose them
    }
  }
  // The file holds exactly the bytes before memory_, so each write goes to
  // that offset and what it wrote leaves memory_ at once: a short write (a
  // full disk, a file size limit) keeps the rest in memory and the file
  // never holds a byte twice or one that memory_ also holds.
  while (!memory_.empty()) {
    const auto spilled = static_cast<off_t>(size_ - memory_.size());
    ssize_t n = ::pwrite(spill_fd_.get(), memory_.data(), memory_.size(), spilled);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      spill_error_ = std::string("cannot write spill file: ") + std::strerror(n < 0 ? errno : EIO);
      return false;  // the rest stays in memory: nothing lost, nothing twice
    }
    memory_.erase(0, static_cast<std::size_t>(n));
  }
  return true;
}

bool Output::for_each_chunk(const std::function<bool(std::string_view)>& chunk) const {
  read_pipe();
  if (spill_fd_) {
    char buf[1 << 16];
    off_t offset = 0;
    const auto spilled = static_cast<off_t>(size_ - memory_.size());
    while (offset < spilled) {
      ssize_t n = ::pread(spill_fd_.get(), buf,
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
  read_pipe();
  if (spill_fd_) {
    // sendfile copies inside the kernel: a 100 MB output never passes
    // through shoal's memory.
    off_t offset = 0;
    off_t spilled = static_cast<off_t>(size_ - memory_.size());
    while (offset < spilled) {
      ssize_t n = ::sendfile(fd, spill_fd_.get(), &offset, static_cast<std::size_t>(spilled - offset));
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
          ssize_t got = ::pread(spill_fd_.get(), buf,
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

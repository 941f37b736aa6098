#include "record_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

// Where the last record ended: just past the last `end` byte, or 0.
off_t end_of_last_record(int fd, off_t size, char end) {
  char buf[4096];
  for (off_t stop = size; stop > 0;) {
    off_t from = stop > static_cast<off_t>(sizeof buf) ? stop - static_cast<off_t>(sizeof buf) : 0;
    ssize_t n = ::pread(fd, buf, static_cast<std::size_t>(stop - from), from);
    if (n <= 0) return size;  // unreadable: leave it as it is
    for (ssize_t i = n; i > 0; --i)
      if (buf[i - 1] == end) return from + i;
    stop = from;
  }
  return 0;
}

}  // namespace

int RecordFile::open(const std::string& path, bool keep, char end) {
  int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (keep ? 0 : O_TRUNC);
  fd_.reset(::open(path.c_str(), flags, 0644));
  if (!fd_) return errno;
  struct stat st{};
  if (::fstat(fd_.get(), &st) != 0) return errno;
  regular_ = S_ISREG(st.st_mode);
  size_ = regular_ ? st.st_size : 0;
  if (!keep || size_ == 0) return 0;
  // A torn tail is found by reading it back (a file we may only append to
  // is left as it is).
  shoal::UniqueFd reader(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!reader) return 0;
  off_t whole = end_of_last_record(reader.get(), size_, end);
  if (whole < size_) {
    if (::ftruncate(fd_.get(), whole) != 0) return errno;
    dropped_ = true;
    size_ = whole;
  }
  return 0;
}

int RecordFile::open_stdout() {
  fd_.reset(::fcntl(1, F_DUPFD_CLOEXEC, 3));
  return fd_ ? 0 : errno;
}

int RecordFile::append(std::string_view record) {
  if (cut_at_) {
    if (::ftruncate(fd_.get(), *cut_at_) != 0) return errno;
    cut_at_.reset();
  }
  // With O_APPEND every write goes to the end, which is where the record begins.
  off_t start = regular_ ? ::lseek(fd_.get(), 0, SEEK_END) : -1;
  int e = shoal::write_all(fd_.get(), record);  // a short write is retried: the retry gives the errno
  if (e != 0 && start >= 0 && ::ftruncate(fd_.get(), start) != 0) cut_at_ = start;
  return e;
}

}  // namespace shoal::cli

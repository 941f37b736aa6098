#include "big_pipes.hpp"

#include <fcntl.h>

#include <atomic>

namespace shoal::big_pipes {

namespace {
std::atomic<int> count{0};
}  // namespace

bool grow(int fd) {
  // Reserved before the fcntl, so that two threads cannot both take the last.
  if (count.fetch_add(1, std::memory_order_relaxed) >= most) {
    count.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  if (::fcntl(fd, F_SETPIPE_SZ, size) < 0) {
    count.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  return true;
}

void add() { count.fetch_add(1, std::memory_order_relaxed); }

void release() { count.fetch_sub(1, std::memory_order_relaxed); }

}  // namespace shoal::big_pipes

// wipe_secret, wipe_stack and secret_buffer (shoal/secret.hpp): the only
// code that knows where a secret's bytes may be left behind.
#include "shoal/secret.hpp"

#include <algorithm>

#include <string.h>  // explicit_bzero

namespace shoal {

void wipe_secret(std::string& text) {
  // Out to its capacity, through size(): what a shorter secret left
  // beyond the end is wiped too, and a short one in the string's own
  // storage (no heap buffer) as well.
  text.resize(text.capacity());
  ::explicit_bzero(text.data(), text.size());
  text.clear();
}

__attribute__((noinline)) void wipe_stack() {
  char below[64 * 1024];
  ::explicit_bzero(below, sizeof below);
}

std::string secret_buffer(std::size_t size) {
  // No short-string buffer holds sizeof(std::string) bytes (libstdc++'s
  // holds 15 of its 32, libc++'s 22 of 24): reserving that many puts the
  // bytes on the heap, where a move hands the buffer over.
  std::string s;
  s.reserve(std::max(size, sizeof(std::string)));
  return s;
}

}  // namespace shoal

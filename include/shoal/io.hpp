// Writing to a pipe or file the careful way: EINTR retried, short writes
// finished, a non-blocking fd waited on. Used by the engine and its clients.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <string_view>

namespace shoal {

// Blocks until fd can take more bytes (for non-blocking fds).
void wait_writable(int fd);

// Writes all of `bytes`; returns 0 or the errno that stopped it.
int write_all(int fd, std::string_view bytes);

}  // namespace shoal

#pragma GCC visibility pop

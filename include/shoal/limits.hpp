// How many jobs this process can run at once before file descriptors or
// processes run out, and raising the soft fd limit where that helps.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <string>

namespace shoal {

// File descriptors a running job holds: stdout and stderr pipes and a pidfd,
// plus the write ends briefly while it starts.
inline constexpr std::size_t fds_per_job = 5;

struct Capacity {
  std::size_t jobs;     // how many may run at once
  std::string limited;  // empty, or what capped it ("open files (1024)")
};

// Raises RLIMIT_NOFILE's soft limit (up to the hard limit) so that `wanted`
// jobs fit, and returns how many fit after that. Raises only as far as
// needed: children inherit the limit, and some programs slow down with a
// huge one.
Capacity ensure_capacity(std::size_t wanted);

}  // namespace shoal

#pragma GCC visibility pop

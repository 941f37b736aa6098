// What a finished job leaves behind: its class, how it ended, what it
// printed and when it ran. A failing command is a Result, never an exception.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <chrono>
#include <string>

#include "shoal/output.hpp"
#include "shoal/status.hpp"

namespace shoal {

struct Result {
  Status status = Status::error;
  int exit_code = -1;  // the exit status when the process exited, else -1
  int signal = 0;      // the signal that ended it, 0 if none
  int error_code = 0;  // errno behind Status::error
  std::string error;   // one-line reason behind Status::error
  int tries = 1;

  Output out;
  Output err;

  std::chrono::steady_clock::time_point start;  // monotonic, for durations
  std::chrono::steady_clock::time_point end;
  std::chrono::system_clock::time_point wall_start;  // for logs people read

  std::chrono::duration<double> duration() const { return end - start; }

  // True when the job could not start only because the machine ran out of
  // file descriptors or processes: the caller may try again later.
  bool resource_exhausted() const;
};

}  // namespace shoal

#pragma GCC visibility pop

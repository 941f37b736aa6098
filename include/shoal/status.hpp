// The outcome classes of a job. Every job ends in exactly one of them, so
// that reports, joblogs and per-class lists never have to guess.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <string_view>

namespace shoal {

enum class Status {
  ok,       // exited with status 0
  failed,   // exited with a non-zero status
  timeout,  // ran past its timeout and was ended by shoal
  killed,   // ended by a signal shoal did not send for a timeout, or cancelled
  error,    // could not be started at all (not found, not executable, ...)
};

std::string_view to_string(Status status);

}  // namespace shoal

#pragma GCC visibility pop

// Runs the jobs an Options asks for and returns shoal's exit status. This is
// the command's pipeline: inputs -> templates -> scheduler -> engine ->
// joblog, printer, progress. It holds the glue; the policy lives in the
// files it calls, the mechanism in libshoal.
#pragma once

#include "options.hpp"

namespace shoal::cli {

// The exit status (0, 1-101, 255). When the run was interrupted by a signal,
// the status is 128 + that signal; main() then ends shoal by that signal.
int run(const Options& options);

// GNU parallel's exit status for a run with `not_ok` jobs that did not end ok.
int exit_status_for(std::uint64_t not_ok);

}  // namespace shoal::cli

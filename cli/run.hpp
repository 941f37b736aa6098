// Runs the jobs an Options asks for and returns shoal's exit status. This is
// the command's pipeline: inputs -> templates -> scheduler -> engine ->
// joblog, printer, progress. It holds the glue; the policy lives in the
// files it calls, the mechanism in libshoal.
#pragma once

#include "options.hpp"

namespace shoal::cli {

// How shoal ends: an exit status (0, 1-101, 255, or --halt's), or -- after
// Ctrl-C, SIGTERM, SIGHUP or stdout's reader going away -- by that signal,
// which main() raises on itself once everything is written.
struct Ending {
  int status = 0;
  int signal = 0;
};

Ending run(const Options& options);

// GNU parallel's exit status for a run with `not_ok` jobs that did not end ok.
int exit_status_for(std::uint64_t not_ok);

}  // namespace shoal::cli

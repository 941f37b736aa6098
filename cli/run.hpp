// Runs the jobs an Options asks for and returns shoal's exit status. This is
// the command's pipeline: inputs -> templates -> scheduler -> engine ->
// joblog, printer, progress. It holds the glue; the policy lives in the
// files it calls, the mechanism in libshoal.
#pragma once

#include "ending.hpp"
#include "options.hpp"

namespace shoal::cli {

Ending run(const Options& options);

}  // namespace shoal::cli

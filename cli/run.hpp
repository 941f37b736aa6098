// Runs the jobs an Options asks for and returns shoal's exit status. This is
// the command's pipeline: inputs -> templates -> scheduler -> engine ->
// joblog, printer, progress. It holds the glue; the policy lives in the
// files it calls, the mechanism in libshoal.
#pragma once

#include <memory>
#include <variant>

#include "ending.hpp"
#include "options.hpp"

namespace shoal::cli {

class JobLauncher;
class Runner;

Ending run(const Options& options);

// What run() does before the jobs start: the Runner for `o`, its jobs
// started through `launcher` (null: the Engine); or the ending, when the
// run cannot start or is over already (--dry-run). --header's names are
// replaced in `o`, which the Runner keeps: it must outlive the Runner.
// run() uses it; so does tests/unit/runner_test.cpp, with a fake launcher.
std::variant<Ending, std::unique_ptr<Runner>> make_runner(Options& o, JobLauncher* launcher);

}  // namespace shoal::cli

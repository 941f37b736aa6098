// --rcopy's staging, done by shoal itself rather than by a script around
// each host's pull. Every host's pull lands in DIR/.shoal-partial.HOST and
// is renamed to DIR/NAME.HOST only once the tool has succeeded, so a pull
// cut short never leaves a NAME.HOST that looks complete.
//
// Why in-process: the script that did this around each pull (rm, mkdir,
// mv, rmdir and the shell running them) cost about 10 ms of CPU a host,
// the margin by which 50 scp's driven by xargs beat shoal's pull
// (bench/fleet_copy.sh); and a tool killed at its timeout cannot skip a
// cleanup it does not run.
#pragma once

#include <set>
#include <string>

#include "checked.hpp"
#include "shoal/copy.hpp"
#include "shoal/result.hpp"

namespace shoal::cli {

class PullStaging {
 public:
  explicit PullStaging(CopySpec spec) : spec_(std::move(spec)) {}

  // Makes --dest here if it is missing (mkdir -p).
  Checked<void> open();
  // Before the host's pull: its staging directory, empty (what a killed
  // run left there is cleared); the path to pull into. A failure to make
  // it is left to the tool, which then cannot write there and says so.
  std::string prepare(const SshLogin& login);
  // After it: an ok pull is renamed into place; anything else drops what
  // had arrived. A rename that fails turns the result into a failure
  // (status 1), the reason on its stderr.
  void finish(const SshLogin& login, Result& r);
  // Removes the staging directories still here (jobs ended by Ctrl-C
  // before their record; a run cut short).
  void close();

 private:
  std::string stage_of(const SshLogin& login) const;

  CopySpec spec_;
  std::set<std::string> made_;  // staging directories that may exist now
};

}  // namespace shoal::cli

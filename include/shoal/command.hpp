// What to run. A command is either an argv executed directly (one process,
// no shell) or a shell script run with /bin/sh -c. Deciding which one a
// template needs is the caller's policy; the engine only executes.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace shoal {

struct Command {
  // Executed directly when non-empty; argv[0] is looked up in PATH unless it
  // contains a '/'.
  std::vector<std::string> argv;
  // Used when argv is empty: run as `/bin/sh -c script`.
  std::string script;

  // Zero means no timeout. When it passes, the job's whole process group gets
  // SIGTERM, and SIGKILL kill_grace later if anything in it is still alive.
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds kill_grace{1000};

  // Output handling. By default stdout and stderr are captured into the
  // Result. `inherit_output` instead hands the child shoal's own stdout and
  // stderr (nothing captured, nothing buffered: GNU parallel's -u).
  // `capture = false` drops the bytes once any OutputListener has seen them.
  bool inherit_output = false;
  bool capture = true;

  static Command exec(std::vector<std::string> argv) {
    Command c;
    c.argv = std::move(argv);
    return c;
  }
  static Command shell(std::string script) {
    Command c;
    c.script = std::move(script);
    return c;
  }
};

}  // namespace shoal

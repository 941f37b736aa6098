// What to run. A command is either an argv executed directly (one process,
// no shell) or a shell script run with /bin/sh -c. Deciding which one a
// template needs is the caller's policy; the engine only executes.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shoal {

struct Command {
  // Executed directly when non-empty; argv[0] is looked up in PATH unless it
  // contains a '/'.
  std::vector<std::string> argv;
  // Used when argv is empty: run as `/bin/sh -c script`. With both empty
  // there is nothing to run -- Command::exec({}), or a Command never filled
  // in -- and the job does not start: its Result has Status::error,
  // error_code EINVAL and the error "nothing to run: empty argv and empty
  // script" (never `sh -c ''` reported ok). Command::shell(":") runs nothing
  // on purpose.
  std::string script;

  // Zero (or negative) means no timeout. When it passes, the job's whole
  // process group gets SIGTERM, and SIGKILL kill_grace later (a negative
  // grace is none) if anything in it is still alive. milliseconds::max()
  // is as good as no limit.
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds kill_grace{1000};
  // Or, when not empty, the signals to end it with (GNU parallel's
  // --termseq): each step's signal goes to the group, which then has the
  // step's wait to die before the next step. After the last step shoal
  // waits for the job as long as it runs (end with SIGKILL to be sure).
  struct KillStep {
    int signal = 0;
    std::chrono::milliseconds wait{0};
  };
  std::vector<KillStep> termseq;

  // Output handling. By default stdout and stderr are captured into the
  // Result. `inherit_output` instead hands the child shoal's own stdout and
  // stderr (nothing captured, nothing buffered: GNU parallel's -u).
  // `capture = false` drops the bytes once any OutputListener has seen them.
  bool inherit_output = false;
  bool capture = true;

  // The child's environment is shoal's own with these variables set (added
  // or replaced).
  std::vector<std::pair<std::string, std::string>> env;
  // The child's working directory; empty: shoal's own.
  std::string cwd;

  // Standard input is /dev/null unless one of these says otherwise.
  // `stdin_data` is written to a pipe, which is then closed: the child reads
  // these bytes, then end of file. `stdin_held_open` gives the child a pipe
  // that shoal never writes and keeps open until the job has ended, so the
  // child sees end of file only if shoal itself goes away -- this is how a
  // command run through ssh learns that the local side has gone. Both: the
  // data is written, and the pipe then held open.
  // The bytes may be a secret (--sudo's password): the engine copies them
  // once, into a buffer that never grows, and wipes that copy
  // (wipe_secret, shoal/secret.hpp) once written or when the job ends,
  // however it ends. Always, not on request: it costs less than the copy
  // itself, and no caller can forget to ask. This copy is the caller's to
  // wipe once start() has returned (build a secret in secret_buffer(), so
  // that moving the Command leaves no copy of it behind).
  std::optional<std::string> stdin_data;
  bool stdin_held_open = false;
  // Or an fd of the caller's (say a pipe it feeds as it likes): the child
  // gets a copy as its stdin; the caller keeps, and closes, its own.
  int stdin_fd = -1;

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

#pragma GCC visibility pop

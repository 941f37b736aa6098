// --script, --sudo and --tty: options that change what each remote job
// runs and how (issue 18), not which hosts run it. Kept apart from
// remote_options.cpp, which chooses the hosts: what CLI11 fills, what it
// means once the whole command line is known, and the SshSettings it
// turns into.
#pragma once

#include <string>
#include <vector>

#include "checked.hpp"
#include "remote/transfer_options.hpp"
#include "shoal/ssh.hpp"

namespace CLI {
class App;
}

namespace shoal::cli {

struct RemoteOptions;
struct GnuOptions;

struct RemoteJobOptions {
  std::string script_file;  // --script FILE, as written
  std::string script;       // ...its text, read once at the start
  bool sudo = false;
  bool tty = false;
  // --sudo's password, typed once; only ever given to ssh's stdin.
  std::string password;
  // --transferfile, --return, --cleanup, --basefile, --workdir.
  TransferOptions transfer;

  // The password is wiped when the options go, at the run's end (the
  // fleet's SshSettings hold the copy the jobs use), and with it what its
  // copies left on the stack. Copies (and moves, which copy) each wipe
  // their own.
  ~RemoteJobOptions() {
    wipe_secret(password);
    if (sudo) wipe_stack();
  }
};

void add_remote_job_options(CLI::App& app, RemoteJobOptions& o);

// Checks them (and the transfer options) against the hosts and reads the script. With --script the
// command words are the script's arguments, one argument each (as -q
// makes them); its name leads each job's line, out of replacement (run.cpp,
// CommandTemplate::lead_with): the records show `FILE ARGS`, and a lone {}
// or no words at all are the script's arguments too, never a command line
// of their own. `ask` (a run that will log in: not --dry-run or
// --list-hosts): --sudo asks for the password now.
Checked<void> finish_remote_job_options(RemoteJobOptions& o, const RemoteOptions& remote,
                                        GnuOptions& gnu, bool ask);

// What they change in every ssh of the run.
void apply_remote_job_options(const RemoteJobOptions& o, SshSettings& settings);

// The longest command ssh may pass to the host: one argument of its
// `sh -c` there, which Linux caps at 128 KiB (MAX_ARG_STRLEN).
constexpr std::size_t kRemoteArgumentLimit = 128 * 1024 - 1;

}  // namespace shoal::cli

// The remote half of the command line: -S/--sshlogin, --sshloginfile,
// -x/--exclude, --groups-file, --list-hosts, --nonall, --onall, --ssh,
// --connect-timeout, multiplexing, --collapse. Kept beside options.cpp so
// that file stays about local runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "remote/copy_options.hpp"
#include "shoal/copy.hpp"
#include "shoal/ssh.hpp"

namespace CLI {
class App;
}

namespace shoal::cli {

struct RemoteOptions {
  std::vector<SshLogin> logins;  // expanded and deduplicated; empty: local run
  bool nonall = false;           // the command once on every host, no arguments
  bool onall = false;            // every job on every host
  std::string ssh = "ssh";                 // --ssh as written
  std::vector<std::string> ssh_argv{"ssh"};  // ...split as a shell would
  double connect_timeout = 10;
  bool multiplex = true;
  std::optional<unsigned> control_persist;  // keep shared connections for later runs
  bool collapse = false;  // identical outputs printed once, with their hosts
  bool list_hosts = false;        // print the hosts and exit, running nothing
  bool hosts_from_stdin = false;  // --sshloginfile - read them
  std::optional<CopySpec> copy;   // --copy/--rcopy: each host's one job is this copy

  bool any() const { return !logins.empty(); }
  bool fan_out() const { return nonall || onall; }
};

// What CLI11 fills before finish_remote_options() makes sense of it.
struct RemoteOptionText {
  std::vector<std::string> sshlogins, sshloginfiles, excludes;
  std::string groups_file;
  std::string control_persist;
  bool no_multiplex = false;
  CopyOptionText copy;
};

struct Options;

void add_remote_options(CLI::App& app, RemoteOptions& o, RemoteOptionText& text);
// Parses the host lists, or says in one line why not. `has_inputs`: there are
// inputs on the command line (:::, :::: or -a), so jobs do not read stdin
// by default; `stdin_is_input`: one of them is stdin itself (:::: - or -a -).
Checked<void> finish_remote_options(RemoteOptions& o, const RemoteOptionText& text,
                                    bool has_inputs, bool stdin_is_input);
// What is left to do once the whole command line is known, before running:
// --list-hosts prints the hosts. An exit status, or nothing to go on.
std::optional<int> remote_preflight(const Options& options);

}  // namespace shoal::cli

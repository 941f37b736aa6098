// The remote half of the command line: -S/--sshlogin, --sshloginfile,
// --nonall, --onall, --ssh, --connect-timeout, multiplexing, --collapse.
// Kept beside options.cpp so that file stays about local runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shoal/ssh.hpp"

namespace CLI {
class App;
}

namespace shoal::cli {

struct RemoteOptions {
  std::vector<SshLogin> logins;  // expanded and deduplicated; empty: local run
  bool nonall = false;           // the command once on every host, no arguments
  bool onall = false;            // every job on every host
  std::string ssh = "ssh";
  double connect_timeout = 10;
  bool multiplex = true;
  std::optional<unsigned> control_persist;  // keep shared connections for later runs
  bool collapse = false;  // identical outputs printed once, with their hosts

  bool any() const { return !logins.empty(); }
  bool fan_out() const { return nonall || onall; }
};

// What CLI11 fills before finish_remote_options() makes sense of it.
struct RemoteOptionText {
  std::vector<std::string> sshlogins, sshloginfiles;
  std::string control_persist;
  bool no_multiplex = false;
};

void add_remote_options(CLI::App& app, RemoteOptions& o, RemoteOptionText& text);
// Parses the host lists; a one-line error, or "".
std::string finish_remote_options(RemoteOptions& o, const RemoteOptionText& text,
                                  bool has_inputs);

}  // namespace shoal::cli

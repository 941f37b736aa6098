// The ssh command lines shoal runs: a job on a host, the start and the end
// of a host's shared connection (OpenSSH ControlMaster), and the script the
// remote shell runs around the job. Only text here -- what runs them is
// elsewhere -- so the quoting is tested without ssh.
//
// The remote side is the user's login shell, which must be a POSIX shell
// (sh, bash, dash, ksh, zsh). ssh joins its arguments with spaces and that
// shell parses the result, so the job goes over as one quoted word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "remote/sshlogin.hpp"

namespace shoal::cli {

struct SshSettings {
  std::vector<std::string> ssh{"ssh"};  // --ssh, split into words
  double connect_timeout = 10;          // seconds; 0: ssh's own
  // Where the shared connections' sockets live; empty: no multiplexing.
  std::string control_dir;
  // How long an idle shared connection outlives its last use (seconds).
  // Also a guard: if shoal dies without closing them, they close themselves.
  unsigned control_persist = 60;
};

// ssh ... host -- <remote script running `command_line`>
std::vector<std::string> ssh_job_argv(const SshSettings& s, const SshLogin& login,
                                      std::string_view command_line);

// Opens the shared connection: ssh returns (and the master stays in the
// background) once it has logged in, or fails with ssh's own message.
std::vector<std::string> ssh_master_argv(const SshSettings& s, const SshLogin& login);

// Asks the master something: "check" (is it there) or "exit" (close).
std::vector<std::string> ssh_control_argv(const SshSettings& s, const SshLogin& login,
                                          std::string_view operation);

// What the remote shell runs: `command_line` in a subshell, and beside it a
// watcher that waits for end of file on stdin. ssh's stdin is a pipe shoal
// never writes and holds open, so end of file means the local ssh has gone
// (a timeout, Ctrl-C, shoal killed): the watcher then sends TERM, and KILL
// two seconds later, to the session's process group (sshd makes every
// session a process group of its own). The exit status is the command's.
std::string remote_script(std::string_view command_line);

}  // namespace shoal::cli

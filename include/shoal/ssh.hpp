// Running commands on other hosts through the system's own ssh (its config,
// keys, agent and jump hosts all apply): where to log in, and the ssh
// command lines. Only text here -- an Engine or a Pool runs the commands.
//
// Logins are GNU parallel's sshlogins: `[N/][user@]host[:port]`,
// comma-separated; `:` is this machine. Host ranges expand inside each one
// (`4/admin@web[01-20]`), and the same login written twice runs once.
//
// The remote side is the user's login shell, which must be a POSIX shell
// (sh, bash, dash, ksh, zsh). ssh joins its arguments with spaces and that
// shell parses the result, so the job goes over as one quoted word.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/command.hpp"
#include "shoal/secret.hpp"

namespace shoal {

struct SshLogin {
  std::size_t slots = 0;  // N/ prefix; 0: as -j says
  std::string user;       // empty: ssh's own choice (config, or the local user)
  std::string host;       // ":" for this machine
  std::string port;       // empty: ssh's own choice

  bool local() const { return host == ":"; }
  // What the joblog's Host column and the reports show: [user@]host[:port].
  std::string name() const;
};

// Parses one -S value (or one line of a --sshloginfile) and appends its
// logins. On bad input returns false with a one-line `error`. More than
// max_hosts (hosts.hpp) in `out` in all is bad input too.
bool parse_sshlogins(std::string_view text, std::vector<SshLogin>& out, std::string& error);

// One line of a --sshloginfile as parse_sshlogins reads it: without its
// # comment, and without the CR of a file written on Windows.
std::string_view sshlogin_file_line(std::string_view line);

// The lines of a --sshloginfile: blank lines and # comments are skipped.
bool read_sshlogin_file(const std::string& path, std::vector<SshLogin>& out, std::string& error);

// Drops logins whose name() came before; the first one's slots stay.
std::vector<SshLogin> unique_logins(std::vector<SshLogin> logins);

struct SshSettings {
  std::vector<std::string> ssh{"ssh"};  // --ssh, split into words
  double connect_timeout = 10;          // seconds; 0: ssh's own
  // Where the shared connections' sockets live; empty: no multiplexing.
  std::string control_dir;
  // How long an idle shared connection outlives its last use (seconds).
  // Also a guard: if shoal dies without closing them, they close themselves.
  unsigned control_persist = 60;
  // How the remote side ends the command once the local ssh has gone (see
  // remote_script); empty: TERM, then KILL two seconds later.
  std::vector<Command::KillStep> remote_termseq;
  // ssh -tt: the job gets a terminal on the host (see remote_script).
  bool tty = false;
  // The command runs as root through `sudo -S` (see sudo_line). The
  // password goes to the host on ssh's stdin, never in an argument; it is
  // wiped (wipe_secret) when the settings go.
  bool sudo = false;
  std::string sudo_password;
  // Non-empty: a script's text (see script_line), run on the host with
  // the interpreter its #! line names. The command line is then the
  // script's arguments (shell words) alone: the script's name is the
  // caller's, for its records.
  std::string script;

  // Copies (and moves, which copy) each wipe their own password.
  ~SshSettings();
};

// ssh ... host -- <remote script running `command_line`> (-tt first with
// s.tty; the command line made script_line and sudo_line as s says).
std::vector<std::string> ssh_job_argv(const SshSettings& s, const SshLogin& login,
                                      std::string_view command_line);

// The options every client ssh of a run takes, a job's and a copy's alike
// (scp takes them too): never prompt, give up on a dead host
// (connect_timeout), and with control_dir the login's shared connection,
// as a client only. Without the program, port and user.
std::vector<std::string> ssh_client_options(const SshSettings& s, const SshLogin& login);
// A whole client ssh up to the host's name: --ssh's words, the client
// options, the login's port and user.
std::vector<std::string> ssh_client_argv(const SshSettings& s, const SshLogin& login);

// Opens the shared connection: ssh returns (and the master stays in the
// background) once it has logged in, or fails with ssh's own message.
std::vector<std::string> ssh_master_argv(const SshSettings& s, const SshLogin& login);

// The path of the login's ControlMaster socket in s.control_dir.
std::string control_socket(const SshSettings& s, const SshLogin& login);

// Talking to a ControlMaster in-process, over its socket (OpenSSH's mux
// protocol, PROTOCOL.mux): cheaper than an `ssh -O check|exit` process a
// host, which at the end of a 500-host run is 500 processes. Both wait at
// most `timeout_ms` for the master's answer.
// True if a master answers on `socket_path`.
bool control_master_alive(const std::string& socket_path, int timeout_ms = 2000);
// Asks the master to end at once; true if it agreed.
bool control_master_exit(const std::string& socket_path, int timeout_ms = 2000);
// True if something listens on the socket: a connect, which the kernel
// completes without the master's help -- a cheap look that a master found
// alive a while ago has not gone since.
bool control_socket_listening(const std::string& socket_path);
// The same for many masters at once (one wait for all, not one each): the
// answer for each socket, in order.
std::vector<bool> control_masters_alive(const std::vector<std::string>& socket_paths,
                                        int timeout_ms = 2000);
std::vector<bool> control_masters_exit(const std::vector<std::string>& socket_paths,
                                       int timeout_ms = 2000);

// An ssh process of this user whose command line gives it a ControlPath in
// a control directory: a master (or a client) of that directory.
struct ControlDirProcess {
  int pid = 0;
  std::string path;  // its ControlPath
};
// Sends TERM to every process of this user whose command line gives ssh a
// ControlPath in `dir`, and KILL to those still there `grace_ms` later:
// masters that nothing else can reach (their socket removed by someone
// else, or deaf to both the mux protocol and `ssh -O exit`). Only for a
// directory no other run uses (a run's own, from mkdtemp), once the run
// has no ssh of its own left running. It reads every process's entry in
// /proc: for when something is known to be amiss, not for every run.
std::vector<ControlDirProcess> end_processes_in_control_dir(const std::string& dir,
                                                            int grace_ms = 2000);

// Asks the master something with an `ssh -O` process: "check" or "exit".
std::vector<std::string> ssh_control_argv(const SshSettings& s, const SshLogin& login,
                                          std::string_view operation);

// What the remote shell runs: `command_line` in a subshell, and beside it a
// watcher that waits for end of file on stdin. ssh's stdin is a pipe shoal
// never writes and holds open, so end of file means the local ssh has gone
// (a timeout, Ctrl-C, shoal killed): the watcher then sends TERM, and KILL
// two seconds later, to the session's process group (sshd makes every
// session a process group of its own) -- or, given `termseq`, each of its
// signals with its wait after it, as GNU parallel's remote wrapper does
// (a wait in fractions of a second needs a `sleep` that takes them, as
// GNU's and busybox's do). The exit status is the command's.
//
// How it reads: `tty` (ssh -tt) makes the session's stdin, stdout and
// stderr one terminal, so the job's stdout and stderr arrive merged, on
// stdout (the terminal's \n -> \r\n is turned off first). When the local
// ssh goes, sshd hangs the terminal up: the session's process group gets
// SIGHUP, which the watcher ignores so that it still sends its sequence.
// `secret`: the first line on ssh's stdin is read into the shell variable
// shoal_secret (sudo_line's password) before the watcher takes stdin over.
struct RemoteScriptOptions {
  bool tty = false;
  bool secret = false;
};
std::string remote_script(std::string_view command_line,
                          const std::vector<Command::KillStep>& termseq = {},
                          RemoteScriptOptions how = {});

// `command_line` made to run as root: `sudo -S` reads the password from a
// pipe the remote shell feeds with printf (a builtin in the POSIX shells
// named above, so no process's arguments hold it), and the command gets
// /dev/null as its stdin, never the password. Where sudo needs no
// password it reads nothing. The login shell runs the line, as without.
std::string sudo_line(std::string_view command_line);

// The job that runs `script` on the host: its text goes inline, in the
// command (so it touches no remote disk), into a pipe the interpreter
// reads as /dev/fd/4; `args` (shell words) follow it. The interpreter and
// its one argument come from the #! line, as the kernel reads it; no #!
// line: sh.
std::string script_line(std::string_view script, std::string_view args);

// The Command for `command_line` on `login`: ssh_job_argv, with the stdin
// pipe held open that remote_script relies on.
Command ssh_command(const SshSettings& s, const SshLogin& login, std::string_view command_line);

}  // namespace shoal

#pragma GCC visibility pop

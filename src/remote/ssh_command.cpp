#include "shoal/ssh.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <csignal>
#include <cstring>

#include "shoal/quote.hpp"

namespace shoal {

SshSettings::~SshSettings() { wipe_secret(sudo_password); }

namespace {

// What every ssh of shoal's says: never prompt (a password or host-key
// question fails that host at once instead of hanging the run), give up on
// a dead host, and which host. Host keys are checked as the user's config
// says: shoal never adds StrictHostKeyChecking.
std::vector<std::string> never_prompt(const SshSettings& s) {
  std::vector<std::string> o{"-o", "BatchMode=yes"};
  if (s.connect_timeout > 0)
    o.insert(o.end(), {"-o", "ConnectTimeout=" + std::to_string(std::max(1L, std::lround(s.connect_timeout)))});
  return o;
}

std::vector<std::string> common(const SshSettings& s, const SshLogin& login) {
  std::vector<std::string> argv = s.ssh;
  auto o = never_prompt(s);
  argv.insert(argv.end(), o.begin(), o.end());
  if (!login.port.empty()) argv.insert(argv.end(), {"-p", login.port});
  if (!login.user.empty()) argv.insert(argv.end(), {"-l", login.user});
  return argv;
}

std::string control_path(const SshSettings& s, const SshLogin& login) {
  return "ControlPath=" + control_socket(s, login);
}

// Only ever a client: if the master has gone (idle too long), ssh connects
// on its own rather than racing to become a new master.
std::vector<std::string> control_client(const SshSettings& s, const SshLogin& login) {
  if (s.control_dir.empty()) return {};
  return {"-o", control_path(s, login), "-o", "ControlMaster=no"};
}

}  // namespace

std::vector<std::string> ssh_client_options(const SshSettings& s, const SshLogin& login) {
  std::vector<std::string> o = never_prompt(s);
  auto control = control_client(s, login);
  o.insert(o.end(), control.begin(), control.end());
  return o;
}

std::vector<std::string> ssh_client_argv(const SshSettings& s, const SshLogin& login) {
  std::vector<std::string> argv = s.ssh;
  auto o = ssh_client_options(s, login);
  argv.insert(argv.end(), o.begin(), o.end());
  if (!login.port.empty()) argv.insert(argv.end(), {"-p", login.port});
  if (!login.user.empty()) argv.insert(argv.end(), {"-l", login.user});
  return argv;
}

// One socket per login as written and ssh command. ssh's own %C would not
// do: it hashes where the alias leads, so two aliases of one server (or one
// host under two names) would share a socket, and the second master,
// unable to bind it, would linger as a plain connection. The ssh command
// (--ssh, with its -F config) is part of the name so that runs with
// different configs never share a persisting master. FNV-1a keeps the path
// short: a socket path has 108 bytes.
std::string control_socket(const SshSettings& s, const SshLogin& login) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view text) {
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;  // a separator no text contains
  };
  for (const auto& word : s.ssh) mix(word);
  mix(login.name());
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return s.control_dir + "/" + hex;
}

namespace {

// The command line as the host runs it: in the script's interpreter, under
// sudo, as the settings say.
std::string job_line(const SshSettings& s, std::string_view command_line) {
  std::string line = s.script.empty() ? std::string(command_line) : script_line(s.script, command_line);
  return s.sudo ? sudo_line(line) : line;
}

}  // namespace

std::vector<std::string> ssh_job_argv(const SshSettings& s, const SshLogin& login,
                                      std::string_view command_line) {
  std::vector<std::string> argv = common(s, login);
  // LogLevel=ERROR: with a terminal, ssh would end every job's stderr with
  // "Connection to HOST closed." (errors it still says).
  if (s.tty) argv.insert(argv.end(), {"-tt", "-o", "LogLevel=ERROR"});
  auto control = control_client(s, login);
  argv.insert(argv.end(), control.begin(), control.end());
  argv.insert(argv.end(), {login.host, "--", remote_script(job_line(s, command_line), s.remote_termseq,
                                                           {s.tty, s.sudo})});
  return argv;
}

std::vector<std::string> ssh_master_argv(const SshSettings& s, const SshLogin& login) {
  std::vector<std::string> argv = common(s, login);
  argv.insert(argv.end(), {"-o", control_path(s, login), "-o", "ControlMaster=yes", "-o",
                           "ControlPersist=" + std::to_string(s.control_persist), "-f", "-N",
                           login.host});
  return argv;
}

std::vector<std::string> ssh_control_argv(const SshSettings& s, const SshLogin& login,
                                          std::string_view operation) {
  std::vector<std::string> argv = s.ssh;
  if (!login.port.empty()) argv.insert(argv.end(), {"-p", login.port});
  if (!login.user.empty()) argv.insert(argv.end(), {"-l", login.user});
  argv.insert(argv.end(), {"-o", control_path(s, login), "-O", std::string(operation), login.host});
  return argv;
}

namespace {

// The watcher's part once ssh has gone: the signals it must not take
// itself (with a terminal, the hangup too), then the sequence.
std::string ending(const std::vector<Command::KillStep>& termseq, bool tty) {
  if (termseq.empty())
    return std::string("trap '' TERM") + (tty ? " HUP" : "") +
           "; read -r _ <&3; kill -TERM 0; sleep 2; kill -KILL 0;";
  std::string ignored = tty ? " HUP" : "", steps;
  for (const auto& step : termseq) {
    const char* name = ::sigabbrev_np(step.signal);
    std::string sig = name ? name : std::to_string(step.signal);
    if (step.signal != SIGKILL && step.signal != SIGSTOP) ignored += " " + sig;
    steps += " kill -" + sig + " 0;";
    if (auto ms = step.wait.count(); ms > 0) {
      // Seconds with three decimals, written from the integer (the library
      // does not link fmt): 1500 ms -> "1.500".
      std::string frac = std::to_string(ms % 1000);
      steps += " sleep " + std::to_string(ms / 1000) + "." + std::string(3 - frac.size(), '0') + frac + ";";
    }
  }
  return (ignored.empty() ? "" : "trap ''" + ignored + ";") + " read -r _ <&3;" + steps;
}

}  // namespace

std::string remote_script(std::string_view command_line,
                          const std::vector<Command::KillStep>& termseq, RemoteScriptOptions how) {
  // fd 3 keeps ssh's stdin for the watcher; everything else reads
  // /dev/null, as jobs do locally. The watcher ignores the TERM it sends.
  // The command runs in this shell, not a subshell (one fork fewer a job,
  // which shows when thousands of short jobs share a host); the EXIT trap
  // dismisses the watcher however the command ends, `exit` included, and
  // keeps the command's exit status.
  std::string first;
  if (how.tty) first += "stty -onlcr 2>/dev/null; ";
  if (how.secret) first += "IFS= read -r shoal_secret; ";
  return first + "exec 3<&0 </dev/null; "
         "{ " + ending(termseq, how.tty) + " } >/dev/null 2>&1 & "
         "exec 3<&-; trap \"kill -KILL $! 2>/dev/null\" EXIT; eval " +
         shell_quote(command_line);
}

std::string sudo_line(std::string_view command_line) {
  // -p '': no prompt in the job's stderr. The password's line is all the
  // pipe holds: a wrong one, and sudo finds end of file where it would ask
  // again, and fails at once.
  return "printf '%s\\n' \"$shoal_secret\" | sudo -S -p '' -- \"${SHELL:-/bin/sh}\" -c "
         "'exec </dev/null; eval \"$1\"' shoal-sudo " +
         shell_quote(command_line);
}

std::string script_line(std::string_view script, std::string_view args) {
  std::string interpreter = "/bin/sh", argument;
  if (script.substr(0, 2) == "#!") {
    std::string_view line = script.substr(2, script.find('\n') - 2);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto blank = [](std::string_view t, std::size_t from) { return t.find_first_of(" \t", from); };
    std::size_t start = line.find_first_not_of(" \t");
    if (start != std::string_view::npos) {
      std::size_t end = blank(line, start);
      interpreter = line.substr(start, end == std::string_view::npos ? end : end - start);
      // The rest of the line is one argument, as the kernel passes it.
      if (end != std::string_view::npos) {
        std::size_t from = line.find_first_not_of(" \t", end);
        std::size_t to = line.find_last_not_of(" \t");
        if (from != std::string_view::npos) argument = line.substr(from, to + 1 - from);
      }
    }
  }
  std::string line = "printf %s " + shell_quote(script) + " | " + shell_quote(interpreter);
  // Appended piece by piece: g++ 12 at -O3 takes `" " + x` here for an
  // overlapping memcpy (-Werror=restrict, a false positive).
  if (!argument.empty()) {
    line += ' ';
    line += shell_quote(argument);
  }
  line += " /dev/fd/4";
  if (!args.empty()) {
    line += ' ';
    line += args;
  }
  // The script's own stdin is /dev/null, as a job's is.
  return line + " 4<&0 </dev/null";
}

Command ssh_command(const SshSettings& s, const SshLogin& login, std::string_view command_line) {
  Command c = Command::exec(ssh_job_argv(s, login, command_line));
  // End of file on ssh's stdin is how the remote side learns it has gone;
  // with --sudo the password's line comes first.
  c.stdin_held_open = true;
  if (s.sudo) {
    // Built where it stays: the engine copies it once, and the caller
    // wipes this one (see Command::stdin_data).
    c.stdin_data = secret_buffer(s.sudo_password.size() + 1);
    *c.stdin_data += s.sudo_password;
    *c.stdin_data += '\n';
  }
  return c;
}

}  // namespace shoal

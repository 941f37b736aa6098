#include "shoal/ssh.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>


#include <csignal>
#include <cstring>


#include "shoal/quote.hpp"

namespace shoal {

namespace {

// What every ssh of shoal's says: never prompt (a password or host-key
// question fails that host at once instead of hanging the run), give up on
// a dead host, and which host. Host keys are checked as the user's config
// says: shoal never adds StrictHostKeyChecking.
std::vector<std::string> common(const SshSettings& s, const SshLogin& login) {
  std::vector<std::string> argv = s.ssh;
  argv.insert(argv.end(), {"-o", "BatchMode=yes"});
  if (s.connect_timeout > 0)
    argv.insert(argv.end(), {"-o", "ConnectTimeout=" + std::to_string(std::max(1L, std::lround(s.connect_timeout)))});
  if (!login.port.empty()) argv.insert(argv.end(), {"-p", login.port});
  if (!login.user.empty()) argv.insert(argv.end(), {"-l", login.user});
  return argv;
}

std::string control_path(const SshSettings& s, const SshLogin& login) {
  return "ControlPath=" + control_socket(s, login);
}

}  // namespace

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

std::vector<std::string> ssh_job_argv(const SshSettings& s, const SshLogin& login,
                                      std::string_view command_line) {
  std::vector<std::string> argv = common(s, login);
  if (!s.control_dir.empty())
    // Only ever a client: if the master has gone (idle too long), ssh
    // connects on its own rather than racing to become a new master.
    argv.insert(argv.end(), {"-o", control_path(s, login), "-o", "ControlMaster=no"});
  argv.insert(argv.end(), {login.host, "--", remote_script(command_line, s.remote_termseq)});
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
// itself, then the sequence.
std::string ending(const std::vector<Command::KillStep>& termseq) {
  if (termseq.empty()) return "trap '' TERM; read -r _ <&3; kill -TERM 0; sleep 2; kill -KILL 0;";
  std::string ignored, steps;
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
                          const std::vector<Command::KillStep>& termseq) {
  // fd 3 keeps ssh's stdin for the watcher; everything else reads
  // /dev/null, as jobs do locally. The watcher ignores the TERM it sends.
  // The command runs in this shell, not a subshell (one fork fewer a job,
  // which shows when thousands of short jobs share a host); the EXIT trap
  // dismisses the watcher however the command ends, `exit` included, and
  // keeps the command's exit status.
  return "exec 3<&0 </dev/null; "
         "{ " + ending(termseq) + " } >/dev/null 2>&1 & "
         "exec 3<&-; trap \"kill -KILL $! 2>/dev/null\" EXIT; eval " +
         shell_quote(command_line);
}

Command ssh_command(const SshSettings& s, const SshLogin& login, std::string_view command_line) {
  Command c = Command::exec(ssh_job_argv(s, login, command_line));
  // End of file on ssh's stdin is how the remote side learns it has gone.
  c.stdin_held_open = true;
  return c;
}

}  // namespace shoal

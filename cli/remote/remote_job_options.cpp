#include "remote/remote_job_options.hpp"

#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "gnu_options.hpp"
#include "password_prompt.hpp"
#include "remote/remote_options.hpp"

namespace shoal::cli {

void add_remote_job_options(CLI::App& app, RemoteJobOptions& o) {
  const char* group = "Remote (through the system's ssh)";
  app.add_option("--script", o.script_file,
                 "Run the local script FILE on the hosts, with the interpreter its #! line names "
                 "(none: sh); the command words are its arguments, one each ({} replaced). Its "
                 "text goes inline in the ssh command: nothing to copy, nothing left on the "
                 "hosts (up to about 128 KiB)")
      ->type_name("FILE")
      ->group(group);
  app.add_flag("--sudo", o.sudo,
               "Run the commands as root with sudo -S: asks for the password once, on the "
               "terminal, and gives it to sudo on each host through ssh's stdin (hosts that "
               "need none just run)")
      ->group(group);
  app.add_flag("--tty", o.tty,
               "Give each remote command a terminal (ssh -tt): its stdout and stderr arrive "
               "merged, on stdout")
      ->group(group);
  add_transfer_options(app, o.transfer);
}

namespace {

Checked<std::string> read_script(const std::string& path) {
  auto cannot = [&path] { return fail(fmt::format("--script: cannot read {}: {}", path, std::strerror(errno))); };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot();
  std::string text;
  char buffer[65536];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto failure = cannot();
      ::close(fd);
      return failure;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (text.find('\0') != std::string::npos)
    return fail("--script: " + path + " holds a NUL byte: only a text script goes inline");
  return text;
}

}  // namespace

Checked<void> finish_remote_job_options(RemoteJobOptions& o, const RemoteOptions& remote,
                                        GnuOptions& gnu, bool ask) {
  if (auto files = finish_transfer_options(o.transfer, remote); !files) return files;
  const char* which = !o.script_file.empty() ? "--script" : o.sudo ? "--sudo" : o.tty ? "--tty" : nullptr;
  if (!which) return {};
  if (!remote.any()) return fail(fmt::format("{} needs hosts (-S or --sshloginfile)", which));
  if (std::any_of(remote.logins.begin(), remote.logins.end(), [](const SshLogin& l) { return l.local(); }))
    return fail(fmt::format("{} runs through ssh: ':' (this machine) cannot be one of its hosts", which));
  // A copy is rsync or scp through the connection, not a remote command:
  // there is nothing for sudo, a terminal or a script to apply to, and
  // taking them silently would copy as the login user after asking for
  // root's password.
  if (remote.copy)
    return fail(fmt::format("{} does not apply to --copy/--rcopy (a copy runs no remote command)",
                            which));
  if (o.sudo && o.tty)
    return fail("--sudo and --tty do not go together: the password would cross the remote "
                "terminal, which echoes it");
  if (!o.script_file.empty()) {
    auto text = read_script(o.script_file);
    if (!text) return text.failure();
    o.script = std::move(*text);
    gnu.quote = true;  // the command words are the script's arguments, one each
    // Measured as the host gets it, without the arguments: each job's are
    // known only when it starts.
    SshSettings settings;
    apply_remote_job_options(o, settings);
    std::size_t size = ssh_job_argv(settings, SshLogin{0, "", "h", ""}, "").back().size();
    if (size > kRemoteArgumentLimit)
      return fail(fmt::format("--script: {} is too big to go inline: {} bytes once quoted for the "
                              "remote shell, past the {} one argument may hold there",
                              o.script_file, size, kRemoteArgumentLimit));
  }
  if (o.sudo && ask) {
    auto password = read_password("Password: ");
    if (!password) return password.failure();
    o.password = std::move(*password);
  }
  return {};
}

void apply_remote_job_options(const RemoteJobOptions& o, SshSettings& settings) {
  settings.tty = o.tty;
  settings.sudo = o.sudo;
  settings.sudo_password = o.password;
  settings.script = o.script;
}

}  // namespace shoal::cli

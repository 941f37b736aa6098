#include "remote/fleet.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

// A socket path must fit in 108 bytes. A long $TMPDIR is skipped.
std::string temp_root() {
  const char* t = std::getenv("TMPDIR");
  if (t && *t && std::strlen(t) < 48) return t;
  return "/tmp";
}

}  // namespace

std::string ssh_message(const Output& err) {
  std::string text = err.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto nl = text.rfind('\n');
  std::string line = nl == std::string::npos ? text : text.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Fleet::Fleet(Engine& engine, HostPool hosts, SshSettings settings, bool persist,
             std::function<void()> changed)
    : engine_(engine),
      hosts_(std::move(hosts)),
      settings_(std::move(settings)),
      persist_(persist),
      changed_(std::move(changed)) {}

std::string Fleet::open() {
  if (!multiplex_) return {};
  if (persist_) {
    // Shared between this user's runs: it must be ours and closed to others.
    std::string dir = fmt::format("{}/shoal-{}", temp_root(), ::getuid());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      return fmt::format("cannot create {}: {}", dir, std::strerror(errno));
    struct stat st{};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() ||
        (st.st_mode & 077) != 0)
      return fmt::format("{} must be a directory of yours with mode 0700; not using it", dir);
    settings_.control_dir = dir;
    return {};
  }
  std::string pattern = temp_root() + "/shoal-XXXXXX";
  if (!::mkdtemp(pattern.data()))  // mode 0700
    return fmt::format("cannot create a directory for ssh connections: {}", std::strerror(errno));
  private_dir_ = settings_.control_dir = pattern;
  return {};
}

void Fleet::connect(std::size_t host) {
  if (hosts_[host].state != HostPool::State::idle) return;
  hosts_.set_connecting(host);
  queued_.push_back(host);
  connect_queued();
}

void Fleet::connect_queued() {
  while (!queued_.empty() && connecting_ < connect_limit_) {
    std::size_t host = queued_.front();
    queued_.pop_front();
    ++connecting_;
    begin(host);
  }
}

void Fleet::begin(std::size_t host) {
  if (persist_) {
    // A master from an earlier run may be there to reuse. A socket nobody
    // answers on is stale (its master was killed): it goes, or the new
    // master could not bind its path and would linger as a plain
    // connection. The directory is ours (0700), so nobody else's socket.
    std::string socket = control_socket(settings_, hosts_[host].login);
    if (control_master_alive(socket)) {
      --connecting_;
      hosts_.set_up(host);
      return;  // the caller sees the host up; no callback needed
    }
    ::unlink(socket.c_str());
  }
  start_master(host);
}

void Fleet::start_master(std::size_t host) {
  shoal::Command master = shoal::Command::exec(ssh_master_argv(settings_, hosts_[host].login));
  auto started = engine_.start(master, [this, host](Result r) { connected(host, std::move(r)); });
  if (auto* r = std::get_if<Result>(&started)) connected(host, std::move(*r));
}

void Fleet::connected(std::size_t host, Result r) {
  --connecting_;
  connect_queued();
  if (r.status == Status::ok) {
    hosts_.set_up(host);
  } else {
    std::string why = r.status == Status::error ? r.error : ssh_message(r.err);
    if (why.empty()) why = fmt::format("ssh ended with status {}", r.exit_code);
    if (say_when_down_)
      shoal::write_all(2, fmt::format("shoal: {}: {}; its jobs go to the other hosts\n",
                                      hosts_[host].login.name(), why));
    hosts_.set_down(host, why);
  }
  changed_();
}

void Fleet::close(Loop& loop) {
  if (settings_.control_dir.empty()) return;
  if (!persist_) {
    // In-process; an `ssh -O exit` only if the master does not answer so.
    int closing = 0;
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
      if (hosts_[i].state != HostPool::State::up || hosts_[i].login.local()) continue;
      if (control_master_exit(control_socket(settings_, hosts_[i].login))) continue;
      auto started = engine_.start(
          shoal::Command::exec(ssh_control_argv(settings_, hosts_[i].login, "exit")),
          [&closing](Result) { --closing; });
      if (std::holds_alternative<JobId>(started)) ++closing;
    }
    if (closing > 0) loop.run();
  }
  if (private_dir_.empty()) return;
  // A master removes its socket as it goes; whatever is left goes now.
  if (DIR* d = ::opendir(private_dir_.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ::unlinkat(::dirfd(d), e->d_name, 0);
    ::closedir(d);
  }
  ::rmdir(private_dir_.c_str());
}

shoal::Command Fleet::command(std::size_t host, const CommandTemplate& tmpl,
                              const JobInput& in) const {
  const SshLogin& login = hosts_[host].login;
  if (login.local()) return tmpl.build(in);
  return ssh_command(settings_, login, tmpl.display(in));
}

}  // namespace shoal::cli

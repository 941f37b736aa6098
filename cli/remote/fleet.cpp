#include "remote/fleet.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>

#include <fmt/format.h>

#include "remote/transfer.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

// A socket path must fit in 108 bytes, and ssh parses ControlPath: a
// space splits it and % starts a token. Such a $TMPDIR is skipped.
std::string temp_root() {
  const char* t = std::getenv("TMPDIR");
  if (!t || !*t || std::strlen(t) >= 48) return "/tmp";
  std::string_view dir(t);
  if (dir.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._-") !=
      std::string_view::npos)
    return "/tmp";
  return std::string(dir);
}

}  // namespace

std::string ssh_message(const Output& err) {
  std::string text = err.str();
  auto last_line = [&text] {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    auto nl = text.rfind('\n');
    std::string line = nl == std::string::npos ? text : text.substr(nl + 1);
    text.resize(nl == std::string::npos ? 0 : nl);
    return line;
  };
  std::string line = last_line();
  // scp adds its own line after ssh's reason.
  if (line == "scp: Connection closed" && !text.empty()) line = last_line();
  return line;
}

Fleet::Fleet(Loop& loop, Engine& engine, HostPool hosts, SshSettings settings, bool persist,
             std::function<void()> changed)
    : loop_(loop),
      engine_(engine),
      hosts_(std::move(hosts)),
      settings_(std::move(settings)),
      persist_(persist),
      changed_(std::move(changed)) {}

void Fleet::copy_with(CopySpec spec) {
  if (spec.direction == CopySpec::Direction::pull) pulls_.emplace(spec);
  copy_ = std::move(spec);
}

Checked<void> Fleet::open() {
  if (pulls_)
    if (auto opened = pulls_->open(); !opened) return opened;
  if (!multiplex_) return {};
  if (persist_) {
    // Shared between this user's runs: it must be ours and closed to others.
    std::string dir = fmt::format("{}/shoal-{}", temp_root(), ::getuid());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      return fail(fmt::format("cannot create {}: {}", dir, std::strerror(errno)));
    struct stat st{};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() ||
        (st.st_mode & 077) != 0)
      return fail(fmt::format("{} must be a directory of yours with mode 0700; not using it", dir));
    settings_.control_dir = dir;
    // Masters from an earlier run may be there to reuse: all asked at once.
    std::vector<std::string> sockets;
    for (std::size_t i = 0; i < hosts_.size(); ++i)
      sockets.push_back(hosts_[i].login.local() ? std::string() : control_socket(settings_, hosts_[i].login));
    reusable_ = control_masters_alive(sockets);
    return {};
  }
  std::string pattern = temp_root() + "/shoal-XXXXXX";
  if (!::mkdtemp(pattern.data()))  // mode 0700
    return fail(fmt::format("cannot create a directory for ssh connections: {}", std::strerror(errno)));
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
    // A master from an earlier run answered at open(): reuse it. A socket
    // nobody answered on is stale (its master was killed): it goes, or the
    // new master could not bind its path and would linger as a plain
    // connection. The directory is ours (0700), so nobody else's socket.
    // It may have gone since (ControlPersist ran out while the host waited
    // for its first job): then the jobs would each log in on their own.
    std::string socket = control_socket(settings_, hosts_[host].login);
    if (host < reusable_.size() && reusable_[host] && control_socket_listening(socket)) {
      reusable_[host] = false;  // if it is asked for again, it has failed since
      if (!transfer_ || transfer_->basefiles().empty()) {
        --connecting_;
        hosts_.set_up(host);
        return;  // the caller sees the host up; no callback needed
      }
      to_send_.push_back(host);  // its basefiles go from the loop, as a master would start
    } else {
      ::unlink(socket.c_str());
      to_start_.push_back(host);
    }
  } else {
    to_start_.push_back(host);
  }
  // Started from the loop, not from inside connect(): the caller may not
  // handle signals yet (the command line asks for every host's connection
  // before it watches for SIGTERM), and a signal that kills shoal then
  // would leave the masters to log in and linger.
  if (start_timer_.active()) return;
  start_timer_ = Timer(loop_);
  start_timer_.start(std::chrono::milliseconds(0), [this] {
    auto hosts = std::move(to_start_);
    to_start_.clear();
    for (std::size_t h : hosts) start_master(h);
    hosts = std::move(to_send_);
    to_send_.clear();
    for (std::size_t h : hosts) send_basefiles(h);
  });
}

void Fleet::start_master(std::size_t host) {
  shoal::Command master = shoal::Command::exec(ssh_master_argv(settings_, hosts_[host].login));
  master.timeout = login_bound();
  auto started = engine_.start(master, [this, host](Result r) {
    opening_.erase(host);
    settle(host, std::move(r));
  });
  if (auto* id = std::get_if<JobId>(&started))
    opening_[host] = *id;
  else
    report_later(host, std::move(std::get<Result>(started)));
}

// ConnectTimeout bounds only the TCP connect: a host that stalls in key
// exchange or login (or a hung jump host) must not hold its jobs forever.
// Three --connect-timeout periods (60 s when that is 0).
std::chrono::seconds Fleet::login_bound() const {
  return std::chrono::seconds(settings_.connect_timeout > 0 ? std::max(1L, std::lround(settings_.connect_timeout * 3)) : 60);
}

void Fleet::report_later(std::size_t host, Result r) {
  failed_now_.emplace_back(host, std::move(r));
  if (report_timer_.active()) return;
  report_timer_ = Timer(loop_);
  // Short of fds or processes: give the running jobs a moment to end.
  report_timer_.start(std::chrono::milliseconds(failed_now_.back().second.resource_exhausted() ? 100 : 0), [this] {
    auto failed = std::move(failed_now_);
    failed_now_.clear();
    for (auto& [h, r] : failed) settle(h, std::move(r));
  });
}

void Fleet::settle(std::size_t host, Result r) {
  if (closing_) return settled_while_closing(host, r.status == Status::ok);
  if (r.resource_exhausted()) {
    // Not the host's fault: it tries again later (still connecting).
    begin(host);
    return;
  }
  if (r.status == Status::ok && transfer_ && !transfer_->basefiles().empty()) {
    send_basefiles(host);  // it counts as connecting until they are there
    return;
  }
  std::string why;
  if (r.status != Status::ok) {
    why = r.status == Status::error ? r.error : ssh_message(r.err);
    if (r.status == Status::timeout)
      why = fmt::format("could not log in within {} s", std::chrono::duration_cast<std::chrono::seconds>(
                                                          r.duration()).count());
    else if (why.empty() && r.status == Status::killed)
      why = fmt::format("ssh was killed by signal {}", r.signal);
    else if (why.empty())
      why = fmt::format("ssh ended with status {}", r.exit_code);
  }
  up_or_down(host, why);
}

// close() is waiting for the connections still being opened: a host that
// came up is marked so, for close() to end its master (and remove its
// basefiles); the loop stops once the last has settled.
void Fleet::settled_while_closing(std::size_t host, bool up) {
  --connecting_;
  if (up) hosts_.set_up(host);
  if (opening_.empty() && sending_.empty() && exits_running_ == 0) loop_.stop();
}

void Fleet::up_or_down(std::size_t host, const std::string& why) {
  --connecting_;
  connect_queued();
  if (why.empty()) {
    hosts_.set_up(host);
  } else {
    if (say_when_down_)
      shoal::write_all(2, fmt::format("shoal: {}: {}; its jobs go to the other hosts\n",
                                      hosts_[host].login.name(), why));
    hosts_.set_down(host, why);
  }
  changed_();
}

// Sent once the connection is up, through it; the host takes jobs once
// they are there. rsync sends only what changed (a --control-persist rerun).
// A send may take long (a large file), but one where no data moves for as
// long as a login may take (login_bound) is given up: a host that hangs
// mid-transfer would otherwise stay "connecting", its jobs waiting.
void Fleet::send_basefiles(std::size_t host) {
  auto stall = std::chrono::duration_cast<std::chrono::seconds>(login_bound()).count();
  std::string line = send_line(settings_, hosts_[host].login, transfer_->basefiles(),
                               transfer_->base_workdir(), static_cast<unsigned>(stall));
  auto done = [this, host](Result r) {
    sending_.erase(host);
    if (closing_) return settled_while_closing(host, true);  // its files go with the others
    std::string why;
    if (r.status != Status::ok) {
      why = r.status == Status::error ? r.error : ssh_message(r.err);
      if (why.empty()) why = fmt::format("rsync ended with status {}", r.exit_code);
      why = "--basefile: " + why;
    }
    up_or_down(host, why);
  };
  auto started = engine_.start(shoal::Command::exec({"/bin/sh", "-c", line, "shoal-basefile"}), done);
  if (auto* id = std::get_if<JobId>(&started))
    sending_[host] = *id;
  else
    done(std::move(std::get<Result>(started)));
}

// --cleanup: each host's basefiles go at the end, all hosts at once.
void Fleet::remove_basefiles() {
  if (!transfer_ || !transfer_->cleanup() || transfer_->basefiles().empty()) return;
  int running = 0;
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i].state != HostPool::State::up || hosts_[i].login.local()) continue;
    std::string line = remove_line(settings_, hosts_[i].login, transfer_->basefiles(),
                                   transfer_->base_workdir(), false, true);
    shoal::Command remove = shoal::Command::exec({"/bin/sh", "-c", line, "shoal-cleanup"});
    remove.timeout = std::chrono::seconds(10);
    auto started = engine_.start(remove, [this, &running](Result) {
      if (--running == 0) loop_.stop();
    });
    if (std::holds_alternative<JobId>(started)) ++running;
  }
  while (running > 0) loop_.run();
}

void Fleet::close() {
  closing_ = true;
  if (pulls_) pulls_->close();
  queued_.clear();
  report_timer_ = Timer();
  failed_now_.clear();
  start_timer_ = Timer();
  to_start_.clear();
  to_send_.clear();
  // Masters still logging in are ended, and waited for. One may have gone
  // into the background a moment before: `ssh -f` forks once it has logged
  // in, and the forked master leaves the job's process group (setsid), out
  // of reach of any signal to the group. It bound its socket before that
  // fork, so it is in the directory and is ended below with the others.
  for (auto& [host, id] : opening_) engine_.cancel(id);
  for (auto& [host, id] : sending_) engine_.cancel(id);
  // Not one loop_.run(): a signal to shoal meanwhile stops the loop too.
  while (!opening_.empty() || !sending_.empty()) loop_.run();
  if (settings_.control_dir.empty()) return;
  remove_basefiles();
  if (!persist_) end_masters();
  if (private_dir_.empty()) return;
  // A master removes its socket as it goes; whatever is left goes now.
  if (DIR* d = ::opendir(private_dir_.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ::unlinkat(::dirfd(d), e->d_name, 0);
    ::closedir(d);
  }
  ::rmdir(private_dir_.c_str());
}

// Every socket in the directory is told to end, whatever its host's state:
// a host whose master was cancelled or killed at the last moment may have
// one up all the same. In-process, all at once; an `ssh -O exit` only if a
// master does not answer so. A master nothing can reach -- its socket
// removed by someone else, or deaf to both -- is found by its command line,
// which names the directory, and ended.
void Fleet::end_masters() {
  std::map<std::string, std::size_t> host_of;  // socket path -> host
  for (std::size_t i = 0; i < hosts_.size(); ++i)
    if (!hosts_[i].login.local()) host_of[control_socket(settings_, hosts_[i].login)] = i;
  std::vector<std::string> sockets;
  if (DIR* d = ::opendir(private_dir_.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') sockets.push_back(private_dir_ + "/" + e->d_name);
    ::closedir(d);
  }
  std::set<std::string> present(sockets.begin(), sockets.end());
  // A host that came up and has no socket now: it was removed under the
  // master (which then lingers, unreachable, until ControlPersist ends
  // it), or the master ended on its own.
  bool unreachable = false;
  for (const auto& [socket, host] : host_of)
    if (hosts_[host].state == HostPool::State::up && !present.count(socket)) unreachable = true;

  std::vector<bool> ended = control_masters_exit(sockets);
  for (std::size_t k = 0; k < sockets.size(); ++k) {
    // Nobody listening: a master killed before it could remove its socket.
    if (ended[k] || !control_socket_listening(sockets[k])) continue;
    auto known = host_of.find(sockets[k]);
    if (known == host_of.end()) {
      unreachable = true;
      continue;
    }
    shoal::Command ask =
        shoal::Command::exec(ssh_control_argv(settings_, hosts_[known->second].login, "exit"));
    ask.timeout = std::chrono::seconds(10);
    auto started = engine_.start(ask, [this, &unreachable](Result r) {
      if (r.status != Status::ok) unreachable = true;
      if (--exits_running_ == 0) loop_.stop();
    });
    if (std::holds_alternative<JobId>(started)) ++exits_running_;
    else unreachable = true;
  }
  while (exits_running_ > 0) loop_.run();
  if (!unreachable) return;

  for (const ControlDirProcess& p : end_processes_in_control_dir(private_dir_)) {
    auto known = host_of.find(p.path);
    std::string who = known == host_of.end() ? p.path : hosts_[known->second].login.name();
    std::string why = present.count(p.path)
                          ? "did not end when asked"
                          : "had lost its socket (removed during the run: jobs after that logged "
                            "in on their own)";
    shoal::write_all(2, fmt::format("shoal: {}: the shared connection's ssh (pid {}) {}; ended it\n",
                                    who, p.pid, why));
  }
}

shoal::Command Fleet::command(std::size_t host, const CommandTemplate& tmpl,
                              const JobInput& in) {
  const SshLogin& login = hosts_[host].login;
  if (login.local()) return tmpl.build(in);
  if (pulls_) return shoal::Command::exec(pull_argv(settings_, login, *copy_, pulls_->prepare(login)));
  if (copy_) return shoal::Command::exec(copy_argv(settings_, login, *copy_));
  shoal::Command job = ssh_command(settings_, login, tmpl.display_after_lead(in));
  if (transfer_)
    job.argv = transfer_job_argv(settings_, login, transfer_->for_job(in, host), std::move(job.argv));
  return job;
}

void Fleet::job_ended(std::size_t host, Result& r) {
  if (pulls_) pulls_->finish(hosts_[host].login, r);
}

}  // namespace shoal::cli

// A client for OpenSSH's multiplexing protocol, only as far as shoal needs
// it: the hello exchange, then one request (alive check or terminate) and
// its reply. Messages are `uint32 length, uint32 type, body`, big-endian.
// Many masters are asked at once, with one poll and a deadline: each is a
// local process that answers at once when it gets the CPU, and the caller
// has nothing else to do meanwhile.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shoal/ssh.hpp"
#include "shoal/unique_fd.hpp"

namespace shoal {

namespace {

constexpr std::uint32_t mux_hello = 0x00000001;
constexpr std::uint32_t mux_alive_check = 0x10000004;
constexpr std::uint32_t mux_terminate = 0x10000005;
constexpr std::uint32_t mux_ok = 0x80000001;
constexpr std::uint32_t mux_alive = 0x80000005;
constexpr std::uint32_t mux_version = 4;
constexpr std::uint32_t request_id = 1;

using Clock = std::chrono::steady_clock;

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

std::uint32_t get32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// A non-blocking socket connected to `path`, or -1. A full backlog (a
// master that stopped accepting) fails at once instead of blocking.
int connect_to(const std::string& path) {
  sockaddr_un addr{};
  // Empty would name an abstract socket, which anyone could bind.
  if (path.empty() || path.size() >= sizeof addr.sun_path) return -1;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd) return -1;
  auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), length) != 0) return -1;
  return fd.release();
}

// One conversation with one master: hello both ways, then one request and
// its reply. ask_all drives many at once.
class MuxConversation {
 public:
  MuxConversation(const std::string& path, std::uint32_t request) : request_(request) {
    fd_.reset(connect_to(path));
    if (fd_ && !send_message(hello_message())) fd_.reset();
  }

  int fd() const { return fd_.get(); }
  bool waiting() const { return static_cast<bool>(fd_); }
  bool answered() const { return answered_; }
  std::uint32_t reply_type() const { return reply_type_; }
  const std::string& reply_body() const { return reply_body_; }

  // The socket is readable: take what came, and answer if a message is whole.
  void on_readable() {
    char buf[512];
    ssize_t n;
    do {
      n = ::recv(fd_.get(), buf, sizeof buf, MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0 && hello_seen_ && request_ == mux_terminate) {
      // An OpenSSH master told to terminate exits before its reply goes
      // out (its mux.c says so); OpenSSH's own client takes the close as
      // the answer, and so do we.
      reply_type_ = mux_ok;
      reply_body_.clear();
      put32(reply_body_, request_id);
      answered_ = true;
      return give_up();
    }
    if (n <= 0) return give_up();
    in_.append(buf, static_cast<std::size_t>(n));
    while (fd_ && in_.size() >= 8) {
      std::uint32_t length = get32(reinterpret_cast<const unsigned char*>(in_.data()));
      if (length < 4 || length > (1 << 16)) return give_up();  // not a mux master
      if (in_.size() < 4 + length) return;
      std::uint32_t type = get32(reinterpret_cast<const unsigned char*>(in_.data()) + 4);
      std::string body = in_.substr(8, length - 4);
      in_.erase(0, 4 + length);
      if (!hello_seen_) {
        hello_seen_ = true;
        std::string request;
        put32(request, request_);
        put32(request, request_id);
        if (type != mux_hello || !send_message(request)) give_up();
        continue;
      }
      reply_type_ = type;
      reply_body_ = std::move(body);
      answered_ = true;
      fd_.reset();
    }
  }

  void give_up() { fd_.reset(); }

 private:
  static std::string hello_message() {
    std::string hello;
    put32(hello, mux_hello);
    put32(hello, mux_version);
    return hello;
  }

  // A dozen bytes into a fresh socket: they fit, or the master is not one.
  bool send_message(const std::string& message) {
    std::string packet;
    put32(packet, static_cast<std::uint32_t>(message.size()));
    packet += message;
    ssize_t n;
    do {
      n = ::send(fd_.get(), packet.data(), packet.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    return n == static_cast<ssize_t>(packet.size());
  }

  std::uint32_t request_;
  UniqueFd fd_;
  std::string in_;
  bool hello_seen_ = false;
  bool answered_ = false;
  std::uint32_t reply_type_ = 0;
  std::string reply_body_;
};

// Asks every master the same question at once: the questions all go out
// before any answer is awaited, so N masters cost one wait, not N -- each
// answer needs the master's process scheduled, which on a busy machine
// takes milliseconds. At most `batch` sockets are open at a time.
std::vector<bool> ask_all(const std::vector<std::string>& paths, int timeout_ms,
                          std::uint32_t request, std::uint32_t expected) {
  constexpr std::size_t batch = 256;
  std::vector<bool> yes(paths.size(), false);
  for (std::size_t first = 0; first < paths.size(); first += batch) {
    // Each batch has the whole time: one master that never answers must
    // not leave the next batches none.
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    std::vector<MuxConversation> talks;
    talks.reserve(std::min(batch, paths.size() - first));
    for (std::size_t i = first; i < paths.size() && i < first + batch; ++i)
      talks.emplace_back(paths[i], request);
    for (;;) {
      std::vector<pollfd> ready;
      std::vector<MuxConversation*> whose;
      for (auto& t : talks)
        if (t.waiting()) {
          ready.push_back({t.fd(), POLLIN, 0});
          whose.push_back(&t);
        }
      if (ready.empty()) break;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) break;
      int n = ::poll(ready.data(), ready.size(), static_cast<int>(left.count()));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      for (std::size_t i = 0; i < ready.size(); ++i)
        if (ready[i].revents != 0) whose[i]->on_readable();
    }
    for (std::size_t i = 0; i < talks.size(); ++i) {
      const MuxConversation& t = talks[i];
      yes[first + i] = t.answered() && t.reply_type() == expected && t.reply_body().size() >= 4 &&
                       get32(reinterpret_cast<const unsigned char*>(t.reply_body().data())) ==
                           request_id;
    }
  }
  return yes;
}

// The control socket under `dir` that the command line of `pid` gives ssh
// (`-o ControlPath=PATH`, or `ssh: PATH [mux]` from a master that renamed
// itself), or empty. Arguments in /proc are NUL-separated.
std::string control_path_under(int proc_fd, const char* pid, const std::string& dir) {
  UniqueFd fd(::openat(proc_fd, (std::string(pid) + "/cmdline").c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return {};
  std::string cmdline;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd.get(), buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || cmdline.size() > (1 << 20)) break;
    cmdline.append(buf, static_cast<std::size_t>(n));
  }
  std::string::size_type at;
  const std::string option = "ControlPath=" + dir + "/", renamed = "ssh: " + dir + "/";
  if ((at = cmdline.find(option)) != std::string::npos)
    at += option.size() - dir.size() - 1;
  else if (cmdline.compare(0, renamed.size(), renamed) == 0)
    at = renamed.size() - dir.size() - 1;
  else
    return {};
  auto end = cmdline.find_first_of(std::string_view("\0 ", 2), at);
  return cmdline.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

int pidfd_open(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

bool pidfd_signal(int pidfd, int signum) {
  return ::syscall(SYS_pidfd_send_signal, pidfd, signum, nullptr, 0) == 0;
}

// Waits until every pidfd's process has exited or the deadline passes; the
// exited ones are taken out of `fds`.
void wait_exited(std::vector<UniqueFd>& fds, Clock::time_point deadline) {
  while (!fds.empty()) {
    std::vector<pollfd> watch;
    for (auto& fd : fds) watch.push_back({fd.get(), POLLIN, 0});
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return;
    int n = ::poll(watch.data(), watch.size(), static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    std::vector<UniqueFd> still;
    for (std::size_t k = 0; k < fds.size(); ++k)
      if (watch[k].revents == 0) still.push_back(std::move(fds[k]));
    fds = std::move(still);
  }
}

}  // namespace

std::vector<ControlDirProcess> end_processes_in_control_dir(const std::string& dir, int grace_ms) {
  std::vector<ControlDirProcess> found;
  if (dir.empty() || dir == "/") return found;
  std::string under = dir.back() == '/' ? dir.substr(0, dir.size() - 1) : dir;
  DIR* d = ::opendir("/proc");
  if (!d) return found;
  const int proc = ::dirfd(d);
  // A pidfd holds on to the process it was opened for. The command line is
  // read again once it is open (the number may have been reused since the
  // first look): the signal then goes to the process that was read, or,
  // if that one has gone since, nowhere.
  std::vector<UniqueFd> signalled;
  const uid_t me = ::getuid();
  const pid_t self = ::getpid();
  while (dirent* e = ::readdir(d)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end != '\0' || pid == self) continue;
    struct stat st{};
    if (::fstatat(proc, e->d_name, &st, 0) != 0 || st.st_uid != me) continue;
    if (control_path_under(proc, e->d_name, under).empty()) continue;
    UniqueFd pidfd(pidfd_open(static_cast<pid_t>(pid)));
    if (!pidfd) continue;  // gone already
    std::string path = control_path_under(proc, e->d_name, under);
    if (path.empty() || !pidfd_signal(pidfd.get(), SIGTERM)) continue;
    found.push_back({static_cast<int>(pid), std::move(path)});
    signalled.push_back(std::move(pidfd));
  }
  ::closedir(d);
  // An ssh master ends at once on TERM (and removes its socket); KILL for
  // one that does not.
  wait_exited(signalled, Clock::now() + std::chrono::milliseconds(grace_ms));
  for (auto& fd : signalled) pidfd_signal(fd.get(), SIGKILL);
  wait_exited(signalled, Clock::now() + std::chrono::milliseconds(grace_ms));
  return found;
}

bool control_socket_listening(const std::string& socket_path) {
  UniqueFd fd(connect_to(socket_path));
  return static_cast<bool>(fd);
}

bool control_master_alive(const std::string& socket_path, int timeout_ms) {
  return ask_all({socket_path}, timeout_ms, mux_alive_check, mux_alive)[0];
}

bool control_master_exit(const std::string& socket_path, int timeout_ms) {
  return ask_all({socket_path}, timeout_ms, mux_terminate, mux_ok)[0];
}

std::vector<bool> control_masters_alive(const std::vector<std::string>& socket_paths,
                                        int timeout_ms) {
  return ask_all(socket_paths, timeout_ms, mux_alive_check, mux_alive);
}

std::vector<bool> control_masters_exit(const std::vector<std::string>& socket_paths,
                                       int timeout_ms) {
  return ask_all(socket_paths, timeout_ms, mux_terminate, mux_ok);
}

}  // namespace shoal

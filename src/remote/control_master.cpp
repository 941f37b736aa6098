// A client for OpenSSH's multiplexing protocol, only as far as shoal needs
// it: the hello exchange, then one request (alive check or terminate) and
// its reply. Messages are `uint32 length, uint32 type, body`, big-endian.
// Blocking I/O with a deadline: the master is a local process that answers
// at once, and the caller has nothing else to do meanwhile.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>

#include "shoal/ssh.hpp"
#include "unique_fd.hpp"

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

class MuxClient {
 public:
  MuxClient(const std::string& path, int timeout_ms)
      : deadline_(Clock::now() + std::chrono::milliseconds(timeout_ms)) {
    sockaddr_un addr{};
    if (path.size() >= sizeof addr.sun_path) return;
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd_) return;
    if (::connect(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fd_.reset();
  }

  // Hello both ways, then one request; the reply's type and body.
  bool ask(std::uint32_t type, std::uint32_t& reply_type, std::string& reply_body) {
    if (!fd_) return false;
    std::string hello;
    put32(hello, mux_hello);
    put32(hello, mux_version);
    std::string request;
    put32(request, type);
    put32(request, request_id);
    std::string their_hello;
    std::uint32_t their_type = 0;
    if (!send(hello) || !receive(their_type, their_hello) || their_type != mux_hello) return false;
    return send(request) && receive(reply_type, reply_body);
  }

 private:
  bool wait(short events) {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_.get(), events, 0};
      int n = ::poll(&p, 1, static_cast<int>(left.count()));
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return false;
    }
  }

  bool send(const std::string& message) {
    std::string packet;
    put32(packet, static_cast<std::uint32_t>(message.size()));
    packet += message;
    std::size_t done = 0;
    while (done < packet.size()) {
      if (!wait(POLLOUT)) return false;
      ssize_t n = ::send(fd_.get(), packet.data() + done, packet.size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  bool read_exactly(unsigned char* into, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      if (!wait(POLLIN)) return false;
      ssize_t n = ::recv(fd_.get(), into + done, size - done, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  bool receive(std::uint32_t& type, std::string& body) {
    unsigned char header[8];
    if (!read_exactly(header, 4)) return false;
    std::uint32_t length = get32(header);
    if (length < 4 || length > (1 << 16)) return false;  // not a mux master
    if (!read_exactly(header + 4, 4)) return false;
    type = get32(header + 4);
    body.assign(length - 4, '\0');
    return read_exactly(reinterpret_cast<unsigned char*>(body.data()), body.size());
  }

  UniqueFd fd_;
  Clock::time_point deadline_;
};

bool replied(const std::string& path, int timeout_ms, std::uint32_t request, std::uint32_t expected) {
  MuxClient client(path, timeout_ms);
  std::uint32_t type = 0;
  std::string body;
  return client.ask(request, type, body) && type == expected && body.size() >= 4 &&
         get32(reinterpret_cast<const unsigned char*>(body.data())) == request_id;
}

}  // namespace

bool control_master_alive(const std::string& socket_path, int timeout_ms) {
  return replied(socket_path, timeout_ms, mux_alive_check, mux_alive);
}

bool control_master_exit(const std::string& socket_path, int timeout_ms) {
  return replied(socket_path, timeout_ms, mux_terminate, mux_ok);
}

}  // namespace shoal

// The in-process ControlMaster client (OpenSSH's mux protocol) against a
// scripted master on a Unix socket: what a real master does that the remote
// tests cannot make happen on demand -- never answering, or closing on a
// terminate request before its reply goes out (which OpenSSH's does).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "shoal/ssh.hpp"

namespace {

enum class Master { answers, closes_on_request, silent };

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

// A mux message: length, type, then the words of its body.
std::string message(std::uint32_t type, const std::vector<std::uint32_t>& words) {
  std::string body;
  put32(body, type);
  for (auto w : words) put32(body, w);
  std::string packet;
  put32(packet, static_cast<std::uint32_t>(body.size()));
  return packet + body;
}

std::uint32_t read_message(int fd, std::vector<std::uint32_t>& words) {
  unsigned char head[4];
  if (::recv(fd, head, 4, MSG_WAITALL) != 4) return 0;
  std::uint32_t length = (std::uint32_t{head[0]} << 24) | (head[1] << 16) | (head[2] << 8) | head[3];
  std::string body(length, '\0');
  if (::recv(fd, body.data(), length, MSG_WAITALL) != static_cast<ssize_t>(length)) return 0;
  words.clear();
  for (std::size_t i = 0; i + 4 <= body.size(); i += 4) {
    auto* p = reinterpret_cast<const unsigned char*>(body.data() + i);
    words.push_back((std::uint32_t{p[0]} << 24) | (p[1] << 16) | (p[2] << 8) | p[3]);
  }
  return words.empty() ? 0 : words[0];
}

// A master on `path` that behaves as told, one connection after another.
class FakeMaster {
 public:
  FakeMaster(const std::string& path, Master how) {
    listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    bound_ = ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
             ::listen(listener_, 8) == 0;
    thread_ = std::thread([this, how] { serve(how); });
  }
  ~FakeMaster() {
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  bool bound() const { return bound_; }

 private:
  void serve(Master how) {
    for (int fd; (fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC)) >= 0;) talk(fd, how);
  }

  void talk(int fd, Master how) {
    std::vector<std::uint32_t> words;
    if (how == Master::silent) {
      read_message(fd, words);
      read_message(fd, words);  // until the client gives up and closes
    } else {
      std::string hello = message(0x00000001, {4});
      ::send(fd, hello.data(), hello.size(), MSG_NOSIGNAL);
      if (read_message(fd, words) == 0x00000001 && read_message(fd, words) != 0 &&
          how == Master::answers && words.size() >= 2) {
        std::string alive = message(0x80000005, {words[1], 4242});
        ::send(fd, alive.data(), alive.size(), MSG_NOSIGNAL);
      }
    }
    ::close(fd);
  }

  int listener_ = -1;
  bool bound_ = false;
  std::thread thread_;
};

class ControlMaster : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/shoal-mux-test-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    for (const char* name : {"a", "b", "c"}) ::unlink((dir_ + "/" + name).c_str());
    ::rmdir(dir_.c_str());
  }
  std::string path(const char* name) const { return dir_ + "/" + name; }
  std::string dir_;
};

}  // namespace

TEST_F(ControlMaster, AMasterThatAnswersIsAlive) {
  FakeMaster master(path("a"), Master::answers);
  ASSERT_TRUE(master.bound());
  EXPECT_TRUE(shoal::control_socket_listening(path("a")));
  EXPECT_TRUE(shoal::control_master_alive(path("a"), 2000));
}

// OpenSSH's master exits on a terminate request before its reply is sent.
TEST_F(ControlMaster, AMasterThatClosesOnTerminateHasEnded) {
  FakeMaster master(path("a"), Master::closes_on_request);
  ASSERT_TRUE(master.bound());
  EXPECT_TRUE(shoal::control_master_exit(path("a"), 2000));
}

TEST_F(ControlMaster, ClosingIsNoAnswerToAnAliveCheck) {
  FakeMaster master(path("a"), Master::closes_on_request);
  ASSERT_TRUE(master.bound());
  EXPECT_FALSE(shoal::control_master_alive(path("a"), 2000));
}

// All asked at once: one silent master costs the batch one timeout, and
// the others' answers still count.
TEST_F(ControlMaster, ManyAtOnceOneSilentOneMissing) {
  FakeMaster answers(path("a"), Master::answers);
  FakeMaster silent(path("b"), Master::silent);
  ASSERT_TRUE(answers.bound() && silent.bound());
  auto start = std::chrono::steady_clock::now();
  std::vector<bool> alive =
      shoal::control_masters_alive({path("a"), path("b"), path("c"), ""}, 300);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(alive, (std::vector<bool>{true, false, false, false}));
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_FALSE(shoal::control_socket_listening(path("c")));
  EXPECT_FALSE(shoal::control_socket_listening(""));
}

namespace {

// A shell whose command line gives a ControlPath, as an ssh master's does:
// it runs `script` (which says "ready" on stdout once set) and then waits
// on stdin, a pipe the test holds open.
struct NamedProcess {
  pid_t pid = -1;
  int stdin_w = -1;

  NamedProcess(const std::string& script, const std::string& control_path) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    std::string body = script + "; echo ready; read x";
    std::string option = "ControlPath=" + control_path;
    char* argv[] = {const_cast<char*>("sh"), const_cast<char*>("-c"), body.data(), option.data(),
                    nullptr};
    if (::posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    stdin_w = in[1];
    char c;
    while (pid > 0 && ::read(out[0], &c, 1) == 1 && c != '\n') {
    }
    ::close(out[0]);
  }
  // How it ended: the signal that killed it, or 0.
  int reap() {
    int status = 0;
    ::close(stdin_w);
    if (::waitpid(pid, &status, 0) != pid) return -1;
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }
};

}  // namespace

// Masters that no socket reaches any more are found by their command line:
// TERM, and KILL for one that ignores it; nothing of another directory.
TEST_F(ControlMaster, ProcessesGivenAControlPathInTheDirectoryAreEnded) {
  NamedProcess obeys(":", path("a"));
  NamedProcess deaf("trap '' TERM", path("b"));
  NamedProcess other(":", dir_ + "-other/c");
  ASSERT_GT(obeys.pid, 0);
  ASSERT_GT(deaf.pid, 0);
  ASSERT_GT(other.pid, 0);
  std::vector<shoal::ControlDirProcess> ended = shoal::end_processes_in_control_dir(dir_, 200);
  ASSERT_EQ(ended.size(), 2u);
  for (const auto& p : ended)
    EXPECT_TRUE((p.pid == obeys.pid && p.path == path("a")) || (p.pid == deaf.pid && p.path == path("b")))
        << p.pid << " " << p.path;
  EXPECT_EQ(obeys.reap(), SIGTERM);
  EXPECT_EQ(deaf.reap(), SIGKILL);
  EXPECT_EQ(::kill(other.pid, 0), 0) << "another directory's process was signalled";
  ::kill(other.pid, SIGKILL);
  other.reap();
}

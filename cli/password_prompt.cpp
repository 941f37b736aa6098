#include "password_prompt.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

// What a signal during the prompt must put back: set only while the
// terminal's echo is off.
int g_tty = -1;
struct termios g_saved;

extern "C" void restore_and_die(int sig) {
  // Async-signal-safe: tcsetattr, signal and raise.
  if (g_tty >= 0) ::tcsetattr(g_tty, TCSAFLUSH, &g_saved);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

Checked<std::string> read_password(const std::string& prompt) {
  int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (tty < 0)
    return fail(std::string("--sudo asks for the password on the terminal, and there is none (") +
                std::strerror(errno) + ")");
  struct termios saved;
  bool echo_off = ::tcgetattr(tty, &saved) == 0;
  int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};
  struct sigaction old_actions[std::size(signals)];
  if (echo_off) {
    g_saved = saved;
    g_tty = tty;
    struct sigaction on_signal{};
    on_signal.sa_handler = restore_and_die;
    sigemptyset(&on_signal.sa_mask);
    for (std::size_t i = 0; i < std::size(signals); ++i)
      ::sigaction(signals[i], &on_signal, &old_actions[i]);
    struct termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;  // the Enter still shows, so the next line starts on its own
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  shoal::write_all(tty, prompt);
  std::string line;
  bool ended = false;  // a newline came
  char c;
  for (;;) {
    ssize_t n = ::read(tty, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (c == '\n') {
      ended = true;
      break;
    }
    line += c;
  }
  if (echo_off) {
    ::tcsetattr(tty, TCSAFLUSH, &saved);
    g_tty = -1;
    for (std::size_t i = 0; i < std::size(signals); ++i) ::sigaction(signals[i], &old_actions[i], nullptr);
  }
  if (!ended) shoal::write_all(tty, "\n");
  ::close(tty);
  if (!ended) return fail("--sudo: no password was typed (the terminal ended first)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace shoal::cli

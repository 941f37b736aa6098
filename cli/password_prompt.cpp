#include "password_prompt.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <string.h>  // explicit_bzero

#include "shoal/io.hpp"
#include "shoal/ssh.hpp"

namespace shoal::cli {

namespace {

// What a signal during the prompt must put back: set only while the
// terminal's echo is off.
int g_tty = -1;
struct termios g_saved;  // the terminal as it was
struct termios g_quiet;  // echo off, for the prompt

// A signal during the prompt gives the terminal back as it was, then takes
// its own course. A stop (Ctrl-Z, or a read or write from the background)
// must not leave echo on once continued: the handler is still running when
// `fg` continues the process, so it turns echo off again there. (Raised
// from inside the handler, the signal would wait, blocked, until the
// handler had returned, and the prompt would go on echoing: so it is
// unblocked first.) Async-signal-safe calls only.
extern "C" void on_prompt_signal(int sig) {
  int saved_errno = errno;
  if (g_tty >= 0) ::tcsetattr(g_tty, TCSAFLUSH, &g_saved);
  struct sigaction default_action{};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  struct sigaction mine{};
  ::sigaction(sig, &default_action, &mine);
  sigset_t just_this;
  sigemptyset(&just_this);
  sigaddset(&just_this, sig);
  ::sigprocmask(SIG_UNBLOCK, &just_this, nullptr);
  ::raise(sig);  // ends the process, or stops it until continued
  // Continued (or the stop was dropped, in an orphaned process group).
  ::sigaction(sig, &mine, nullptr);
  if (g_tty >= 0) ::tcsetattr(g_tty, TCSAFLUSH, &g_quiet);
  errno = saved_errno;
}

}  // namespace

Checked<std::string> read_password(const std::string& prompt) {
  int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (tty < 0)
    return fail(std::string("--sudo asks for the password on the terminal, and there is none (") +
                std::strerror(errno) + ")");
  struct termios saved;
  bool echo_off = ::tcgetattr(tty, &saved) == 0;
  int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
  struct sigaction old_actions[std::size(signals)];
  if (echo_off) {
    g_saved = saved;
    g_quiet = saved;
    g_quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    g_quiet.c_lflag |= ECHONL;  // the Enter still shows, so the next line starts on its own
    g_tty = tty;
    struct sigaction on_signal{};
    on_signal.sa_handler = on_prompt_signal;
    sigemptyset(&on_signal.sa_mask);
    for (std::size_t i = 0; i < std::size(signals); ++i)
      ::sigaction(signals[i], &on_signal, &old_actions[i]);
    ::tcsetattr(tty, TCSAFLUSH, &g_quiet);
  }
  shoal::write_all(tty, prompt);
  // Room for any password a person types, made first: a string that grew
  // would leave each shorter copy in memory it freed, out of reach of a
  // wipe. A longer line still works, and may leave such copies.
  std::string line;
  line.reserve(1024);
  bool ended = false;  // a newline came
  char c = 0;
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
  ::explicit_bzero(&c, sizeof c);
  if (echo_off) {
    ::tcsetattr(tty, TCSAFLUSH, &saved);
    g_tty = -1;
    for (std::size_t i = 0; i < std::size(signals); ++i) ::sigaction(signals[i], &old_actions[i], nullptr);
  }
  if (!ended) shoal::write_all(tty, "\n");
  ::close(tty);
  if (!ended) {
    wipe_secret(line);
    return fail("--sudo: no password was typed (the terminal ended first)");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace shoal::cli

// shoal's entry point: parse, run, exit. Everything else is elsewhere.
#include <fcntl.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <string_view>

#include "options.hpp"
#include "remote/remote_options.hpp"
#include "run.hpp"
#include "run_report.hpp"

int main(int argc, char** argv) {
  // A parent may hand us stdin, stdout or stderr closed (`shoal ... >&-`).
  // The next file we open would then become that fd -- a pipe or the loop's
  // own fd would be printed to, and libuv refuses to close fds 0-2. They
  // are filled with /dev/null first, as the job's own stdin already is.
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF && ::open("/dev/null", O_RDWR) != fd) return 126;
  // A reader of our stdout that goes away (`shoal ... | head -1`) must be an
  // EPIPE we handle, not a signal that kills us mid-joblog. Children get the
  // default back (see spawn.cpp).
  std::signal(SIGPIPE, SIG_IGN);
  // With SIGCHLD ignored (inherited from a parent that set it) the kernel
  // reaps our jobs for us and their exit statuses are lost.
  std::signal(SIGCHLD, SIG_DFL);

  // `shoal report LOG`: a page from an earlier run's log, no jobs run.
  if (argc > 1 && std::string_view(argv[1]) == "report") return shoal::cli::report_command(argc, argv);
  auto parsed = shoal::cli::parse_command_line(argc, argv);
  if (!parsed.options) {
    std::fputs(parsed.message.c_str(), parsed.message_is_error ? stderr : stdout);
    return parsed.exit_code;
  }
  // --list-hosts, which runs nothing, and what needs the whole command line.
  if (auto status = shoal::cli::remote_preflight(*parsed.options)) return *status;
  auto ending = shoal::cli::run(*parsed.options);
  if (ending.signal != 0) {
    // Interrupted: end the way an interrupted program ends, so that the
    // calling shell or script sees the signal, not a plain exit status.
    int sig = ending.signal;
    std::fflush(nullptr);
    std::signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    std::raise(sig);
    return 128 + sig;  // if the signal is blocked or ignored after all
  }
  return ending.status;
}

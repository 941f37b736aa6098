// Asking a person for a password: --sudo's, once a run. Its own file
// because it is the one place shoal talks to the terminal rather than to
// its stdin and stdout, and because what it must not do (echo, leave the
// terminal without echo when interrupted, keep the text anywhere but the
// returned string) is easier to check in one short function.
#pragma once

#include <string>

#include "checked.hpp"

namespace shoal::cli {

// Writes `prompt` to the controlling terminal (/dev/tty), reads one line
// there with echo off, and gives it without its newline; stdin and stdout
// are untouched (they may carry the run's input and output). Fails with a
// one-line reason when there is no terminal, or it ends (Ctrl-D) before a
// line. Ctrl-C while it waits: the terminal gets its echo back, and shoal
// ends by SIGINT as it would have.
Checked<std::string> read_password(const std::string& prompt);

}  // namespace shoal::cli

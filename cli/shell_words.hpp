// A command line given as one string (--ssh "ssh -F '/my dir/config'")
// split into words as a POSIX shell splits them, without running a shell:
// blanks separate words, '...' is literal, "..." keeps a backslash's
// meaning only before " \ $ ` and a newline, a backslash outside quotes
// takes the next character as it is. Nothing is expanded ($HOME, ~ and *
// stay as written): the words go to execve, not to a shell.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"

namespace shoal::cli {

// The words, or why there are none (an unterminated quote, a backslash at
// the end).
Checked<std::vector<std::string>> split_shell_words(std::string_view line);

}  // namespace shoal::cli

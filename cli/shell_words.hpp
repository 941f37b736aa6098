// A command line given as one string (--ssh "ssh -F '/my dir/config'")
// split into words as a POSIX shell splits them, without running a shell:
// blanks separate words, '...' is literal, "..." keeps a backslash's
// meaning only before " \ $ ` and a newline, a backslash outside quotes
// takes the next character as it is. Nothing is expanded ($HOME, ~ and *
// stay as written): the words go to execve, not to a shell.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::cli {

// The words, or nothing with `error` set (an unterminated quote, a
// backslash at the end).
std::optional<std::vector<std::string>> split_shell_words(std::string_view line, std::string& error);

}  // namespace shoal::cli

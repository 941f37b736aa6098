// A command line as words, without shell syntax: joined with a separator,
// split at blanks, and whether a line needs a shell to mean what it says.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shoal::cli {

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Whether a command line needs a shell to mean what it says: any shell
// syntax, an assignment, or a builtin/keyword as its first word.
bool needs_shell(std::string_view command_line);

// The words with `separator` between them: command words, several
// arguments in a tag or a list line.
std::string join(const std::vector<std::string>& words, std::string_view separator = " ");

// Splits a command line without shell syntax into words at blanks.
std::vector<std::string> split_words(std::string_view command_line);

}  // namespace shoal::cli

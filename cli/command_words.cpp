// A command line as words, without shell syntax: joined with a separator,
// split at blanks, and the test of whether a line needs a shell at all
// (anything the shell would read differently from execve's argv).
#include "command_words.hpp"

namespace shoal::cli {

namespace {

// Words a POSIX shell treats as builtins or keywords whose meaning an execve
// of the same name would not reproduce.
bool is_shell_word(std::string_view w) {
  static constexpr std::string_view words[] = {
      "!",     ".",       ":",      "[[",    "{",        "}",       "alias",  "bg",
      "break", "builtin", "case",   "cd",    "command",  "continue", "declare", "do",
      "done",  "elif",    "else",   "esac",  "eval",     "exec",    "exit",   "export",
      "fg",    "fi",      "for",    "function", "getopts", "hash",  "if",     "jobs",
      "let",   "local",   "read",   "readonly", "return", "select", "set",    "shift",
      "source", "then",   "time",   "times", "trap",     "type",    "typeset", "ulimit",
      "umask", "unalias", "unset",  "until", "wait",     "while"};
  for (auto s : words)
    if (w == s) return true;
  return false;
}

bool is_assignment(std::string_view w) {
  auto eq = w.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    char c = w[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool needs_shell(std::string_view line) {
  bool word_start = true;
  bool first_word = true;
  std::size_t word_begin = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    char c = i < line.size() ? line[i] : ' ';
    if (is_blank(c)) {
      if (!word_start && first_word) {
        std::string_view w = line.substr(word_begin, i - word_begin);
        if (is_shell_word(w) || is_assignment(w)) return true;
        first_word = false;
      }
      word_start = true;
      continue;
    }
    if (word_start) {
      word_begin = i;
      if (c == '#' || c == '~') return true;
    }
    word_start = false;
    switch (c) {
      case '|': case '&': case ';': case '<': case '>': case '(': case ')': case '$':
      case '`': case '\\': case '"': case '\'': case '*': case '?': case '[': case ']':
      case '{': case '}': case '!': case '\n': case '\r':
        return true;
      default: break;
    }
  }
  return false;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string joined;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) joined += separator;
    joined += words[i];
  }
  return joined;
}

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    std::size_t b = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > b) words.emplace_back(line.substr(b, i - b));
  }
  return words;
}

}  // namespace shoal::cli

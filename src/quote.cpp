#include "shoal/quote.hpp"

namespace shoal {

namespace {

// Characters that mean nothing to any POSIX shell in any position of a word.
bool is_plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.' || c == '/' || c == ',' || c == ':' || c == '@' ||
         c == '+' || c == '%';
}

}  // namespace

std::string shell_quote(std::string_view value) {
  bool plain = !value.empty();
  for (char c : value) plain = plain && is_plain(c);
  if (plain) return std::string(value);

  // Inside single quotes nothing is special but the quote itself, which is
  // closed, escaped and reopened: it's -> 'it'\''s'.
  std::string quoted;
  quoted.reserve(value.size() + 2);
  quoted += '\'';
  for (char c : value) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  quoted += '\'';
  return quoted;
}

std::string shell_join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += shell_quote(w);
  }
  return out;
}

}  // namespace shoal

#include "shell_words.hpp"

namespace shoal::cli {

namespace {
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }
}  // namespace

Checked<std::vector<std::string>> split_shell_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;  // '' makes an (empty) word too
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (is_blank(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (++i == line.size()) return fail("ends in a backslash");
      if (line[i] != '\n') word += line[i];  // backslash-newline joins lines
    } else if (c == '\'') {
      auto end = line.find('\'', i + 1);
      if (end == std::string_view::npos) return fail("a ' is not closed");
      word += line.substr(i + 1, end - i - 1);
      i = end;
    } else if (c == '"') {
      for (++i;; ++i) {
        if (i == line.size()) return fail("a \" is not closed");
        if (line[i] == '"') break;
        if (line[i] == '\\' && i + 1 < line.size()) {
          char next = line[i + 1];
          if (next == '"' || next == '\\' || next == '$' || next == '`' || next == '\n') {
            if (next != '\n') word += next;
            ++i;
            continue;
          }
        }
        word += line[i];
      }
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

}  // namespace shoal::cli

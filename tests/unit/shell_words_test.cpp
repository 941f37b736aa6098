#include "shell_words.hpp"

#include <gtest/gtest.h>

using namespace shoal::cli;

namespace {
using V = std::vector<std::string>;
V split(std::string_view line) {
  auto words = split_shell_words(line);
  EXPECT_TRUE(words) << line << ": " << words.error();
  return words ? *words : V{};
}
std::string error_of(std::string_view line) {
  auto words = split_shell_words(line);
  EXPECT_FALSE(words) << line;
  return words.error();
}
}  // namespace

TEST(ShellWords, BlanksSeparate) { EXPECT_EQ(split(" ssh\t-p  22 "), (V{"ssh", "-p", "22"})); }

TEST(ShellWords, QuotesAndBackslashesAsAShellReadsThem) {
  EXPECT_EQ(split("ssh -F '/my dir/cfg'"), (V{"ssh", "-F", "/my dir/cfg"}));
  EXPECT_EQ(split("ssh -F \"/my dir/cfg\""), (V{"ssh", "-F", "/my dir/cfg"}));
  EXPECT_EQ(split("ssh -F /my\\ dir/cfg"), (V{"ssh", "-F", "/my dir/cfg"}));
  EXPECT_EQ(split("a'b'\"c\"d"), (V{"abcd"}));
  EXPECT_EQ(split("'' \"\""), (V{"", ""}));
  EXPECT_EQ(split("'a\\b' \"a\\b\" \"\\\"\\\\\\$\\`\""), (V{"a\\b", "a\\b", "\"\\$`"}));
  EXPECT_EQ(split("a\\\nb"), (V{"ab"}));
  // Nothing is expanded: the words go to execve.
  EXPECT_EQ(split("$HOME ~ *"), (V{"$HOME", "~", "*"}));
}

TEST(ShellWords, AnOpenQuoteIsAnError) {
  EXPECT_EQ(error_of("ssh -F '/p"), "a ' is not closed");
  EXPECT_EQ(error_of("ssh -F \"/p"), "a \" is not closed");
  EXPECT_EQ(error_of("ssh \"\\\""), "a \" is not closed");
  EXPECT_EQ(error_of("ssh \\"), "ends in a backslash");
}

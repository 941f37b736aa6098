#include "shoal/quote.hpp"

#include <gtest/gtest.h>

#include <string>

using shoal::shell_quote;

TEST(ShellQuote, PlainWordsStayAsTheyAre) {
  EXPECT_EQ(shell_quote("abc"), "abc");
  EXPECT_EQ(shell_quote("/a/b.c-d_e,f:g@h+i%j"), "/a/b.c-d_e,f:g@h+i%j");
}

TEST(ShellQuote, EmptyBecomesAnEmptyWord) { EXPECT_EQ(shell_quote(""), "''"); }

TEST(ShellQuote, ShellSyntaxIsQuoted) {
  for (std::string word : {"x; touch PWNED", "$(id)", "a b", "a\nb", "~", "X=1"})
    EXPECT_EQ(shell_quote(word), "'" + word + "'");
}

TEST(ShellQuote, SingleQuoteIsClosedEscapedReopened) {
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("'"), "''\\'''");
}

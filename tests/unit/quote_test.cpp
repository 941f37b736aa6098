#include "shoal/quote.hpp"

#include <gtest/gtest.h>

using shoal::shell_quote;

TEST(ShellQuote, PlainWordsStayAsTheyAre) {
  EXPECT_EQ(shell_quote("abc"), "abc");
  EXPECT_EQ(shell_quote("/a/b.c-d_e,f:g@h+i%j"), "/a/b.c-d_e,f:g@h+i%j");
}

TEST(ShellQuote, EmptyBecomesAnEmptyWord) { EXPECT_EQ(shell_quote(""), "''"); }

TEST(ShellQuote, ShellSyntaxIsQuoted) {
  EXPECT_EQ(shell_quote("x; touch PWNED"), "'x; touch PWNED'");
  EXPECT_EQ(shell_quote("$(id)"), "'$(id)'");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("a\nb"), "'a\nb'");
  EXPECT_EQ(shell_quote("~"), "'~'");
  EXPECT_EQ(shell_quote("X=1"), "'X=1'");
}

TEST(ShellQuote, SingleQuoteIsClosedEscapedReopened) {
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("'"), "''\\'''");
}

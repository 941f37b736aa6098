#include <gtest/gtest.h>

#include "input.hpp"

using shoal::cli::split_at_delimiter;
using shoal::cli::unquote_delimiter;

TEST(Delimiter, EscapesAsGnuParallelReadsThem) {
  EXPECT_EQ(unquote_delimiter("\\r\\n"), "\r\n");
  EXPECT_EQ(unquote_delimiter("\\t"), "\t");
  EXPECT_EQ(unquote_delimiter("\\0"), std::string(1, '\0'));
  EXPECT_EQ(unquote_delimiter("\\054"), ",");
  EXPECT_EQ(unquote_delimiter("\\12x"), std::string("\001") + "2x");  // one digit unless three
  EXPECT_EQ(unquote_delimiter("ab"), "ab");
  EXPECT_EQ(unquote_delimiter("\\\\"), "\\\\");  // GNU parallel leaves \\ as it is
  EXPECT_EQ(unquote_delimiter("a\\"), "a\\");
  EXPECT_EQ(unquote_delimiter("\\x"), "\\x");
}

TEST(Delimiter, EveryPieceOfAnArgumentCounts) {
  using V = std::vector<std::string>;
  EXPECT_EQ(split_at_delimiter("a\nb", "\n"), (V{"a", "b"}));
  EXPECT_EQ(split_at_delimiter("a\n", "\n"), (V{"a", ""}));
  EXPECT_EQ(split_at_delimiter("", "\n"), (V{""}));
  EXPECT_EQ(split_at_delimiter("xabyab", "ab"), (V{"x", "y", ""}));
  EXPECT_EQ(split_at_delimiter("a\r\nb\n", "\r\n"), (V{"a", "b\n"}));
}

#include "colsep.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace shoal::cli;

namespace {
using V = std::vector<std::string>;
V split(std::string_view pattern, std::string_view line) {
  auto splitter = ColumnSplitter::compile(pattern);
  EXPECT_TRUE(splitter) << pattern << ": " << splitter.error();
  V columns;
  if (splitter) splitter->split(line, columns);
  return columns;
}
}  // namespace

// The expectations are what perl -e 'split /RE/, $line, -1' gives.
TEST(Colsep, AsPerlSplitWithNegativeLimit) {
  EXPECT_EQ(split(",", "a,b,"), (V{"a", "b", ""}));
  EXPECT_EQ(split(",", ",a;b"), (V{"", "a;b"}));
  EXPECT_EQ(split(",", ""), (V{""}));
  EXPECT_EQ(split(",", "abc"), (V{"abc"}));
}

TEST(Colsep, CaptureGroupsAreColumnsToo) {
  EXPECT_EQ(split("(,)", "a,b,"), (V{"a", ",", "b", ",", ""}));
  EXPECT_EQ(split("(,)|(;)", ",a;b"), (V{"", ",", "", "a", "", ";", "b"}));
}

TEST(Colsep, EmptyMatchesSplitBetweenCharacters) {
  EXPECT_EQ(split("", "abc"), (V{"a", "b", "c", ""}));
  EXPECT_EQ(split(" *", "a  b"), (V{"a", "b", ""}));
  EXPECT_EQ(split("x*", "xab"), (V{"", "a", "b", ""}));
  EXPECT_EQ(split(",*", "a,b,"), (V{"a", "b", ""}));
}

TEST(Colsep, AnchorsSeeTheWholeLine) {
  EXPECT_EQ(split("^", "a,b"), (V{"a,b"}));
  EXPECT_EQ(split("\\b", "abc"), (V{"abc", ""}));
  EXPECT_EQ(split("\\b", "a,b,"), (V{"a", ",", "b", ","}));
}

TEST(Colsep, ColumnsAreTrimmedAsGnuParallelDoes) {
  EXPECT_EQ(split(",", " a , b\t,\v"), (V{"a", "b", ""}));
}

TEST(Colsep, BytesNotCharacters) {
  // Not UTF-8: split like any other line; . is any byte.
  EXPECT_EQ(split(",", "\xff,\xfe"), (V{"\xff", "\xfe"}));
  EXPECT_EQ(split("\xc3\xa9", "a\xc3\xa9" "b"), (V{"a", "b"}));
  EXPECT_EQ(split("a.b", "xa\xffqy"), (V{"xa\xffqy"}));
  EXPECT_EQ(split("a.b", "xa\xff" "by"), (V{"x", "y"}));
}

TEST(Colsep, WhatRe2LeavesOutIsRefusedInOneLine) {
  for (const char* pattern : {"(?=b)", "(?<!a)b", "(a)\\1", "(a{1000}){1000}", "(", "a**"}) {
    auto refused = ColumnSplitter::compile(pattern);
    EXPECT_FALSE(refused) << pattern;
    const std::string& error = refused.error();
    EXPECT_EQ(error.find("invalid --colsep regular expression '" + std::string(pattern) + "': "), 0u)
        << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
}

TEST(Colsep, LongRunsNeitherCrashNorExplode) {
  // std::regex recursed per character (SIGSEGV at 30 KB) and backtracked
  // exponentially on (a+)+$.
  auto start = std::chrono::steady_clock::now();
  std::string run = "a" + std::string(100000, ' ') + "b";
  EXPECT_EQ(split(" +", run), (V{"a", "b"}));
  EXPECT_EQ(split("\\s+", run), (V{"a", "b"}));
  EXPECT_EQ(split("[^,]*,", std::string(100000, 'x') + ",b"), (V{"", "b"}));
  std::string as(100000, 'a');
  EXPECT_EQ(split("(a+)+$", as + "b"), (V{as + "b"}));
  EXPECT_EQ(split("(a+)+$", as), (V{"", as, ""}));  // before, the group, after
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

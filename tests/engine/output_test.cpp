#include "shoal/output.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "leak_check.hpp"

using shoal::Output;

class OutputTest : public shoal::test_support::LeakCheck {};

TEST_F(OutputTest, SmallStaysInMemory) {
  Output o(100, "");
  o.append("hello ");
  o.append("world");
  EXPECT_FALSE(o.spilled());
  EXPECT_EQ(o.str(), "hello world");
  EXPECT_EQ(o.size(), 11u);
}

TEST_F(OutputTest, PastTheThresholdSpillsAndKeepsEveryByteInOrder) {
  Output o(10, "");
  std::string expected;
  for (int i = 0; i < 1000; ++i) {
    std::string piece = std::to_string(i) + ",";
    expected += piece;
    ASSERT_TRUE(o.append(piece));
  }
  EXPECT_TRUE(o.spilled());
  EXPECT_EQ(o.size(), expected.size());
  EXPECT_EQ(o.str(), expected);
}

TEST_F(OutputTest, WriteToCopiesSpilledAndBufferedBytes) {
  Output o(8, "");
  o.append("0123456789");  // spilled
  o.append("ab");           // still in the buffer
  FILE* f = std::tmpfile();
  EXPECT_EQ(o.write_to(fileno(f)), 0);
  std::rewind(f);
  char buf[64] = {};
  EXPECT_EQ(std::fread(buf, 1, sizeof buf, f), 12u);
  EXPECT_STREQ(buf, "0123456789ab");
  std::fclose(f);
}

TEST_F(OutputTest, MovedFromIsEmptyAndOwnsNothing) {
  Output a(4, "");
  a.append("0123456789");
  Output b = std::move(a);
  EXPECT_EQ(b.str(), "0123456789");
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): documented state
}

TEST_F(OutputTest, UnwritableSpillDirKeepsBytesInMemory) {
  Output o(4, "/nonexistent-dir-for-shoal");
  EXPECT_FALSE(o.append("0123456789"));
  EXPECT_FALSE(o.spill_error().empty());
  EXPECT_EQ(o.str(), "0123456789");
}

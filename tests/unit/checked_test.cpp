// Checked<T>: the command line's value-or-message.
#include "checked.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

using namespace shoal::cli;

namespace {
Checked<int> half(int n) {
  if (n % 2 != 0) return fail(std::to_string(n) + " is odd");
  return n / 2;
}
Checked<int> quarter(int n) {
  auto h = half(n);
  if (!h) return h.failure();  // passed up unchanged
  return half(*h);
}
Checked<void> even(int n) {
  if (n % 2 != 0) return fail("odd");
  return {};
}
}  // namespace

TEST(Checked, HoldsTheValue) {
  auto c = half(8);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, 4);
  EXPECT_EQ(c.error(), "");
}

TEST(Checked, HoldsTheMessageAndPassesItUp) {
  auto c = quarter(6);  // 6 -> 3, odd
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "3 is odd");
}

TEST(Checked, VoidSaysOnlyWhetherAndWhy) {
  EXPECT_TRUE(even(2));
  auto bad = even(3);
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error(), "odd");
}

TEST(Checked, MovesOutMoveOnlyValues) {
  Checked<std::unique_ptr<int>> c = std::make_unique<int>(7);
  std::unique_ptr<int> p = std::move(c).value();
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, 7);
}

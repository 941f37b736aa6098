#include "scheduler.hpp"

#include <gtest/gtest.h>

using shoal::cli::Scheduler;

TEST(Scheduler, StartsUpToTheLimit) {
  Scheduler s(2);
  EXPECT_TRUE(s.can_start());
  s.start();
  s.start();
  EXPECT_FALSE(s.can_start());
  EXPECT_EQ(s.running(), 2u);
}

TEST(Scheduler, SlotsAreTheLowestFreeNumbers) {
  Scheduler s(3);
  EXPECT_EQ(s.start(), 1u);
  EXPECT_EQ(s.start(), 2u);
  EXPECT_EQ(s.start(), 3u);
  s.finish(2);
  s.finish(1);
  EXPECT_EQ(s.start(), 1u);
  EXPECT_EQ(s.start(), 2u);
}

TEST(Scheduler, StopStartsNothingNew) {
  Scheduler s(5);
  s.start();
  s.stop();
  EXPECT_FALSE(s.can_start());
}

TEST(Scheduler, ResourceShortageCapsToWhatRunsAndRetries) {
  Scheduler s(100);
  for (int i = 0; i < 7; ++i) s.start();
  EXPECT_TRUE(s.resource_exhausted());
  EXPECT_EQ(s.limit(), 7u);
  EXPECT_TRUE(s.take_cap_notice());
  EXPECT_FALSE(s.take_cap_notice());  // warned once only
  EXPECT_FALSE(s.can_start());
  s.finish(3);
  EXPECT_TRUE(s.can_start());
}

TEST(Scheduler, ResourceShortageWithNothingRunningIsFinal) {
  Scheduler s(4);
  EXPECT_FALSE(s.resource_exhausted());
  EXPECT_FALSE(s.take_cap_notice());
}

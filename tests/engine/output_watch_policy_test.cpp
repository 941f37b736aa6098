// OutputWatchPolicy without processes: when a starting job's pipes are
// watched at once and when they wait.
#include "output_watch_policy.hpp"

#include <gtest/gtest.h>

using shoal::OutputWatchPolicy;

TEST(OutputWatchPolicy, ARunStartsWithUnwatchedPipesUnlessOutputIsFollowed) {
  OutputWatchPolicy policy;
  EXPECT_FALSE(policy.watch_at_start(false));
  EXPECT_TRUE(policy.watch_at_start(true));
}

TEST(OutputWatchPolicy, AChattyJobMakesTheNextJobsWatchedAtStart) {
  OutputWatchPolicy policy;
  policy.job_ended(OutputWatchPolicy::chatty_bytes + 1);
  EXPECT_TRUE(policy.watch_at_start(false));
}

TEST(OutputWatchPolicy, ExactlyTheThresholdIsStillQuiet) {
  OutputWatchPolicy policy;
  policy.job_ended(OutputWatchPolicy::chatty_bytes);
  EXPECT_FALSE(policy.watch_at_start(false));
}

TEST(OutputWatchPolicy, EnoughQuietJobsInARowMakeNewJobsUnwatchedAgain) {
  OutputWatchPolicy policy;
  policy.job_ended(1 << 20);
  for (int i = 1; i < OutputWatchPolicy::quiet_jobs_needed; ++i) {
    policy.job_ended(10);
    EXPECT_TRUE(policy.watch_at_start(false)) << "after " << i << " quiet jobs";
  }
  policy.job_ended(0);
  EXPECT_FALSE(policy.watch_at_start(false));
}

TEST(OutputWatchPolicy, OneChattyJobAmongQuietOnesStartsTheCountAgain) {
  OutputWatchPolicy policy;
  for (int i = 0; i < OutputWatchPolicy::quiet_jobs_needed - 1; ++i) policy.job_ended(0);
  policy.job_ended(1 << 16);
  policy.job_ended(0);
  EXPECT_TRUE(policy.watch_at_start(false));
}

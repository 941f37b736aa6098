// CapturePolicy without processes: how a starting job's output pipes are
// watched.
#include "capture_policy.hpp"

#include <gtest/gtest.h>

using shoal::CaptureMode;
using shoal::CapturePolicy;

TEST(CapturePolicy, ARunStartsWithPipesWatchedLate) {
  CapturePolicy policy;
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched_later);
}

TEST(CapturePolicy, FollowedOutputAlwaysTakesPipesWatchedAtOnce) {
  CapturePolicy policy;
  EXPECT_EQ(policy.for_new_job(true), CaptureMode::pipes_watched);
  policy.job_ended(100 * 1024, 0);
  EXPECT_EQ(policy.for_new_job(true), CaptureMode::pipes_watched);
}

TEST(CapturePolicy, AfterAChattyJobNewJobsGetAPipeToHoldTheirOutput) {
  CapturePolicy policy;
  policy.job_ended(CapturePolicy::chatty_bytes + 1, 0);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_held);
}

TEST(CapturePolicy, ExactlyTheThresholdIsStillQuiet) {
  CapturePolicy policy;
  policy.job_ended(CapturePolicy::chatty_bytes, 0);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched_later);
}

TEST(CapturePolicy, EnoughQuietJobsInARowGoBackToPipesWatchedLate) {
  CapturePolicy policy;
  policy.job_ended(100 * 1024, 0);
  for (int i = 1; i < CapturePolicy::calm_jobs_needed; ++i) {
    policy.job_ended(10, 0);
    EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_held) << "after " << i << " quiet jobs";
  }
  policy.job_ended(0, 0);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched_later);
}

TEST(CapturePolicy, OneChattyJobAmongQuietOnesStartsTheCountAgain) {
  CapturePolicy policy;
  for (int i = 0; i < CapturePolicy::calm_jobs_needed - 1; ++i) policy.job_ended(0, 0);
  policy.job_ended(1 << 16, 0);
  policy.job_ended(0, 0);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_held);
}

// A job that prints more than a grown pipe holds would stop on its full
// pipe until the late watch: after one, new jobs are read from the start.
TEST(CapturePolicy, AfterAHugeOutputNewJobsAreWatchedAtOnce) {
  CapturePolicy policy;
  policy.job_ended(CapturePolicy::huge_bytes + 1, 0);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched);
  for (int i = 1; i < CapturePolicy::calm_jobs_needed; ++i) {
    policy.job_ended(100 * 1024, 0);  // chatty, not huge
    EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched) << "after " << i;
  }
  policy.job_ended(CapturePolicy::huge_bytes, 0);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_held);
}

// Only stdout is held: a job chatty on stderr would wait on its ordinary
// stderr pipe for the late watch, so after one new jobs are read at once.
TEST(CapturePolicy, AfterAChattyStderrNewJobsAreWatchedAtOnce) {
  CapturePolicy policy;
  policy.job_ended(0, CapturePolicy::chatty_bytes + 1);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched);
  policy.job_ended(100 * 1024, 100 * 1024);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched);
  for (int i = 0; i < CapturePolicy::calm_jobs_needed; ++i) policy.job_ended(100 * 1024, 10);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_held);
}

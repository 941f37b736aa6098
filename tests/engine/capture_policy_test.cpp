// CapturePolicy without processes: how a starting job's output is captured.
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
  policy.job_ended(1 << 20);
  EXPECT_EQ(policy.for_new_job(true), CaptureMode::pipes_watched);
}

TEST(CapturePolicy, AfterAChattyJobNewJobsWriteIntoFiles) {
  CapturePolicy policy;
  policy.job_ended(CapturePolicy::chatty_bytes + 1);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::files);
}

TEST(CapturePolicy, ExactlyTheThresholdIsStillQuiet) {
  CapturePolicy policy;
  policy.job_ended(CapturePolicy::chatty_bytes);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched_later);
}

TEST(CapturePolicy, EnoughQuietJobsInARowGoBackToPipes) {
  CapturePolicy policy;
  policy.job_ended(1 << 20);
  for (int i = 1; i < CapturePolicy::quiet_jobs_needed; ++i) {
    policy.job_ended(10);
    EXPECT_EQ(policy.for_new_job(false), CaptureMode::files) << "after " << i << " quiet jobs";
  }
  policy.job_ended(0);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched_later);
}

TEST(CapturePolicy, OneChattyJobAmongQuietOnesStartsTheCountAgain) {
  CapturePolicy policy;
  for (int i = 0; i < CapturePolicy::quiet_jobs_needed - 1; ++i) policy.job_ended(0);
  policy.job_ended(1 << 16);
  policy.job_ended(0);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::files);
}

TEST(CapturePolicy, WhenFilesCannotBeMadeChattyJobsTakeWatchedPipes) {
  CapturePolicy policy;
  policy.job_ended(1 << 20);
  policy.files_failed();
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched);
}

TEST(CapturePolicy, WhenFilesAreNotAllowedChattyJobsTakeWatchedPipes) {
  CapturePolicy policy(false);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched_later);
  policy.job_ended(1 << 20);
  EXPECT_EQ(policy.for_new_job(false), CaptureMode::pipes_watched);
}

#include "retry.hpp"

#include <gtest/gtest.h>

using namespace shoal::cli;
using shoal::Status;
using std::chrono::milliseconds;

TEST(RetryPolicy, OneTryMeansNoRetry) {
  RetryPolicy p;
  EXPECT_FALSE(p.should_retry(Status::failed, 1));
}

TEST(RetryPolicy, RetriesUntilTriesAreUsedUp) {
  RetryPolicy p{3};
  EXPECT_TRUE(p.should_retry(Status::failed, 1));
  EXPECT_TRUE(p.should_retry(Status::timeout, 2));
  EXPECT_FALSE(p.should_retry(Status::failed, 3));
  EXPECT_FALSE(p.should_retry(Status::ok, 1));
}

TEST(RetryPolicy, ZeroTriesMeansUntilItSucceeds) {
  RetryPolicy p{0};
  EXPECT_TRUE(p.should_retry(Status::killed, 1000));
  EXPECT_FALSE(p.should_retry(Status::ok, 1000));
}

TEST(RetryPolicy, FixedDelay) {
  RetryPolicy p{5, 1.5};
  EXPECT_EQ(p.wait_before(2, 0.9), milliseconds(1500));
  EXPECT_EQ(p.wait_before(4, 0.1), milliseconds(1500));
}

TEST(RetryPolicy, BackoffDoublesWithJitterAndACap) {
  RetryPolicy p{0, 1.0, true, 10};
  EXPECT_EQ(p.wait_before(2, 0.0), milliseconds(500));    // 1 s, jittered to 50%
  EXPECT_EQ(p.wait_before(2, 0.999), milliseconds(1000));  // ... up to 100%
  EXPECT_EQ(p.wait_before(3, 0.0), milliseconds(1000));   // 2 s
  EXPECT_EQ(p.wait_before(4, 0.0), milliseconds(2000));   // 4 s
  EXPECT_EQ(p.wait_before(50, 0.0), milliseconds(5000));  // capped at 10 s
}

// Tasks and the pool's accounting on a hub with a manual clock: no
// processes, and time moves only when the test (or a wait with nothing else
// to do) moves it, so timings are checked exactly, not with tolerances.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "manual_clock.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

using VirtualTime = test_support::ManualClock;

Task<int> answer() { co_return 42; }

Task<int> sleepy(Hub::Duration d, int value, std::vector<int>* log = nullptr) {
  co_await shoal::sleep(d);
  if (log) log->push_back(value);
  co_return value;
}

Task<void> boom() {
  co_await shoal::sleep(1s);
  throw std::runtime_error("boom");
}

}  // namespace

TEST_F(VirtualTime, ATaskGivesItsValue) {
  Pool pool(hub, 4);
  auto h = pool.spawn(answer());
  auto& r = h.wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 42);
  EXPECT_TRUE(h.done());
}

TEST_F(VirtualTime, AnExceptionBecomesAnErrorValue) {
  Pool pool(hub, 4);
  auto r = pool.spawn(boom()).wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::exception);
  EXPECT_EQ(r.error().message, "boom");
  EXPECT_THROW(r.value(), std::runtime_error);
}

TEST_F(VirtualTime, AwaitingATaskGivesItsValueAndPassesOnWhatItThrows) {
  Pool pool(hub, 4);
  auto outer = []() -> Task<std::string> {
    int v = co_await sleepy(2s, 7);
    try {
      co_await boom();
    } catch (const std::runtime_error& e) {
      co_return std::to_string(v) + " " + e.what();
    }
    co_return "not thrown";
  };
  auto r = pool.spawn(outer()).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "7 boom");
  EXPECT_EQ(elapsed(), 3s);
}

TEST_F(VirtualTime, SleepsEndInTheOrderOfTheirDeadlines) {
  Pool pool(hub, 10);
  std::vector<int> log;
  pool.spawn_n(sleepy(3s, 3, &log));
  pool.spawn_n(sleepy(1s, 1, &log));
  pool.spawn_n(sleepy(2s, 2, &log));
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(log, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(elapsed(), 3s);
}

TEST_F(VirtualTime, JobsStartInSpawnOrder) {
  Pool pool(hub, 1);
  std::vector<int> log;
  for (int i = 0; i < 5; ++i) pool.spawn_n(sleepy(0s, i, &log));
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(log, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST_F(VirtualTime, SpawnPastTheSizeWaitsForASlot) {
  Pool pool(hub, 2);
  for (int i = 0; i < 5; ++i) pool.spawn_n(sleepy(10s, i));
  EXPECT_EQ(pool.running(), 2u);
  EXPECT_EQ(pool.waiting(), 3u);
  EXPECT_EQ(pool.free(), 0u);
  // Two at a time, 10 s each: 30 s for five.
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(elapsed(), 30s);
  EXPECT_EQ(pool.running(), 0u);
  EXPECT_EQ(pool.waiting(), 0u);
  EXPECT_EQ(pool.free(), 2u);
}

TEST_F(VirtualTime, ResizeGrowsAtOnceAndShrinksAsJobsEnd) {
  Pool pool(hub, 2);
  for (int i = 0; i < 5; ++i) pool.spawn_n(sleepy(10s, i));
  pool.resize(4);
  EXPECT_EQ(pool.running(), 4u);
  EXPECT_EQ(pool.waiting(), 1u);
  EXPECT_EQ(pool.free(), 0u);

  pool.resize(1);  // running jobs are not disturbed
  EXPECT_EQ(pool.running(), 4u);
  EXPECT_EQ(pool.free(), 0u);
  EXPECT_EQ(pool.waiting(), 1u);
  EXPECT_EQ(pool.size(), 1u);

  hub.advance(10s);  // the four end; only then does the fifth start
  EXPECT_EQ(pool.running(), 1u);
  EXPECT_EQ(pool.waiting(), 0u);
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(elapsed(), 20s);
}

TEST_F(VirtualTime, SpawnAfterStartsWhenItsDelayHasPassed) {
  Pool pool(hub, 4);
  Hub::Clock::time_point started{};
  auto task = [&]() -> Task<void> {
    started = hub.now();
    co_return;
  };
  auto h = pool.spawn_after(5s, task);
  EXPECT_EQ(pool.delayed(), 1u);
  EXPECT_EQ(pool.running(), 0u);
  EXPECT_EQ(pool.waiting(), 0u);
  hub.advance(4999ms);
  EXPECT_FALSE(h.done());
  hub.advance(1ms);
  EXPECT_TRUE(h.done());
  EXPECT_EQ(started - start, 5s);
  EXPECT_EQ(pool.delayed(), 0u);
}

TEST_F(VirtualTime, ACallableIsCalledWithCopiesOfItsArguments) {
  Pool pool(hub, 4);
  auto greet = [](const std::string& who) -> Task<std::string> {
    co_await shoal::sleep(1s);  // the caller's string is gone by now
    co_return "hello " + who;
  };
  GreenThread<std::string> h;
  {
    std::string name = "world";
    h = pool.spawn(greet, name);
  }
  EXPECT_EQ(*h.wait(), "hello world");
}

TEST_F(VirtualTime, CancellingASleepingTaskUnwindsIt) {
  Pool pool(hub, 4);
  bool cleaned_up = false;
  auto task = [&]() -> Task<int> {
    try {
      co_await shoal::sleep(1h);
    } catch (const Cancelled&) {
      cleaned_up = true;
      throw;
    }
    co_return 1;
  };
  auto h = pool.spawn(task);
  hub.advance(1s);
  h.cancel();
  auto& r = h.wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::cancelled);
  EXPECT_TRUE(cleaned_up);
  EXPECT_EQ(elapsed(), 1s);
  EXPECT_EQ(pool.running(), 0u);
}

TEST_F(VirtualTime, CancellingAQueuedJobMeansItNeverRuns) {
  Pool pool(hub, 1);
  std::vector<int> log;
  pool.spawn_n(sleepy(1s, 1, &log));
  auto queued = pool.spawn(sleepy(1s, 2, &log));
  auto delayed = pool.spawn_after(1s, sleepy(1s, 3, &log));
  EXPECT_EQ(pool.waiting(), 1u);
  queued.cancel();
  delayed.cancel();
  EXPECT_EQ(pool.waiting(), 0u);
  EXPECT_EQ(pool.delayed(), 0u);
  EXPECT_EQ(queued.wait().error().code, Errc::cancelled);
  EXPECT_EQ(delayed.wait().error().code, Errc::cancelled);
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(log, std::vector<int>{1});
}

TEST_F(VirtualTime, ATaskAwaitsAHandle) {
  Pool pool(hub, 4);
  auto h = pool.spawn(sleepy(5s, 5));
  auto waiter = [&]() -> Task<int> {
    auto& r = co_await h;
    co_return *r + 1;
  };
  EXPECT_EQ(*pool.spawn(waiter).wait(), 6);
  EXPECT_EQ(*pool.spawn([&]() -> Task<int> { co_return *(co_await pool.spawn(answer())); }).wait(),
            42);
}

TEST_F(VirtualTime, WithTimeoutGivesTheValueOrTimedOut) {
  Pool pool(hub, 4);
  auto limited = [](Hub::Duration limit, Hub::Duration takes) -> Task<std::string> {
    auto r = co_await with_timeout(limit, sleepy(takes, 1));
    if (r) co_return "value";
    co_return std::string(to_string(r.error().code));
  };
  EXPECT_EQ(*pool.spawn(limited(10min, 1min)).wait(), "value");
  EXPECT_EQ(elapsed(), 1min);
  EXPECT_EQ(*pool.spawn(limited(10min, 1h)).wait(), "timed out");
  EXPECT_EQ(elapsed(), 11min);
}

TEST_F(VirtualTime, CancellingTheOuterTaskCancelsTheInnerOneToo) {
  Pool pool(hub, 4);
  auto outer = []() -> Task<int> {
    auto r = co_await with_timeout(1h, sleepy(2h, 1));  // throws Cancelled
    co_return r ? 1 : 2;
  };
  auto h = pool.spawn(outer);
  hub.advance(1min);
  h.cancel();
  EXPECT_EQ(h.wait().error().code, Errc::cancelled);
  EXPECT_EQ(elapsed(), 1min);
}

TEST_F(VirtualTime, SleepZeroYieldsToTheOtherTasks) {
  Pool pool(hub, 4);
  std::string log;
  auto worker = [&](char c) -> Task<void> {
    for (int i = 0; i < 3; ++i) {
      log += c;
      co_await shoal::sleep();
    }
  };
  pool.spawn_n(worker, 'a');
  pool.spawn_n(worker, 'b');
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(log, "ababab");
  EXPECT_EQ(elapsed(), 0s);
}

TEST_F(VirtualTime, WaitingForWhatCanNeverFinishIsADeadlockNotAHang) {
  Pool pool(hub, 1);
  GreenThread<int> second;
  auto first = pool.spawn([&]() -> Task<int> { co_return *(co_await second); });
  second = pool.spawn(answer());  // queued behind `first`, which waits for it
  auto& r = first.wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::deadlock);
  pool.cancel_all();
}

TEST_F(VirtualTime, ABlockingWaitInsideTheLoopIsAnErrorNotAHang) {
  Pool pool(hub, 2);
  auto other = pool.spawn(sleepy(1s, 1));
  auto task = [&]() -> Task<Errc> {
    auto& r = other.wait();  // wrong inside a task; must not re-enter the loop
    co_return r ? Errc::exception : r.error().code;
  };
  EXPECT_EQ(*pool.spawn(task).wait(), Errc::inside_loop);
}

TEST_F(VirtualTime, SpawnNReportsAFailureOnStderr) {
  Pool pool(hub, 2);
  ::testing::internal::CaptureStderr();
  pool.spawn_n(boom());
  ASSERT_TRUE(pool.wait_all());
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("boom"), std::string::npos) << err;
}

TEST_F(VirtualTime, DestroyingAPoolCancelsItsJobs) {
  std::vector<int> log;
  {
    Pool pool(hub, 1);
    pool.spawn_n(sleepy(1h, 1, &log));
    pool.spawn_n(sleepy(1h, 2, &log));
    hub.advance(1s);
  }
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(elapsed(), 1s);
}

// Looping calls and retry on a manual clock: start-to-start periods,
// overrun warnings, stop from inside and outside, back-off waits and the
// total timeout, retry counts and delays -- all checked to the exact
// virtual time.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "manual_clock.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

class Looping : public test_support::ManualClock {
 protected:
  Pool pool{hub, 10};
};

}  // namespace

TEST_F(Looping, FixedIntervalIsMeasuredStartToStart) {
  std::vector<Hub::Duration> starts;
  FixedIntervalLoopingCall<std::string> call([&]() -> Task<LoopStep<std::string>> {
    starts.push_back(elapsed());
    co_await shoal::sleep(200ms);  // the run itself takes a while
    if (starts.size() == 4) co_return LoopingCallDone{std::string("ACTIVE")};
    co_return {};
  });
  auto r = pool.spawn(call.start(500ms, {.initial_delay = 1s})).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "ACTIVE");
  EXPECT_EQ(starts, (std::vector<Hub::Duration>{1000ms, 1500ms, 2000ms, 2500ms}));
  EXPECT_EQ(elapsed(), 2700ms);
}

TEST_F(Looping, AnOverrunIsReportedAndTheNextRunStartsAtOnce) {
  std::vector<Hub::Duration> starts, late;
  FixedIntervalLoopingCall<> call([&]() -> Task<LoopStep<>> {
    starts.push_back(elapsed());
    co_await shoal::sleep(starts.size() == 1 ? 700ms : 100ms);
    if (starts.size() == 3) co_return LoopingCallDone{};
    co_return {};
  });
  FixedIntervalOptions options;
  options.on_overrun = [&](Hub::Duration d) { late.push_back(d); };
  ASSERT_TRUE(pool.spawn(call.start(500ms, options)).wait());
  EXPECT_EQ(starts, (std::vector<Hub::Duration>{0ms, 700ms, 1200ms}));
  EXPECT_EQ(late, std::vector<Hub::Duration>{200ms});
}

TEST_F(Looping, StopEndsTheWaitAtOnceAndTheLoopWithoutAValue) {
  int runs = 0;
  FixedIntervalLoopingCall<int> call([&]() -> Task<LoopStep<int>> {
    ++runs;
    co_return {};
  });
  auto h = pool.spawn(call.start(10s));
  hub.advance(25s);  // runs at 0, 10 and 20 s
  call.stop();
  auto& r = h.wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::stopped);
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(elapsed(), 25s);
}

TEST_F(Looping, AThrowingRunEndsTheLoopUnlessToldToGoOn) {
  int runs = 0;
  auto flaky = [&]() -> Task<LoopStep<int>> {
    if (++runs < 3) throw std::runtime_error("flaky");
    co_return LoopingCallDone{runs};
  };
  FixedIntervalLoopingCall<int> strict(flaky);
  auto r = pool.spawn(strict.start(1s)).wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "flaky");

  runs = 0;
  std::vector<std::string> reported;
  FixedIntervalOptions lenient;
  lenient.stop_on_exception = false;
  lenient.on_exception = [&](const Error& e) { reported.push_back(e.message); };
  FixedIntervalLoopingCall<int> call(flaky);
  auto r2 = pool.spawn(call.start(1s, lenient)).wait();
  ASSERT_TRUE(r2);
  EXPECT_EQ(*r2, 3);
  EXPECT_EQ(reported, (std::vector<std::string>{"flaky", "flaky"}));
}

TEST_F(Looping, CancellingTheTaskInterruptsTheCurrentRun) {
  bool unwound = false;
  FixedIntervalLoopingCall<> call([&]() -> Task<LoopStep<>> {
    try {
      co_await shoal::sleep(1h);
    } catch (const Cancelled&) {
      unwound = true;
      throw;
    }
    co_return {};
  });
  auto h = pool.spawn(call.start(1s));
  hub.advance(1min);
  h.cancel();
  EXPECT_EQ(h.wait().error().code, Errc::cancelled);
  EXPECT_TRUE(unwound);
  EXPECT_EQ(elapsed(), 1min);
}

TEST_F(Looping, BackOffDoublesWithJitterAndResetsOnSuccess) {
  std::vector<Hub::Duration> starts;
  // fail, fail, fail, succeed, fail, done
  std::vector<bool> outcomes{false, false, false, true, false};
  BackOffLoopingCall<int> call([&]() -> Task<LoopStep<int>> {
    starts.push_back(elapsed());
    if (starts.size() > outcomes.size()) co_return LoopingCallDone{7};
    co_return static_cast<bool>(outcomes[starts.size() - 1]);
  });
  BackOffOptions o;
  o.starting_interval = 1s;
  o.jitter = 0.75;
  o.jitter_spread = 0;  // exact waits: each failure multiplies by 2 * 0.75
  auto r = pool.spawn(call.start(o)).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 7);
  // waits: 1.5, 2.25, 3.375 (failures), 1 (success resets), 1.5 (failure)
  EXPECT_EQ(starts, (std::vector<Hub::Duration>{0ms, 1500ms, 3750ms, 7125ms, 8125ms, 9625ms}));
}

TEST_F(Looping, BackOffGivesUpAfterItsTotalTimeout) {
  int runs = 0;
  BackOffLoopingCall<> call([&]() -> Task<LoopStep<>> {
    ++runs;
    co_return false;
  });
  BackOffOptions o;
  o.jitter_spread = 0;
  o.timeout = 5s;  // 1.5 + 2.25 = 3.75; another 3.375 would pass it
  auto r = pool.spawn(call.start(o)).wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::timed_out);
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(elapsed(), 3750ms);
}

TEST(BackOffArithmetic, JitteredWaitsStayWithinTheirBounds) {
  BackOffOptions o;
  o.starting_interval = 100ms;
  o.max_interval = 2s;
  o.min_interval = 50ms;
  o.timeout = 0s;
  o.seed = 12345;
  detail::BackOff b(o);
  Hub::Duration last = 100ms;
  for (int i = 0; i < 1000; ++i) {
    auto wait = b.next(i % 10 != 9);
    ASSERT_TRUE(wait);
    EXPECT_GE(*wait, 50ms);
    EXPECT_LE(*wait, 2s);
    if (i % 10 == 9) {
      // A failure: around twice the last wait (2 * N(0.75, 0.1), so almost
      // surely between 0.5x and 2.5x), unless capped.
      EXPECT_GT(*wait, last / 2);
      EXPECT_LT(*wait, last * 5 / 2 + 1ms);
    } else {
      EXPECT_EQ(*wait, 100ms);
    }
    last = *wait;
  }
}

TEST_F(Looping, RetryTriesAgainAfterGrowingDelays) {
  int tries = 0;
  auto flaky = [&]() -> Task<std::string> {
    if (++tries < 3) throw std::runtime_error("try " + std::to_string(tries));
    co_return "worked";
  };
  auto task = [&]() -> Task<std::string> {
    co_return co_await retry(flaky, {.tries = 5, .delay = 1s, .backoff = 2});
  };
  EXPECT_EQ(*pool.spawn(task).wait(), "worked");
  EXPECT_EQ(tries, 3);
  EXPECT_EQ(elapsed(), 3s);  // 1 s, then 2 s
}

TEST_F(Looping, RetryGivesUpAfterItsTriesWithTheLastError) {
  int tries = 0;
  auto always = [&]() -> Task<void> {
    ++tries;
    throw std::runtime_error("try " + std::to_string(tries));
    co_return;
  };
  auto r = pool.spawn([&] { return retry(always, {.tries = 3, .delay = 1s, .max_delay = 1s}); })
               .wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "try 3");
  EXPECT_EQ(elapsed(), 2s);
}

TEST_F(Looping, RetryOnAValueThePredicateRejects) {
  int tries = 0;
  auto count = [&]() -> Task<int> { co_return ++tries; };
  auto below_four = [](const Expected<int>& r) { return !r || *r < 4; };
  auto r = pool.spawn([&] { return retry(count, {.tries = 10, .delay = 1s}, below_four); }).wait();
  EXPECT_EQ(*r, 4);
}

// oslo's FixedIntervalWithTimeoutLoopingCall: the timeout is checked as
// each run ends, counted from start() (the initial delay included).
TEST_F(Looping, FixedIntervalWithTimeoutEndsAfterTheRunThatPassesIt) {
  std::vector<Hub::Duration> starts;
  FixedIntervalWithTimeoutLoopingCall<> call([&]() -> Task<LoopStep<>> {
    starts.push_back(elapsed());
    co_await shoal::sleep(200ms);
    co_return {};
  });
  FixedIntervalOptions options;
  options.initial_delay = 500ms;
  options.timeout = 3500ms;
  auto r = pool.spawn(call.start(1s, options)).wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::timed_out);
  EXPECT_EQ(starts, (std::vector<Hub::Duration>{500ms, 1500ms, 2500ms, 3500ms}));
  EXPECT_EQ(elapsed(), 3700ms);
}

// oslo's DynamicLoopingCall: each run names its wait, measured from its
// end; none means periodic_interval_max, which also caps them.
TEST_F(Looping, DynamicLoopingCallWaitsWhatEachRunAsks) {
  std::vector<Hub::Duration> starts;
  DynamicLoopingCall<int> call([&]() -> Task<LoopStep<int>> {
    starts.push_back(elapsed());
    co_await shoal::sleep(100ms);
    switch (starts.size()) {
      case 1: co_return 1s;
      case 2: co_return std::chrono::milliseconds(1900);
      case 3: co_return {};     // the maximum
      case 4: co_return 10min;  // capped
      default: co_return LoopingCallDone{7};
    }
  });
  auto r = pool.spawn(call.start({.initial_delay = 1s, .periodic_interval_max = 2s})).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(starts, (std::vector<Hub::Duration>{1000ms, 2100ms, 4100ms, 6200ms, 8300ms}));
}

TEST_F(Looping, DynamicLoopingCallWithNoWaitAndNoMaximumIsAnError) {
  DynamicLoopingCall<> call([]() -> Task<LoopStep<>> { co_return {}; });
  auto r = pool.spawn(call.start()).wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::exception);
  EXPECT_NE(r.error().message.find("periodic_interval_max"), std::string::npos);
}

TEST_F(Looping, DynamicLoopingCallStopsFromOutside) {
  int runs = 0;
  DynamicLoopingCall<> call([&]() -> Task<LoopStep<>> {
    ++runs;
    co_return 1s;
  });
  auto h = pool.spawn(call.start());
  hub.advance(2500ms);
  call.stop();
  EXPECT_EQ(h.wait().error().code, Errc::stopped);
  EXPECT_EQ(runs, 3);
}

// Durations at their extremes (issue 13, item 11). A deadline is "now plus
// a duration"; with Hub::Duration::max() that sum overflowed, and the hub
// then stopped firing every other timer. Each test here leaves a
// max-duration sleep, delay, timeout or looping wait pending and checks
// that another timer on the same hub still fires at its exact time; and
// that a negative duration means "now". All on a manual clock but the
// last, which watches the hub's real loop timer.
#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "manual_clock.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

constexpr Hub::Duration forever = Hub::Duration::max();

Task<int> one() { co_return 1; }

class Extremes : public test_support::ManualClock {
 protected:
  // A task that notes the virtual time at which its sleep ended.
  Task<void> note_after(Hub::Duration d, std::optional<Hub::Duration>* at) {
    co_await shoal::sleep(d);
    *at = elapsed();
  }
  // `loop` runs `call`, whose wait is forever: in an hour it has run once
  // (`runs`) while a 1 s sleep beside it ended on time; stop() ends it.
  template <class Call, class Handle>
  void expect_one_run_in_an_hour(Pool& pool, Call& call, Handle& loop, const int& runs) {
    std::optional<Hub::Duration> other;
    pool.spawn_n(note_after(1s, &other));
    hub.advance(1h);
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(other, Hub::Duration(1s));
    call.stop();
    EXPECT_EQ(loop.wait().error().code, Errc::stopped);
  }
};

}  // namespace

TEST_F(Extremes, ASleepOfDurationMaxNeverEndsAndOtherSleepsStillDo) {
  Pool pool(hub, 4);
  std::optional<Hub::Duration> long_one, short_one;
  auto never = pool.spawn(note_after(forever, &long_one));
  auto soon = pool.spawn(note_after(1s, &short_one));
  hub.advance(1h);
  EXPECT_EQ(short_one, Hub::Duration(1s));
  EXPECT_FALSE(long_one) << "a sleep(max) ended after "
                         << std::chrono::duration<double>(*long_one).count() << " s";
  EXPECT_FALSE(never.done());
  never.cancel();
  EXPECT_EQ(never.wait().error().code, Errc::cancelled);
}

TEST_F(Extremes, DurationsNearMaxAreNeverToo) {
  Pool pool(hub, 4);
  std::optional<Hub::Duration> a, b, c;
  pool.spawn_n(note_after(forever - 1s, &a));
  pool.spawn_n(note_after(forever / 2 + forever / 3, &b));
  pool.spawn_n(note_after(2s, &c));
  hub.advance(1h);
  EXPECT_EQ(c, Hub::Duration(2s));
  EXPECT_FALSE(a);
  EXPECT_FALSE(b);
  pool.cancel_all();
}

TEST_F(Extremes, WaitingForASleepThatNeverEndsIsADeadlockNotAJumpToTheEndOfTime) {
  Pool pool(hub, 4);
  std::optional<Hub::Duration> at;
  auto h = pool.spawn(note_after(forever, &at));
  auto& r = h.wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::deadlock);
  EXPECT_FALSE(at);
  EXPECT_EQ(elapsed(), 0s);
  h.cancel();
}

TEST_F(Extremes, SpawnAfterDurationMaxStaysDelayedAndOtherDelaysStillPass) {
  Pool pool(hub, 4);
  auto never = pool.spawn_after(forever, one());
  std::optional<Hub::Duration> at;
  pool.spawn_after(3s, [&]() -> Task<void> {
    at = elapsed();
    co_return;
  });
  hub.advance(1h);
  EXPECT_EQ(at, Hub::Duration(3s));
  EXPECT_FALSE(never.done());
  EXPECT_EQ(pool.delayed(), 1u);
  never.cancel();
  EXPECT_EQ(pool.delayed(), 0u);
}

TEST_F(Extremes, WithTimeoutOfDurationMaxIsNoLimit) {
  Pool pool(hub, 4);
  std::optional<Hub::Duration> other;
  pool.spawn_n(note_after(1s, &other));
  auto limited = [this]() -> Task<std::string> {
    auto r = co_await with_timeout(forever, [this]() -> Task<int> {
      co_await shoal::sleep(2s);
      co_return 7;
    }());
    if (!r) co_return std::string(to_string(r.error().code));
    co_return std::to_string(*r) + " at " + std::to_string(elapsed() / 1s) + " s";
  };
  auto h = pool.spawn(limited);
  EXPECT_EQ(*h.wait(), "7 at 2 s");
  EXPECT_EQ(other, Hub::Duration(1s));
}

TEST_F(Extremes, ANegativeDurationIsNow) {
  Pool pool(hub, 4);
  std::optional<Hub::Duration> slept, slept_min;
  pool.spawn_n(note_after(-5s, &slept));
  pool.spawn_n(note_after(Hub::Duration::min(), &slept_min));
  std::optional<Hub::Duration> delayed;
  pool.spawn_after(Hub::Duration::min(), [&]() -> Task<void> {
    delayed = elapsed();
    co_return;
  });
  auto r = pool.spawn([]() -> Task<std::string> {
                 auto t = co_await with_timeout(-1s, []() -> Task<int> {
                   co_await shoal::sleep(1s);
                   co_return 1;
                 }());
                 co_return t ? "value" : std::string(to_string(t.error().code));
               }).wait();
  EXPECT_EQ(*r, "timed out");
  EXPECT_EQ(slept, Hub::Duration(0s));
  EXPECT_EQ(slept_min, Hub::Duration(0s));
  EXPECT_EQ(delayed, Hub::Duration(0s));
  EXPECT_EQ(elapsed(), 0s);
}

TEST_F(Extremes, AdvanceSaturatesAndNeverGoesBack) {
  Pool pool(hub, 4);
  std::optional<Hub::Duration> at;
  pool.spawn_n(note_after(10s, &at));
  hub.advance(-1h);
  EXPECT_EQ(elapsed(), 0s);
  hub.advance(forever);
  EXPECT_EQ(at, Hub::Duration(10s));
  EXPECT_EQ(hub.now(), Hub::Clock::time_point::max());
}

TEST_F(Extremes, AFixedIntervalOfDurationMaxRunsOnceThenWaitsForever) {
  Pool pool(hub, 4);
  int runs = 0;
  FixedIntervalLoopingCall<> call([&]() -> Task<LoopStep<>> {
    ++runs;
    co_return {};
  });
  auto loop = pool.spawn(call.start(forever));
  expect_one_run_in_an_hour(pool, call, loop, runs);
}

TEST_F(Extremes, ANegativeFixedIntervalRunsBackToBackWithoutAnOverrunReport) {
  Pool pool(hub, 4);
  int runs = 0;
  std::vector<Hub::Duration> late;
  FixedIntervalLoopingCall<int> call([&]() -> Task<LoopStep<int>> {
    if (++runs == 3) co_return LoopingCallDone{runs};
    co_return {};
  });
  auto r = pool.spawn(call.start(Hub::Duration::min(), {.on_overrun = [&](Hub::Duration d) {
                                   late.push_back(d);
                                 }}))
               .wait();
  EXPECT_EQ(*r, 3);
  EXPECT_TRUE(late.empty());
  EXPECT_EQ(elapsed(), 0s);
}

TEST_F(Extremes, ABackOffOfDurationMaxWaitsForeverInsteadOfRunningAgainAtOnce) {
  Pool pool(hub, 4);
  int runs = 0;
  BackOffLoopingCall<> call([&]() -> Task<LoopStep<>> {
    ++runs;
    co_return true;
  });
  auto loop = pool.spawn(call.start({.starting_interval = forever, .seed = 1}));
  expect_one_run_in_an_hour(pool, call, loop, runs);
}

TEST_F(Extremes, ARetryDelayThatGrowsPastTheClockStopsAtMaxDelay) {
  Pool pool(hub, 4);
  std::vector<Hub::Duration> tries;
  auto flaky = [&]() -> Task<int> {
    tries.push_back(elapsed());
    if (tries.size() < 3) throw std::runtime_error("not yet");
    co_return 1;
  };
  auto r = pool.spawn([&] {
                 return retry(flaky, {.tries = 3, .delay = 1s, .backoff = 1e30, .max_delay = 1h});
               }).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(tries, (std::vector<Hub::Duration>{0s, 1s, 1s + 1h}));
}

TEST(ExtremesOnTheRealClock, ASleepOfDurationMaxDoesNotStopTheHubsTimer) {
  // The manual clock never arms the loop's timer; this is that timer. The
  // watchdog only turns a frozen hub into a failure instead of a hang.
  Hub hub;
  Pool pool(hub, 4);
  auto never = pool.spawn([]() -> Task<void> { co_await shoal::sleep(forever); });
  bool frozen = false;
  Timer watchdog(hub.loop());
  watchdog.start(std::chrono::seconds(20), [&] {
    frozen = true;
    pool.cancel_all();
  });
  auto soon = pool.spawn([]() -> Task<int> {
    co_await shoal::sleep(1ms);
    co_return 1;
  });
  auto& r = soon.wait();
  watchdog.stop();
  EXPECT_FALSE(frozen) << "a 1 ms sleep did not end within 20 s beside a sleep(max)";
  ASSERT_TRUE(r);
  EXPECT_FALSE(never.done());
  never.cancel();
  EXPECT_EQ(never.wait().error().code, Errc::cancelled);
}

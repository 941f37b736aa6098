// when_all / when_any on a manual clock: the tasks run at once (the total
// time is the longest, not the sum), each ends in its own Expected, and
// when_any cancels the rest and waits for them.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "manual_clock.hpp"
#include "shoal/shoal.hpp"
#include "shoal/when.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

using When = test_support::ManualClock;

Task<int> after(Hub::Duration d, int v, std::vector<std::string>* log = nullptr) {
  try {
    co_await shoal::sleep(d);
  } catch (const Cancelled&) {
    if (log) log->push_back("cancelled " + std::to_string(v));
    throw;
  }
  if (log) log->push_back("ended " + std::to_string(v));
  co_return v;
}

Task<std::string> word(Hub::Duration d, std::string w) {
  co_await shoal::sleep(d);
  co_return w;
}

Task<int> fails(Hub::Duration d) {
  co_await shoal::sleep(d);
  throw std::runtime_error("no");
}

}  // namespace

TEST_F(When, AllRunAtOnceAndGiveTheirValuesInOrder) {
  Pool pool(hub, 1);
  auto r = pool.spawn([]() -> Task<std::vector<int>> {
                 std::vector<Task<int>> tasks;
                 tasks.push_back(after(3s, 1));
                 tasks.push_back(after(1s, 2));
                 tasks.push_back(after(2s, 3));
                 auto rs = co_await when_all(std::move(tasks));
                 std::vector<int> v;
                 for (auto& x : rs) v.push_back(*x);
                 co_return v;
               }).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(elapsed(), 3s);  // the longest, not the sum: no pool slots taken
}

TEST_F(When, AllOfDifferentTypesAndAFailureAmongThem) {
  Pool pool(hub, 1);
  auto r = pool.spawn([]() -> Task<std::string> {
                 auto [a, b, c] = co_await when_all(after(2s, 7), word(1s, "x"), fails(1s));
                 co_return std::to_string(*a) + *b + (c ? "?" : c.error().message);
               }).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "7xno");
  EXPECT_EQ(elapsed(), 2s);  // the failure disturbed nobody
}

TEST_F(When, AllOfNothingAndOfTasksThatNeverSuspend) {
  Pool pool(hub, 1);
  auto r = pool.spawn([]() -> Task<std::size_t> {
                 auto none = co_await when_all(std::vector<Task<int>>{});
                 auto [x] = co_await when_all(after(0s, 5));
                 co_return none.size() + static_cast<std::size_t>(*x);
               }).wait();
  EXPECT_EQ(*r, 5u);
}

TEST_F(When, AnyGivesTheFirstAndCancelsTheOthers) {
  Pool pool(hub, 1);
  std::vector<std::string> log;
  auto r = pool.spawn([&]() -> Task<std::string> {
                 auto first = co_await when_any(after(3s, 1, &log), after(1s, 2, &log), after(2s, 3, &log));
                 co_return std::to_string(first.index) + "=" + std::to_string(*first.value);
               }).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "1=2");
  EXPECT_EQ(elapsed(), 1s);
  // The others were cancelled, and had ended, before when_any gave its value.
  EXPECT_EQ(log, (std::vector<std::string>{"ended 2", "cancelled 1", "cancelled 3"}));
}

TEST_F(When, AnyOfAFailureIsThatFailure) {
  Pool pool(hub, 1);
  auto r = pool.spawn([]() -> Task<bool> {
                 auto first = co_await when_any(after(3s, 1), fails(1s));
                 co_return first.index == 1 && !first.value;
               }).wait();
  EXPECT_TRUE(*r);
}

TEST_F(When, CancellingTheAwaitingTaskCancelsEveryChild) {
  Pool pool(hub, 1);
  std::vector<std::string> log;
  auto h = pool.spawn([&]() -> Task<void> {
    std::vector<Task<int>> tasks;
    tasks.push_back(after(10s, 1, &log));
    tasks.push_back(after(20s, 2, &log));
    co_await when_all(std::move(tasks));
    log.push_back("not reached");
  });
  hub.advance(5s);
  h.cancel();
  auto& r = h.wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::cancelled);
  EXPECT_EQ(log, (std::vector<std::string>{"cancelled 1", "cancelled 2"}));
  EXPECT_EQ(elapsed(), 5s);
}

TEST_F(When, WithTimeoutAroundWhenAll) {
  Pool pool(hub, 1);
  auto both = []() -> Task<int> {
    auto [a, b] = co_await when_all(after(1s, 1), after(60s, 2));
    co_return *a + *b;
  };
  EXPECT_EQ(ending_under(pool, 10s, both()), Errc::timed_out);
  EXPECT_EQ(elapsed(), 10s);
}

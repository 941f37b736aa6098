// spawn_when_free: eventlet's spawn from inside a green thread, which
// blocks the spawner until the pool has a slot. On a manual clock.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "manual_clock.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

using SpawnWhenFreeTest = test_support::ManualClock;

Task<int> nap(Hub::Duration d, int v) {
  co_await shoal::sleep(d);
  co_return v;
}

}  // namespace

// eventlet's GreenPool test_spawn_blocks_when_full, in effect: the
// producer is held back, so nothing ever queues.
TEST_F(SpawnWhenFreeTest, TheSpawnerWaitsForASlotAndNothingQueues) {
  Pool workers(hub, 2);
  Pool producers(hub, 1);
  std::size_t most_waiting = 0;
  std::vector<Hub::Duration> spawned_at;
  auto producer = producers.spawn([&]() -> Task<int> {
    std::vector<GreenThread<int>> hs;
    for (int i = 0; i < 10; ++i) {
      hs.push_back(co_await workers.spawn_when_free(nap, 1s, i));
      spawned_at.push_back(elapsed());
      most_waiting = std::max(most_waiting, workers.waiting());
      EXPECT_TRUE(hs.back().started());
    }
    int sum = 0;
    for (auto& h : hs) sum += *co_await h;
    co_return sum;
  });
  EXPECT_EQ(*producer.wait(), 45);
  EXPECT_EQ(most_waiting, 0u);
  EXPECT_EQ(spawned_at,
            (std::vector<Hub::Duration>{0s, 0s, 1s, 1s, 2s, 2s, 3s, 3s, 4s, 4s}));
  EXPECT_EQ(elapsed(), 5s);
}

TEST_F(SpawnWhenFreeTest, JobsQueuedBeforeGoFirst) {
  Pool workers(hub, 1);
  Pool producers(hub, 1);
  std::vector<int> order;
  auto job = [&](int v) -> Task<void> {
    order.push_back(v);
    co_await shoal::sleep(1s);
  };
  workers.spawn_n(job, 1);
  workers.spawn_n(job, 2);  // queued
  auto producer = producers.spawn([&]() -> Task<void> {
    auto h = co_await workers.spawn_when_free(job, 3);
    order.push_back(30);  // the spawner goes on once 3 has its slot
    co_await h;
  });
  ASSERT_TRUE(producer.wait());
  // As in eventlet, the spawner goes on first and its job runs when it
  // next yields.
  EXPECT_EQ(order, (std::vector<int>{1, 2, 30, 3}));
  EXPECT_EQ(elapsed(), 3s);
}

TEST_F(SpawnWhenFreeTest, CancellingTheWaitingSpawnerCancelsItsJob) {
  Pool workers(hub, 1);
  Pool producers(hub, 1);
  bool ran = false;
  workers.spawn_n(nap, 10s, 0);
  auto producer = producers.spawn([&]() -> Task<void> {
    auto h = co_await workers.spawn_when_free([&]() -> Task<void> {
      ran = true;
      co_return;
    });
    co_await h;
  });
  hub.advance(1s);
  EXPECT_EQ(workers.waiting(), 1u);
  producer.cancel();
  EXPECT_EQ(producer.wait().error().code, Errc::cancelled);
  EXPECT_EQ(workers.waiting(), 0u);
  ASSERT_TRUE(workers.wait_all());
  EXPECT_FALSE(ran);
}

TEST_F(SpawnWhenFreeTest, AFreeSlotMeansNoSuspension) {
  Pool workers(hub, 4);
  Pool producers(hub, 1);
  auto producer = producers.spawn([&]() -> Task<std::size_t> {
    auto h = co_await workers.spawn_when_free(nap, 1s, 1);
    co_return workers.running();  // still in the same step: nothing else ran
  });
  EXPECT_EQ(*producer.wait(), 1u);
}

// Event, Semaphore, Mutex, Queue and WaitList on a manual clock: eventlet's
// own tests (tests/event_test.py, semaphore_test.py, queue_test.py)
// rewritten for shoal, each noting where shoal differs on purpose, plus
// what eventlet leaves open (fairness, cancellation, exact time limits).
//
// "eventlet.sleep(0)" from the main greenlet is hub.advance(0s) here: it
// runs every task that is ready, and nothing else.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shoal/event.hpp"
#include "shoal/queue.hpp"
#include "shoal/semaphore.hpp"
#include "manual_clock.hpp"
#include "shoal/shoal.hpp"
#include "shoal/wait_list.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

using Sync = test_support::ManualClock;

// A task that goes through `script` in order: "get" notes in `events` what
// it gets from `channel`, "put X" puts X into it, and any other step is
// noted in `events` as it is.
Task<void> play(std::vector<std::string> script, Queue<std::string>& channel,
                std::vector<std::string>& events) {
  for (const std::string& step : script) {
    if (step == "get")
      events.push_back(co_await channel.get());
    else if (step.starts_with("put "))
      co_await channel.put(step.substr(4));
    else
      events.push_back(step);
  }
}

}  // namespace

// ---- Event (eventlet tests/event_test.py) --------------------------------

TEST_F(Sync, EventWaitingForEvent) {
  Pool pool(hub, 4);
  Event<std::string> evt;
  pool.spawn_n([&]() -> Task<void> {
    evt.set("some stuff");
    co_return;
  });
  auto r = pool.spawn([&]() -> Task<std::string> { co_return co_await evt.wait(); }).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "some stuff");
}

TEST_F(Sync, EventMultipleWaitersAllResumeInOrder) {
  Pool pool(hub, 10);
  Event<> evt;
  std::vector<int> order;
  for (int i = 0; i < 5; ++i)
    pool.spawn_n([&, i]() -> Task<void> {
      co_await evt.wait();
      order.push_back(i);
    });
  yield();
  EXPECT_EQ(evt.waiting(), 5u);
  evt.set();  // from plain code: wakes them, runs none
  EXPECT_TRUE(order.empty());
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(evt.waiting(), 0u);
}

// eventlet: a second send() without reset() raises AssertionError, and so
// does reset() before send(). shoal: a second set() replaces the value,
// and reset() of an unset event does nothing -- neither is an error.
TEST_F(Sync, EventResetAndSetAgain) {
  Pool pool(hub, 4);
  Event<std::string> evt;
  evt.reset();
  EXPECT_FALSE(evt.ready());
  evt.set("some stuff");
  auto waiter = [&]() -> Task<std::string> { co_return co_await evt.wait(); };
  EXPECT_EQ(*pool.spawn(waiter).wait(), "some stuff");
  EXPECT_EQ(*pool.spawn(waiter).wait(), "some stuff");  // still set
  evt.reset();
  auto h = pool.spawn(waiter);
  yield();
  EXPECT_FALSE(h.done());
  evt.set("second stuff");
  EXPECT_EQ(*h.wait(), "second stuff");
}

TEST_F(Sync, EventWaitForOkAndExceeded) {
  Pool pool(hub, 4);
  Event<bool> evt;
  pool.spawn_after(100ms, [&]() -> Task<void> {
    evt.set(true);
    co_return;
  });
  auto waiter = [&](Hub::Duration limit) -> Task<bool> { co_return co_await evt.wait_for(limit); };
  auto exceeded = pool.spawn(waiter, 50ms);
  auto ok = pool.spawn(waiter, 200ms);
  ASSERT_TRUE(exceeded.wait());
  EXPECT_FALSE(*exceeded.wait());
  EXPECT_EQ(elapsed(), 50ms);  // exactly the limit, on the virtual clock
  ASSERT_TRUE(ok.wait());
  EXPECT_TRUE(*ok.wait());
  EXPECT_EQ(elapsed(), 100ms);
  EXPECT_EQ(evt.waiting(), 0u);
}

TEST_F(Sync, ACancelledEventWaiterThrowsCancelledAndLeavesTheList) {
  Pool pool(hub, 4);
  Event<> evt;
  bool unwound = false;
  auto h = pool.spawn([&]() -> Task<void> {
    try {
      co_await evt.wait();
    } catch (const Cancelled&) {
      unwound = true;
      throw;
    }
  });
  yield();
  EXPECT_EQ(evt.waiting(), 1u);
  h.cancel();
  EXPECT_EQ(evt.waiting(), 0u);
  auto& r = h.wait();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::cancelled);
  EXPECT_TRUE(unwound);
}

TEST_F(Sync, WithTimeoutAroundAWaitGivesTimedOut) {
  Pool pool(hub, 4);
  Event<> evt;
  auto inner = [&]() -> Task<void> { co_await evt.wait(); };
  EXPECT_EQ(ending_under(pool, 3s, inner()), Errc::timed_out);
  EXPECT_EQ(elapsed(), 3s);
  EXPECT_EQ(evt.waiting(), 0u);
}

// ---- Semaphore (eventlet tests/semaphore_test.py) -------------------------

TEST_F(Sync, SemaphoreTimeoutIsExact) {
  Pool pool(hub, 4);
  Semaphore sem(0);
  auto r = pool.spawn([&]() -> Task<bool> { co_return co_await sem.acquire_for(100ms); }).wait();
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  EXPECT_EQ(elapsed(), 100ms);
  EXPECT_EQ(sem.waiting(), 0u);
}

// eventlet's BoundedSemaphore raises ValueError on a release past the
// initial value; shoal's release() returns false and changes nothing.
TEST_F(Sync, BoundedSemaphoreRefusesAReleasePastItsValue) {
  BoundedSemaphore sem(2);
  EXPECT_FALSE(sem.release());
  EXPECT_TRUE(sem.try_acquire());
  EXPECT_TRUE(sem.release());
  EXPECT_FALSE(sem.release());
  EXPECT_EQ(sem.value(), 2u);
}

TEST_F(Sync, SemaphoreNonBlocking) {
  Semaphore sem(0);
  EXPECT_FALSE(sem.try_acquire());
  EXPECT_TRUE(sem.locked());
}

TEST_F(Sync, SemaphoreBalanceCountsWaiters) {
  Pool pool(hub, 10);
  Semaphore sem(1);
  ASSERT_TRUE(sem.try_acquire());
  for (int i = 0; i < 3; ++i) pool.spawn_n([&]() -> Task<void> { co_await sem.acquire(); });
  yield();
  EXPECT_EQ(sem.balance(), -3);
  for (int i = 0; i < 4; ++i) sem.release();
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(sem.balance(), 1);
}

// eventlet's test_semaphore_contention allows 10% unfairness between two
// workers; shoal hands a released permit to the longest waiter, so two
// workers alternate exactly.
TEST_F(Sync, SemaphoreContentionIsFair) {
  Pool pool(hub, 4);
  Semaphore mutex(1);
  int counts[2] = {0, 0};
  auto worker = [&](int no) -> Task<void> {
    for (;;) {
      auto held = co_await mutex.hold();
      ++counts[no];
      co_await shoal::sleep(1ms);
    }
  };
  auto t1 = pool.spawn(worker, 0);
  auto t2 = pool.spawn(worker, 1);
  hub.advance(500ms);
  t1.cancel();
  t2.cancel();
  ASSERT_TRUE(pool.wait_all());
  EXPECT_GE(counts[0], 200);
  EXPECT_LE(std::abs(counts[0] - counts[1]), 1);
  EXPECT_EQ(mutex.value(), 1u);  // both guards released on unwinding
}

TEST_F(Sync, AReleasedPermitCannotBeTakenByALatecomer) {
  Pool pool(hub, 4);
  Semaphore sem(1);
  ASSERT_TRUE(sem.try_acquire());
  auto waiter = pool.spawn([&]() -> Task<void> { co_await sem.acquire(); });
  yield();
  sem.release();  // handed to the waiter, which has not run yet
  EXPECT_FALSE(sem.try_acquire());
  ASSERT_TRUE(waiter.wait());
  EXPECT_EQ(sem.value(), 0u);
}

TEST_F(Sync, ACancelledSemaphoreWaiterHoldsNothing) {
  Pool pool(hub, 4);
  Semaphore sem(0);
  auto first = pool.spawn([&]() -> Task<void> { co_await sem.acquire(); });
  auto second = pool.spawn([&]() -> Task<void> { co_await sem.acquire(); });
  yield();
  first.cancel();
  sem.release();  // goes to the second, not to the cancelled first
  EXPECT_EQ(first.wait().error().code, Errc::cancelled);
  EXPECT_TRUE(second.wait());
  EXPECT_EQ(sem.value(), 0u);
  EXPECT_EQ(sem.waiting(), 0u);
}

TEST_F(Sync, APermitHandedOverJustBeforeACancelIsNotLost) {
  Pool pool(hub, 4);
  Semaphore sem(0);
  auto h = pool.spawn([&]() -> Task<void> {
    auto held = co_await sem.hold();  // woken, so it gets the guard...
    co_await shoal::sleep();          // ...and the next co_await throws
  });
  yield();
  sem.release();
  h.cancel();
  EXPECT_EQ(h.wait().error().code, Errc::cancelled);
  EXPECT_EQ(sem.value(), 1u);  // released by the guard as the task unwound
}

TEST_F(Sync, MutexExcludes) {
  Pool pool(hub, 10);
  Mutex m;
  int inside = 0, most = 0;
  for (int i = 0; i < 5; ++i)
    pool.spawn_n([&]() -> Task<void> {
      co_await m.lock();
      most = std::max(most, ++inside);
      co_await shoal::sleep(1s);
      --inside;
      m.unlock();
    });
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(most, 1);
  EXPECT_EQ(elapsed(), 5s);
  EXPECT_FALSE(m.unlock());  // not locked
}

// ---- Queue (eventlet tests/queue_test.py) ---------------------------------

TEST_F(Sync, QueueSendFirst) {
  Queue<std::string> q;
  EXPECT_TRUE(q.try_put("hi"));
  EXPECT_EQ(q.try_get(), "hi");
}

TEST_F(Sync, QueueSendLast) {
  Pool pool(hub, 4);
  Queue<std::string> q;
  auto h = pool.spawn([&]() -> Task<std::string> { co_return co_await q.get(); });
  yield();
  yield();
  EXPECT_TRUE(q.try_put("hi2"));
  EXPECT_EQ(*h.wait(), "hi2");
}

TEST_F(Sync, QueueMaxSize) {
  Pool pool(hub, 4);
  Queue<std::string> q(2);
  std::vector<std::string> results;
  auto h = pool.spawn([&]() -> Task<void> {
    for (std::string s : {"a", "b", "c"}) {
      co_await q.put(s);
      results.push_back(s);
    }
  });
  yield();
  EXPECT_EQ(results, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(q.putting(), 1u);
  EXPECT_EQ(q.try_get(), "a");
  yield();
  EXPECT_EQ(results, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(q.try_get(), "b");
  EXPECT_EQ(q.try_get(), "c");
  EXPECT_TRUE(h.wait());
}

TEST_F(Sync, QueueZeroMaxSizeIsAChannel) {
  Pool pool(hub, 4);
  Queue<std::string> q(0);
  Event<std::string> evt;
  auto sender = pool.spawn([&]() -> Task<void> {
    co_await q.put("hi");
    evt.set("done");
  });
  yield();
  EXPECT_FALSE(evt.ready());
  EXPECT_TRUE(q.empty());
  EXPECT_TRUE(q.full());  // as eventlet: a channel is both
  auto receiver = pool.spawn([&]() -> Task<std::string> { co_return co_await q.get(); });
  EXPECT_EQ(*receiver.wait(), "hi");
  EXPECT_TRUE(sender.wait());
  EXPECT_EQ(evt.value(), "done");
}

TEST_F(Sync, QueueResizeUpAndToUnlimited) {
  for (std::optional<std::size_t> size : {std::optional<std::size_t>(1), std::optional<std::size_t>()}) {
    Pool pool(hub, 4);
    Queue<std::string> q(0);
    Event<> evt;
    pool.spawn_n([&]() -> Task<void> {
      co_await q.put("hi");
      evt.set();
    });
    yield();
    EXPECT_FALSE(evt.ready());
    q.resize(size);
    yield();
    EXPECT_TRUE(evt.ready());
    EXPECT_EQ(q.size(), 1u);
  }
}

TEST_F(Sync, QueueResizeDownKeepsWhatIsQueued) {
  Queue<int> q(5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(q.try_put(i));
  q.resize(1);
  EXPECT_EQ(q.size(), 5u);
  EXPECT_FALSE(q.try_put(5));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(q.try_get(), i);
  EXPECT_TRUE(q.try_put(5));
}

// eventlet: "we don't guarantee that waiters are served in order" (and
// tests only the set); shoal serves them in the order they began to wait.
TEST_F(Sync, QueueMultipleWaitersAreServedInOrder) {
  Pool pool(hub, 10);
  Queue<std::string> q;
  std::vector<GreenThread<std::string>> gts;
  for (int i = 0; i < 4; ++i)
    gts.push_back(pool.spawn([&]() -> Task<std::string> { co_return co_await q.get(); }));
  hub.advance(10ms);
  EXPECT_EQ(q.getting(), 4u);
  for (std::string s : {"1", "2", "3", "4"}) EXPECT_TRUE(q.try_put(s));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(*gts[i].wait(), std::to_string(i + 1));
  EXPECT_EQ(q.getting(), 0u);
}

// eventlet's do_bail: a getter under a Timeout(0). Here with_timeout(0s)
// and get_for: the timed-out getter is gone, the value stays queued.
TEST_F(Sync, QueueWaitersThatGiveUp) {
  Pool pool(hub, 4);
  Queue<std::string> q;
  auto bail = [&]() -> Task<std::string> {
    auto getter = [&]() -> Task<std::string> { co_return co_await q.get(); };
    auto r = co_await with_timeout(0s, getter());
    co_return r ? *r : std::string("timed out");
  };
  auto dying = pool.spawn(bail);
  auto dying_too = pool.spawn([&]() -> Task<std::string> {
    auto v = co_await q.get_for(0s);
    co_return v ? *v : std::string("timed out");
  });
  auto waiting = pool.spawn([&]() -> Task<std::string> { co_return co_await q.get(); });
  EXPECT_EQ(*dying.wait(), "timed out");
  EXPECT_EQ(*dying_too.wait(), "timed out");
  EXPECT_EQ(q.getting(), 1u);
  EXPECT_TRUE(q.try_put("hi"));
  EXPECT_EQ(*waiting.wait(), "hi");
  EXPECT_TRUE(q.try_put("sent"));
  EXPECT_EQ(q.try_get(), "sent");
}

TEST_F(Sync, QueueGettingBeforeSending) {
  Pool pool(hub, 4);
  Queue<std::string> q;
  auto gt = pool.spawn([&]() -> Task<void> { co_await q.put("sent"); });
  auto got = pool.spawn([&]() -> Task<std::string> { co_return co_await q.get(); });
  EXPECT_EQ(*got.wait(), "sent");
  EXPECT_TRUE(gt.wait());
}

TEST_F(Sync, ChannelSendOrder) {
  Pool pool(hub, 4);
  Queue<std::string> channel(0);
  std::vector<std::string> events;
  pool.spawn_n(play({"get", "get"}, channel, events));
  auto main =
      pool.spawn(play({"sending", "put hello", "sent hello", "put world", "sent world"}, channel, events));
  ASSERT_TRUE(main.wait());
  EXPECT_EQ(events, (std::vector<std::string>{"sending", "hello", "sent hello", "world", "sent world"}));
}

TEST_F(Sync, ChannelWaitOrder) {
  Pool pool(hub, 4);
  Queue<std::string> channel(0);
  std::vector<std::string> events;
  auto main = pool.spawn(play({"waiting", "get", "get"}, channel, events));
  pool.spawn_n(
      play({"sending hello", "put hello", "sending world", "put world", "sent world"}, channel, events));
  ASSERT_TRUE(main.wait());
  yield();
  // (eventlet checks the first five before its main greenlet yields once
  // more; here main is a task like the other, and the sixth may follow in
  // the same round.)
  EXPECT_EQ(events, (std::vector<std::string>{"waiting", "sending hello", "hello", "sending world",
                                              "world", "sent world"}));
}

TEST_F(Sync, ChannelSenderTimingOut) {
  Pool pool(hub, 4);
  Queue<std::string> c(0);
  auto r = pool.spawn([&]() -> Task<bool> { co_return co_await c.put_for("hi", 1ms); }).wait();
  EXPECT_FALSE(*r);
  EXPECT_EQ(elapsed(), 1ms);
  EXPECT_FALSE(c.try_get());
  EXPECT_EQ(c.putting(), 0u);
}

TEST_F(Sync, QueueTaskDoneAndJoin) {
  Pool pool(hub, 4);
  Queue<int> channel(0);
  auto putter = pool.spawn([&]() -> Task<void> { co_await channel.put(7); });
  yield();
  EXPECT_EQ(channel.unfinished_tasks(), 0u);  // counted once it is in (taken, for a channel)
  EXPECT_EQ(channel.try_get(), 7);
  EXPECT_EQ(channel.unfinished_tasks(), 1u);
  auto joined = pool.spawn([&]() -> Task<void> { co_await channel.join(); });
  yield();
  EXPECT_FALSE(joined.done());
  channel.task_done();
  EXPECT_EQ(channel.unfinished_tasks(), 0u);
  EXPECT_TRUE(joined.wait());
  EXPECT_TRUE(putter.wait());
  Queue<int> empty;
  auto at_once = pool.spawn([&]() -> Task<void> { co_await empty.join(); });
  EXPECT_TRUE(at_once.wait());
}

// eventlet's test_zero_length_queue_nonblocking_put: getters killed while
// waiting must not swallow values.
TEST_F(Sync, CancelledChannelGettersSwallowNothing) {
  Pool pool(hub, 40);
  Queue<int> channel(0);
  std::vector<int> got;
  auto fetch = [&]() -> Task<void> { got.push_back(co_await channel.get()); };
  std::vector<GreenThread<void>> bad;
  for (int i = 0; i < 10; ++i) {
    pool.spawn_n(fetch);
    bad.push_back(pool.spawn(fetch));
  }
  yield();
  for (auto& b : bad) b.cancel();
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(channel.try_put(i));
  ASSERT_TRUE(pool.wait_all());
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST_F(Sync, QueueNowaitFromPlainCode) {
  Queue<int> q(1);
  EXPECT_TRUE(q.try_put(2));
  EXPECT_FALSE(q.try_put(3));  // eventlet: queue.Full
  EXPECT_EQ(q.try_get(), 2);
  EXPECT_FALSE(q.try_get());  // eventlet: queue.Empty
}

TEST_F(Sync, ChannelPutNowaitUnlocksAWaitingGetter) {
  Pool pool(hub, 4);
  Queue<int> q(0);
  auto getter = pool.spawn([&]() -> Task<int> { co_return co_await q.get(); });
  yield();
  EXPECT_TRUE(q.try_put(10));
  EXPECT_EQ(*getter.wait(), 10);
  auto putter = pool.spawn([&]() -> Task<void> { co_await q.put(5); });
  yield();
  EXPECT_EQ(q.try_get(), 5);
  EXPECT_TRUE(putter.wait());
}

// Back-pressure: a fast producer into a bounded queue runs only as far
// ahead of a slow consumer as the bound lets it.
TEST_F(Sync, ABoundedQueueHoldsBackAFastProducer) {
  Pool pool(hub, 4);
  Queue<int> q(3);
  std::size_t most = 0;
  int produced = 0;
  pool.spawn_n([&]() -> Task<void> {
    for (int i = 0; i < 100; ++i) {
      co_await q.put(i);
      ++produced;
    }
  });
  auto consumer = pool.spawn([&]() -> Task<int> {
    int sum = 0;
    for (int i = 0; i < 100; ++i) {
      most = std::max(most, q.size());
      sum += co_await q.get();
      co_await shoal::sleep(1s);
    }
    co_return sum;
  });
  EXPECT_EQ(*consumer.wait(), 4950);
  EXPECT_EQ(produced, 100);
  EXPECT_LE(most, 3u);
  EXPECT_EQ(elapsed(), 100s);
}

// ---- WaitList: the public way to write a cancellable awaitable ------------

TEST_F(Sync, AWaitListEndsWokenTimedOutOrCancelled) {
  Pool pool(hub, 4);
  WaitList list;
  bool flag = false;
  auto woken = pool.spawn([&]() -> Task<bool> {
    while (!flag) co_await list.wait();
    co_return true;
  });
  auto timed = pool.spawn([&]() -> Task<bool> { co_return co_await list.wait_for(2s); });
  auto cancelled = pool.spawn([&]() -> Task<bool> { co_return co_await list.wait(); });
  yield();
  EXPECT_EQ(list.size(), 3u);
  cancelled.cancel();
  EXPECT_EQ(list.size(), 2u);
  hub.advance(2s);
  EXPECT_FALSE(*timed.wait());
  EXPECT_EQ(list.size(), 1u);
  list.wake_all();  // flag still false: it waits again
  yield();
  EXPECT_EQ(list.size(), 1u);
  flag = true;
  EXPECT_TRUE(list.wake_one());
  EXPECT_TRUE(*woken.wait());
  EXPECT_EQ(cancelled.wait().error().code, Errc::cancelled);
  EXPECT_FALSE(list.wake_one());
}

TEST(SyncDeath, AWaitListDestroyedWithWaitersAborts) {
  EXPECT_DEATH(
      {
        Hub hub;
        hub.use_manual_clock();
        Pool pool(hub, 1);
        auto list = std::make_unique<WaitList>();
        pool.spawn_n([&]() -> Task<void> { co_await list->wait(); });
        hub.advance(0s);
        list.reset();
      },
      "shoal::WaitList destroyed while tasks wait in it");
}

// ---- CallbackAwaiter: an awaitable over a callback API --------------------

namespace {

// A fake callback API: the test answers requests by hand.
struct FakeApi {
  std::function<void(int)> pending;
  int cancels = 0;
  bool answer_at_once = false;
  void request(std::function<void(int)> done) {
    if (answer_at_once)
      done(99);
    else
      pending = std::move(done);
  }
  void cancel() {
    ++cancels;
    pending = nullptr;
  }
};

class Ask : public CallbackAwaiter {
 public:
  Ask(FakeApi& api, std::optional<Hub::Duration> limit) : CallbackAwaiter(limit), api_(api) {}
  std::optional<int> await_resume() {
    if (!resumed()) return std::nullopt;
    return value_;
  }

 private:
  void start() override {
    api_.request([this](int v) {
      value_ = v;
      complete();
    });
  }
  void abandoned() override { api_.cancel(); }
  FakeApi& api_;
  int value_ = 0;
};

}  // namespace

TEST_F(Sync, ACallbackAwaiterIsAnsweredTimesOutOrIsCancelled) {
  Pool pool(hub, 4);
  FakeApi api;
  auto ask = [&](std::optional<Hub::Duration> limit) -> Task<std::optional<int>> {
    co_return co_await Ask(api, limit);
  };
  // Answered.
  auto answered = pool.spawn(ask, std::nullopt);
  yield();
  ASSERT_TRUE(api.pending);
  std::exchange(api.pending, nullptr)(7);
  EXPECT_EQ(*answered.wait(), std::optional<int>(7));
  EXPECT_EQ(api.cancels, 0);
  // Timed out: the request is cancelled.
  auto timed = pool.spawn(ask, std::optional<Hub::Duration>(2s));
  auto r = timed.wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, std::nullopt);
  EXPECT_EQ(elapsed(), 2s);
  EXPECT_EQ(api.cancels, 1);
  // Cancelled: so is the request.
  auto cancelled = pool.spawn(ask, std::nullopt);
  yield();
  cancelled.cancel();
  EXPECT_EQ(cancelled.wait().error().code, Errc::cancelled);
  EXPECT_EQ(api.cancels, 2);
  // Answered from inside start(): resumes from the ready queue.
  api.answer_at_once = true;
  EXPECT_EQ(*pool.spawn(ask, std::nullopt).wait(), std::optional<int>(99));
}

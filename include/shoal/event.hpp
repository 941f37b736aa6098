// Event: one task (or a callback) says "done, here is the value", any number
// of tasks wait for it -- eventlet's Event, asyncio's Event with a value.
// It is also the simplest way to turn a callback API into something a task
// can co_await: the callback calls set(value), the task awaits wait().
//
//   shoal::Event<std::string> ready;
//   // in a task:
//   std::string& line = co_await ready.wait();
//   if (!co_await ready.wait_for(5s)) ...          // false: 5 s passed first
//   // anywhere on the hub's thread (a task, a callback, plain code):
//   ready.set("READY");
//
// set() wakes every waiter (they resume from the hub's ready queue, in the
// order they began to wait); a wait() on an event already set does not
// suspend. reset() makes it unset again; waiters already woken still get
// the value. Setting an event twice without a reset replaces the value
// (eventlet raises AssertionError; a value here is not an error). A waiting
// task that is cancelled throws Cancelled, as at every co_await.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <optional>
#include <utility>

#include "shoal/wait_list.hpp"

namespace shoal {

template <class T = void>
class Event {
 public:
  struct Awaiter : WaitNode {
    Awaiter(Event& e, std::optional<Hub::Duration> limit) : WaitNode(e.waiters_, limit), event(&e) {}
    Event* event;
    bool await_ready() const noexcept { return event->ready(); }
    T& await_resume() {
      resumed();
      return *event->value_;
    }
  };
  struct TimedAwaiter : WaitNode {
    TimedAwaiter(Event& e, Hub::Duration limit) : WaitNode(e.waiters_, limit), event(&e) {}
    Event* event;
    bool await_ready() const noexcept { return event->ready(); }
    bool await_resume() { return resumed(); }
  };

  Awaiter wait() { return Awaiter(*this, std::nullopt); }
  // true: set (value() has it); false: `limit` passed first.
  TimedAwaiter wait_for(Hub::Duration limit) { return TimedAwaiter(*this, limit); }

  void set(T value) {
    value_.emplace(std::move(value));
    ready_ = true;
    waiters_.wake_all();
  }
  void reset() { ready_ = false; }
  bool ready() const { return ready_; }
  // The last value set; only after set().
  T& value() { return *value_; }
  std::size_t waiting() const { return waiters_.size(); }

 private:
  WaitList waiters_;
  std::optional<T> value_;
  bool ready_ = false;
};

template <>
class Event<void> {
 public:
  struct Awaiter : WaitNode {
    Awaiter(Event& e, std::optional<Hub::Duration> limit) : WaitNode(e.waiters_, limit), event(&e) {}
    Event* event;
    bool await_ready() const noexcept { return event->ready(); }
    // wait(): always true; wait_for(d): false when d passed first.
    bool await_resume() { return resumed(); }
  };

  Awaiter wait() { return Awaiter(*this, std::nullopt); }
  Awaiter wait_for(Hub::Duration limit) { return Awaiter(*this, limit); }

  void set() {
    ready_ = true;
    waiters_.wake_all();
  }
  void reset() { ready_ = false; }
  bool ready() const { return ready_; }
  std::size_t waiting() const { return waiters_.size(); }

 private:
  WaitList waiters_;
  bool ready_ = false;
};

}  // namespace shoal

#pragma GCC visibility pop

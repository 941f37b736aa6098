// The Hub: what eventlet calls the hub -- the one event loop a thread's green
// threads share, with the Engine that runs their commands. Every Pool and
// every task runs on a Hub; a program that never names one gets the calling
// thread's own (Hub::current()), so that
//
//   shoal::Pool pool(20);
//   pool.spawn(shoal::Command::exec({"nova", "delete", id})).wait();
//
// just works, as it does in eventlet. A program with a Loop of its own makes
// a Hub on it (Hub hub(loop);) and passes it to its pools.
//
// Besides the loop and the engine the hub keeps what coroutines need and the
// loop does not offer cheaply: a ready queue (a task that yields with
// sleep(0) is resumed on the next loop iteration, after I/O, without a timer
// of its own) and one heap of deadlines behind a single loop timer (a
// hundred thousand sleeping tasks cost a hundred thousand heap entries, not
// a hundred thousand libuv handles).
//
// A deadline is "now plus a duration", computed in one place (deadline_in)
// so that no duration can overflow the clock: one past what the clock
// counts -- Duration::max() for "no limit" -- is never(), which stays
// pending (and cancellable) but never falls due and holds no loop timer;
// a zero or negative one is now.
//
// Time can be made virtual for tests (use_manual_clock): then sleeps, delays
// and looping calls follow a clock that only advance() -- or a wait() with
// nothing else to do -- moves, and a ten-minute back-off runs in
// microseconds. Commands still run in real time, so a manual-clock hub is for
// tests of timing logic, not of processes.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <chrono>
#include <coroutine>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "shoal/engine.hpp"
#include "shoal/expected.hpp"
#include "shoal/loop.hpp"

namespace shoal {

class Hub;

namespace detail {

class PoolCore;

// Something due at a point in time: a sleeping task, a delayed spawn, a
// timeout. It lives where its owner keeps it (most often an awaiter inside a
// coroutine frame); the hub only points at it while it is scheduled.
class TimerEntry {
 public:
  virtual void fire() = 0;
  bool scheduled() const { return scheduled_; }

 protected:
  // Nothing is deleted through this base; virtual all the same so that a
  // program built with -Wnon-virtual-dtor hears nothing from our headers
  // (GCC counts Hub, a friend, as access). The vtable is there anyway.
  virtual ~TimerEntry() = default;

 private:
  friend class shoal::Hub;
  bool scheduled_ = false;
  std::multimap<std::chrono::steady_clock::time_point, TimerEntry*>::iterator pos_;
};

}  // namespace detail

class Hub {
 public:
  using Clock = std::chrono::steady_clock;
  using Duration = Clock::duration;

  // A hub with a Loop and an Engine of its own.
  Hub();
  // A hub on the caller's loop, with an engine of its own, or the caller's.
  explicit Hub(Loop& loop, EngineOptions options = {});
  Hub(Loop& loop, Engine& engine);
  // Pools and tasks on this hub must have ended before it goes. A Pool
  // destroyed or used after its hub has gone is stopped with the message
  // "shoal::Hub destroyed while a Pool still uses it" and abort(), in every
  // build; so is a hub that goes while its pools' jobs run on an Engine
  // that is not its own (their ends would resume tasks on the freed hub).
  // A wait() on a handle whose job the hub's end cut short gives an Error.
  // Nothing is reported when a program ends (exit()) with pools still in
  // use: it destroys the thread's default hub, but never the pools.
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // The calling thread's default hub, made on first use.
  static Hub& current();

  Loop& loop() { return *loop_; }
  Engine& engine() { return *engine_; }
  Clock::time_point now() const;

  // The deadline a duration `d` from now: now() when d <= 0, never() when
  // now() + d would pass the clock's last instant. sleep(), spawn_after(),
  // with_timeout() and the looping calls all go through it.
  Clock::time_point deadline_in(Duration d) const;
  // A deadline that is never reached: something scheduled for it waits
  // until it is cancelled. A blocking wait for it alone reports a deadlock.
  static constexpr Clock::time_point never() { return Clock::time_point::max(); }

  // Runs the loop until `done()` holds. Returns an error instead of
  // blocking forever when nothing left could make it hold (deadlock), and
  // instead of re-entering the loop when called from inside it
  // (inside_loop: a task must co_await, not wait()).
  Expected<void> run_until(const std::function<bool()>& done);
  // True while run_until drives the loop (a callback is running inside it).
  bool driving() const { return driving_; }

  // Virtual time, for tests. Call before anything is scheduled.
  void use_manual_clock();
  bool manual_clock() const { return manual_; }
  // Moves the manual clock forward, firing what falls due in order and
  // running every task that becomes ready on the way. It never moves back
  // (a negative `by` runs what is ready and leaves the time) and stops at
  // the clock's last instant.
  void advance(Duration by);

  // For shoal's own awaitables and pools.
  void post(std::coroutine_handle<> ready);
  void schedule(detail::TimerEntry& entry, Clock::time_point due);
  void unschedule(detail::TimerEntry& entry);
  // Something a blocking wait may be waiting for has happened.
  void notify();
  // Every Pool's core, so that ~Hub can tell them it has gone.
  void attach(detail::PoolCore& pool);
  void detach(detail::PoolCore& pool);

 private:
  bool has_deadline() const;  // something in due_ that is not never()
  void arm_due_timer();
  void fire_due(Clock::time_point now);
  void run_ready();

  std::unique_ptr<Loop> owned_loop_;
  Loop* loop_;
  std::unique_ptr<Engine> owned_engine_;
  Engine* engine_;

  std::vector<std::coroutine_handle<>> ready_;
  std::vector<std::coroutine_handle<>> running_batch_;
  Timer ready_timer_;
  bool ready_armed_ = false;

  std::multimap<Clock::time_point, detail::TimerEntry*> due_;
  Timer due_timer_;

  bool manual_ = false;
  Clock::time_point manual_now_{};

  bool driving_ = false;
  bool progress_ = false;

  std::vector<detail::PoolCore*> pools_;
};

}  // namespace shoal

#pragma GCC visibility pop

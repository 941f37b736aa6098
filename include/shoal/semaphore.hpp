// Semaphore, BoundedSemaphore and Mutex: at most N tasks past a point at
// once -- eventlet's (and asyncio's) names and behaviour, on the hub's
// cancellation and time limits. Use one to limit something narrower than a
// pool (four of the pool's hundred tasks may talk to the database).
//
//   shoal::Semaphore db(4);
//   // in a task:
//   auto permit = co_await db.hold();            // released when `permit` goes
//   co_await db.acquire(); ... db.release();     // or by hand
//   if (!co_await db.acquire_for(2s)) ...        // false: 2 s passed first
//   if (db.try_acquire()) ...                    // never waits
//
// Fair: a release() with tasks waiting hands the permit to the one that has
// waited longest (it resumes from the ready queue); a task arriving
// meanwhile cannot take it first, so nobody starves. A waiting task that is
// cancelled throws Cancelled and holds nothing; one handed a permit just
// before it was cancelled keeps it (release it in a destructor: hold()).
//
// BoundedSemaphore refuses a release() past its initial value (returns
// false; eventlet raises ValueError), which catches a double release.
// Mutex is a BoundedSemaphore(1) with lock names.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <utility>

#include "shoal/wait_list.hpp"

namespace shoal {

class Semaphore {
 public:
  explicit Semaphore(std::size_t value = 1) : count_(value) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  // A held permit, released when it goes (or by release()).
  class Guard {
   public:
    Guard() = default;
    explicit Guard(Semaphore& s) : sem_(&s) {}
    Guard(Guard&& o) noexcept : sem_(std::exchange(o.sem_, nullptr)) {}
    Guard& operator=(Guard&& o) noexcept {
      if (this != &o) {
        release();
        sem_ = std::exchange(o.sem_, nullptr);
      }
      return *this;
    }
    ~Guard() { release(); }
    void release() {
      if (sem_) std::exchange(sem_, nullptr)->release();
    }
    bool owns() const { return sem_ != nullptr; }

   private:
    Semaphore* sem_ = nullptr;
  };

  struct Awaiter : WaitNode {
    Awaiter(Semaphore& s, std::optional<Hub::Duration> limit) : WaitNode(s.waiters_, limit), sem(&s) {}
    Semaphore* sem;
    bool await_ready() noexcept { return sem->try_acquire(); }
  };
  struct GuardAwaiter : Awaiter {
    using Awaiter::Awaiter;
    Guard await_resume() {
      resumed();
      return Guard(*sem);
    }
  };
  struct VoidAwaiter : Awaiter {
    using Awaiter::Awaiter;
    void await_resume() { resumed(); }
  };

  // co_await: a permit (throws Cancelled if the task is cancelled first).
  VoidAwaiter acquire() { return VoidAwaiter(*this, std::nullopt); }
  // co_await: true with a permit, false when `limit` passed first.
  Awaiter acquire_for(Hub::Duration limit) { return Awaiter(*this, limit); }
  // co_await: a permit in a Guard that releases it.
  GuardAwaiter hold() { return GuardAwaiter(*this, std::nullopt); }
  // A permit if one is free and nobody waits for it; never suspends.
  bool try_acquire() {
    if (count_ == 0 || !waiters_.empty()) return false;
    --count_;
    return true;
  }
  // Gives a permit back: to the longest waiter, else to the count. From a
  // task, a callback or plain code on the hub's thread. False (and nothing
  // changes) only for a BoundedSemaphore already at its bound.
  bool release() {
    if (!waiters_.empty()) {
      waiters_.wake_one();
      return true;
    }
    if (bounded_ && count_ >= bound_) return false;
    ++count_;
    return true;
  }

  // Free permits.
  std::size_t value() const { return count_; }
  // eventlet's balance: free permits minus waiting tasks.
  long balance() const { return static_cast<long>(count_) - static_cast<long>(waiters_.size()); }
  std::size_t waiting() const { return waiters_.size(); }
  bool locked() const { return count_ == 0; }

 protected:
  Semaphore(std::size_t value, std::size_t bound) : count_(value), bounded_(true), bound_(bound) {}

 private:
  WaitList waiters_;
  std::size_t count_;
  bool bounded_ = false;
  std::size_t bound_ = 0;
};

class BoundedSemaphore : public Semaphore {
 public:
  explicit BoundedSemaphore(std::size_t value = 1) : Semaphore(value, value) {}
};

class Mutex : public BoundedSemaphore {
 public:
  Mutex() : BoundedSemaphore(1) {}
  VoidAwaiter lock() { return acquire(); }
  Awaiter lock_for(Hub::Duration limit) { return acquire_for(limit); }
  bool try_lock() { return try_acquire(); }
  // False if it was not locked.
  bool unlock() { return release(); }
};

}  // namespace shoal

#pragma GCC visibility pop

// shoal::sleep: the cooperative sleep of a task, eventlet.sleep's
// counterpart. `co_await shoal::sleep(d)` suspends only the task, never the
// thread; `co_await shoal::sleep()` (zero) yields, letting every other ready
// task and the loop's I/O run before this task goes on. A negative d is
// zero; Hub::Duration::max() (or anything past the clock's end) sleeps until
// the task is cancelled, without holding up the hub's other timers.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <chrono>
#include <coroutine>

#include "shoal/hub.hpp"
#include "shoal/task.hpp"

namespace shoal {

class SleepAwaiter final : detail::CancelHook, detail::TimerEntry {
 public:
  explicit SleepAwaiter(Hub::Duration d) : duration_(d) {}
  SleepAwaiter(const SleepAwaiter&) = delete;
  SleepAwaiter& operator=(const SleepAwaiter&) = delete;
  ~SleepAwaiter() {
    if (scheduled()) ctx_->hub->unschedule(*this);
  }

  bool await_ready() const noexcept { return false; }
  template <detail::ShoalPromise P>
  bool await_suspend(std::coroutine_handle<P> h) {
    return suspend(h.promise().ctx, h);
  }
  void await_resume() const {
    if (ctx_->cancelled) throw Cancelled();
  }

 private:
  bool suspend(detail::Context* ctx, std::coroutine_handle<> h);
  void fire() override;
  void cancel() override;

  Hub::Duration duration_;
  detail::Context* ctx_ = nullptr;
  std::coroutine_handle<> h_;
};

// Rvalue awaiter, made where it is awaited: `co_await shoal::sleep(1s);`
inline SleepAwaiter sleep(Hub::Duration d = Hub::Duration::zero()) { return SleepAwaiter(d); }

}  // namespace shoal

#pragma GCC visibility pop

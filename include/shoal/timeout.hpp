// shoal::with_timeout: a time limit on a whole task -- every command and
// sleep in it, however many. When the limit passes, the task is cancelled:
// the command running at that moment is ended (TERM to its group, then
// KILL), and the task unwinds with Cancelled. The awaiting task gets an
// Expected: the task's value, what it threw, or Errc::timed_out.
//
//   auto r = co_await shoal::with_timeout(10min, pull_check_remove(image));
//   if (!r && r.error().code == shoal::Errc::timed_out) ...
//
// A limit of Hub::Duration::max() is none; a negative one has already
// passed.
//
// The awaiting task itself is not cancelled by the limit; if it is cancelled
// from outside meanwhile, the inner task is cancelled with it and the
// awaiting task gets Cancelled, not a value.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <coroutine>

#include "shoal/hub.hpp"
#include "shoal/task.hpp"

namespace shoal {

template <class T>
class WithTimeout final : detail::CancelHook, detail::TimerEntry {
 public:
  WithTimeout(Hub::Duration limit, Task<T> task) : limit_(limit), task_(std::move(task)) {}
  WithTimeout(const WithTimeout&) = delete;
  WithTimeout& operator=(const WithTimeout&) = delete;
  ~WithTimeout() {
    if (scheduled()) inner_.hub->unschedule(*this);
  }

  bool await_ready() const noexcept { return false; }
  template <detail::ShoalPromise P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) {
    outer_ = h.promise().ctx;
    if (outer_->cancelled) return h;  // await_resume throws
    inner_.hub = outer_->hub;
    auto& p = task_.handle().promise();
    p.ctx = &inner_;
    p.continuation = h;
    started_ = true;
    outer_->pending = this;
    inner_.hub->schedule(*this, inner_.hub->deadline_in(limit_));
    return task_.handle();
  }
  Expected<T> await_resume() {
    if (outer_->pending == this) outer_->pending = nullptr;
    if (scheduled()) inner_.hub->unschedule(*this);
    if (outer_->cancelled) throw Cancelled();
    Expected<T> r = task_.handle().promise().take_expected();
    if (fired_ && !r.has_value() && r.error().code == Errc::cancelled)
      return Error{Errc::timed_out, "timed out", {}};
    return r;
  }

 private:
  void fire() override {
    fired_ = true;
    inner_.cancel();
  }
  void cancel() override { inner_.cancel(); }

  Hub::Duration limit_;
  Task<T> task_;
  detail::Context inner_;
  detail::Context* outer_ = nullptr;
  bool started_ = false;
  bool fired_ = false;
};

template <class T>
WithTimeout<T> with_timeout(Hub::Duration limit, Task<T> task) {
  return WithTimeout<T>(limit, std::move(task));
}

}  // namespace shoal

#pragma GCC visibility pop

// Task<T>: a C++20 coroutine that is shoal's green thread. It is lazy -- it
// starts when a Pool spawns it or another task co_awaits it -- and it may
// co_await shoal::run(command), shoal::sleep(d), shoal::with_timeout(d, t),
// a GreenThread handle, or another Task:
//
//   shoal::Task<bool> check(std::string image) {
//     shoal::Command pull = shoal::Command::exec({"docker", "pull", image});
//     auto pulled = co_await shoal::run(pull);  // not a braced list in co_await: GCC 12
//     co_return pulled.status == shoal::Status::ok;
//   }
//
// Awaiting a Task is a function call that may suspend: its value comes back,
// and what it throws is thrown on in the awaiting task. Only at the edge --
// the handle of a spawned task -- does an exception become a value
// (Expected), so that nothing is ever thrown through the event loop.
//
// Every task runs in a Context (one per spawned green thread, and one per
// with_timeout): the hub it runs on, whether it has been cancelled, and the
// operation it is suspended in. Cancelling a context cancels that operation
// (a command's process group gets TERM, then KILL; a sleep ends at once)
// and every co_await of the task from then on throws shoal::Cancelled, which
// unwinds the task as eventlet's GreenletExit does.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <concepts>
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "shoal/expected.hpp"

namespace shoal {

class Hub;

// Thrown inside a cancelled task at its co_await points. Catch it only to
// clean up, and let it go on: the task's handle then reports
// Errc::cancelled.
class Cancelled : public std::exception {
 public:
  const char* what() const noexcept override { return "cancelled"; }
};

// Thrown inside a task whose time ran out (a looping call's total timeout);
// reported as Errc::timed_out.
class TimedOut : public std::exception {
 public:
  const char* what() const noexcept override { return "timed out"; }
};

namespace detail {

// The operation a task is suspended in, as far as cancelling it goes.
class CancelHook {
 public:
  virtual void cancel() = 0;

 protected:
  // Virtual only for programs built with -Wnon-virtual-dtor (a hook's
  // subclasses, such as a handle's waiter, have public destructors).
  virtual ~CancelHook() = default;
};

struct Context {
  Hub* hub = nullptr;
  bool cancelled = false;
  CancelHook* pending = nullptr;  // set while suspended in a cancellable operation

  void cancel() {
    if (cancelled) return;
    cancelled = true;
    // Cleared before the hook runs: whoever resumes the task clears it, and
    // a second cancel must not resume it twice.
    if (CancelHook* hook = std::exchange(pending, nullptr)) hook->cancel();
  }
};

struct PromiseBase {
  Context* ctx = nullptr;
  std::coroutine_handle<> continuation;
};

template <class P>
concept ShoalPromise = std::derived_from<P, PromiseBase>;

// `co_await detail::current_context()` gives the awaiting task's context
// without suspending it.
struct CurrentContext {
  Context* ctx = nullptr;
  bool await_ready() const noexcept { return false; }
  template <ShoalPromise P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    ctx = h.promise().ctx;
    return false;
  }
  Context& await_resume() const noexcept { return *ctx; }
};
inline CurrentContext current_context() { return {}; }

// At the end of a task: go on with whoever awaited it (symmetric transfer,
// so a chain of awaits never grows the stack).
struct FinalAwaiter {
  bool await_ready() const noexcept { return false; }
  template <ShoalPromise P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
    auto next = h.promise().continuation;
    return next ? next : std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

template <class T>
struct TaskPromise : PromiseBase {
  std::optional<T> value;
  std::exception_ptr exception;

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() { exception = std::current_exception(); }
  // Not a template, so that `co_return {};` and conversions work.
  void return_value(T v) { value.emplace(std::move(v)); }

  T take() {
    if (exception) std::rethrow_exception(exception);
    return std::move(*value);
  }
  Expected<T> take_expected() {
    if (exception) return error_from(exception);
    return Expected<T>(std::move(*value));
  }
};

template <>
struct TaskPromise<void> : PromiseBase {
  std::exception_ptr exception;

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() { exception = std::current_exception(); }
  void return_void() {}

  void take() {
    if (exception) std::rethrow_exception(exception);
  }
  Expected<void> take_expected() {
    if (exception) return error_from(exception);
    return {};
  }
};

}  // namespace detail

template <class T = void>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::TaskPromise<T> {
    Task get_return_object() { return Task(Handle::from_promise(*this)); }
  };
  using Handle = std::coroutine_handle<promise_type>;
  using value_type = T;

  Task() = default;
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~Task() {
    if (h_) h_.destroy();
  }

  bool valid() const { return static_cast<bool>(h_); }

  // Starts the task in the awaiting task's context; gives its value or
  // throws what it threw. A task awaited after its context was cancelled
  // does not start: Cancelled is thrown instead.
  template <bool AsExpected>
  struct Awaiter {
    Handle h;
    bool skipped = false;
    bool await_ready() const noexcept { return false; }
    template <detail::ShoalPromise P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) {
      detail::Context* ctx = parent.promise().ctx;
      if (ctx && ctx->cancelled) {
        skipped = true;
        return parent;
      }
      h.promise().ctx = ctx;
      h.promise().continuation = parent;
      return h;
    }
    auto await_resume() {
      if constexpr (AsExpected) {
        if (skipped) return Expected<T>(Error{Errc::cancelled, "cancelled", {}});
        return h.promise().take_expected();
      } else {
        if (skipped) throw Cancelled();
        return h.promise().take();
      }
    }
  };

  Awaiter<false> operator co_await() && noexcept { return {h_}; }

  // Awaiting this gives Expected<T> instead of throwing: what spawned
  // tasks and with_timeout use at their edges.
  Awaiter<true> as_expected() && noexcept { return {h_}; }

  // For shoal's own wrappers (with_timeout): the coroutine itself.
  Handle handle() const { return h_; }

 private:
  explicit Task(Handle h) : h_(h) {}
  Handle h_;
};

template <class T>
inline constexpr bool is_task_v = false;
template <class T>
inline constexpr bool is_task_v<Task<T>> = true;

}  // namespace shoal

#pragma GCC visibility pop

// Looping calls, as oslo.service has them: a function run again and again
// on a task until it says it is done.
//
// FixedIntervalLoopingCall runs it every `interval`, measured start to start
// (a run that takes 0.2 s of a 0.5 s interval is followed by a 0.3 s wait),
// and warns when a run outlasts the interval (the next one then starts at
// once). "Poll until the VM is ACTIVE, every 0.5 s, for at most 5 minutes":
//
//   shoal::FixedIntervalLoopingCall<std::string> poll([&]() -> shoal::Task<shoal::LoopStep<std::string>> {
//     shoal::Command show = shoal::Command::exec({"nova", "show", id});
//     auto r = co_await shoal::run(std::move(show));
//     if (r.out.str().find("ACTIVE") != std::string::npos)
//       co_return shoal::LoopingCallDone{r.out.str()};
//     co_return {};                                   // go on
//   });
//   auto state = co_await shoal::with_timeout(5min, poll.start(500ms));
//
// BackOffLoopingCall waits longer after each unsuccessful run: the function
// returns true (worked: wait the starting interval again) or false (back
// off: about twice the last wait, with random jitter, capped), and the whole
// gives up with Errc::timed_out once the waits after failures add up past a
// total timeout.
//
// A run stops the loop with `co_return shoal::LoopingCallDone{value}`, and
// that value is the loop's result -- oslo's LoopingCallDone(retvalue). stop()
// from outside lets the current run finish and ends the loop without a
// value (Errc::stopped); cancelling the task that runs the loop interrupts
// even the current run.
//
// Waits saturate as the hub's deadlines do: an interval of
// Hub::Duration::max() (or one grown that far) waits until stop() or a
// cancel; a negative interval is zero.
//
// start() returns the loop as a lazy Task<T>: co_await it inside a task, or
// spawn it on a Pool and wait() on the handle. The loop's state is shared
// with that task, so the call object may go away before the loop has ended.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <variant>

#include "shoal/hub.hpp"
#include "shoal/task.hpp"

namespace shoal {

// Ends a looping call with a value. Without one (LoopingCallDone{}) the
// value is std::monostate.
template <class T = std::monostate>
struct LoopingCallDone {
  T value{};
};
template <class T>
LoopingCallDone(T) -> LoopingCallDone<T>;

// Thrown inside a looping call's task when stop() ended it; reported as
// Errc::stopped.
class Stopped : public std::exception {
 public:
  const char* what() const noexcept override { return "stopped"; }
};

// What one run returns: go on (`co_return {};` or `co_return true;`), back
// off (`co_return false;`, BackOffLoopingCall only), or done with a value.
template <class T = std::monostate>
class LoopStep {
 public:
  LoopStep() = default;
  LoopStep(bool success) : success_(success) {}
  LoopStep(LoopingCallDone<T> done) : value_(std::move(done.value)) {}
  // DynamicLoopingCall only: wait this long before the next run
  // (`co_return 2s;`).
  template <class Rep, class Period>
  LoopStep(std::chrono::duration<Rep, Period> next)
      : delay_(std::chrono::duration_cast<Hub::Duration>(next)) {}

  bool done() const { return value_.has_value(); }
  bool success() const { return success_; }
  T& value() { return *value_; }
  const std::optional<Hub::Duration>& delay() const { return delay_; }

 private:
  std::optional<T> value_;
  std::optional<Hub::Duration> delay_;
  bool success_ = true;
};

struct FixedIntervalOptions {
  Hub::Duration initial_delay{0};
  // oslo's stop_on_exception: when false, a run that throws is reported
  // (on_exception) and the loop goes on.
  bool stop_on_exception = true;
  // Called when a run outlasted the interval, with how much. Default: a
  // warning on stderr. An empty function says nothing.
  std::function<void(Hub::Duration late)> on_overrun = warn_overrun;
  std::function<void(const Error&)> on_exception = warn_exception;
  // oslo's FixedIntervalWithTimeoutLoopingCall: once a run ends more than
  // this after start() (the initial delay included), the loop ends with
  // Errc::timed_out. Zero: no limit.
  Hub::Duration timeout{0};

  static void warn_overrun(Hub::Duration late);
  static void warn_exception(const Error& error);
};

struct BackOffOptions {
  Hub::Duration initial_delay{0};
  Hub::Duration starting_interval = std::chrono::seconds(1);
  // The waits after unsuccessful runs may add up to this, and then the loop
  // ends with Errc::timed_out. Zero: no limit.
  Hub::Duration timeout = std::chrono::seconds(300);
  Hub::Duration max_interval = std::chrono::seconds(300);
  Hub::Duration min_interval = std::chrono::milliseconds(1);
  // Each back-off multiplies the last wait by 2 * N(jitter, jitter_spread).
  // jitter_spread 0 makes the waits exact (for tests); seed 0 seeds from the
  // system's random device.
  double jitter = 0.75;
  double jitter_spread = 0.1;
  std::uint64_t seed = 0;
};

struct DynamicOptions {
  Hub::Duration initial_delay{0};
  // The wait after a run that names none (`co_return {};`), and the most
  // any run may ask for. Unset: a run must name its wait, and one that
  // does not ends the loop with an error (oslo raises RuntimeError).
  std::optional<Hub::Duration> periodic_interval_max;
  bool stop_on_exception = true;
  std::function<void(const Error&)> on_exception = FixedIntervalOptions::warn_exception;
};

namespace detail {

// What start()'s task and stop() share: the stop flag, and the wait between
// runs, which stop() cuts short.
class LoopControl final : public CancelHook, public TimerEntry {
 public:
  bool stop_requested = false;

  void stop();
  // co_await control.wait(d): sleeps d unless stopped first.
  struct Wait {
    LoopControl* control;
    Hub::Duration duration;
    bool await_ready() const noexcept { return false; }
    template <ShoalPromise P>
    bool await_suspend(std::coroutine_handle<P> h) {
      return control->suspend(h.promise().ctx, h, duration);
    }
    void await_resume() const { control->resumed(); }
  };
  Wait wait(Hub::Duration d) { return {this, d}; }

  ~LoopControl() {
    if (scheduled() && ctx_) ctx_->hub->unschedule(*this);
  }

 private:
  bool suspend(Context* ctx, std::coroutine_handle<> h, Hub::Duration d);
  void resumed();
  void fire() override;
  void cancel() override;

  Context* ctx_ = nullptr;
  std::coroutine_handle<> h_;
  bool sleeping_ = false;
};

// The back-off arithmetic, apart from time and tasks so that it can be
// tested on its own.
class BackOff {
 public:
  explicit BackOff(const BackOffOptions& options);
  // The wait after a run; nullopt when the total timeout would be passed.
  std::optional<Hub::Duration> next(bool success);

 private:
  BackOffOptions o_;
  double interval_;   // seconds
  double error_time_ = 0;
  std::uint64_t state_;
  double gauss();
};

double seconds(Hub::Duration d);

// One run of a looping call's function. With stop_on_exception what it
// throws ends the loop (thrown on); without, it is told to on_exception and
// the run has no step. A cancellation always ends the loop.
template <class T>
Task<std::optional<LoopStep<T>>> run_loop_step(const std::function<Task<LoopStep<T>>()>& f,
                                               bool stop_on_exception,
                                               const std::function<void(const Error&)>& on_exception) {
  if (stop_on_exception) co_return co_await f();
  Expected<LoopStep<T>> r = co_await f().as_expected();
  if (r) co_return std::move(*r);
  if (r.error().code == Errc::cancelled) throw Cancelled();
  if (on_exception) on_exception(r.error());
  co_return std::nullopt;
}

// What every looping call has besides its loop: the function it runs, and
// the control its stop() reaches.
template <class T>
class LoopingCallBase {
 public:
  using Function = std::function<Task<LoopStep<T>>()>;
  explicit LoopingCallBase(Function f) : f_(std::move(f)) {}

  // The current run finishes; no other starts. The loop ends with
  // Errc::stopped.
  void stop() {
    if (control_) control_->stop();
  }

 protected:
  // The control of a new start(); stop() reaches the latest one.
  std::shared_ptr<LoopControl> new_control() { return control_ = std::make_shared<LoopControl>(); }

  Function f_;

 private:
  std::shared_ptr<LoopControl> control_;
};

}  // namespace detail

template <class T = std::monostate>
class FixedIntervalLoopingCall : public detail::LoopingCallBase<T> {
 public:
  using typename detail::LoopingCallBase<T>::Function;
  explicit FixedIntervalLoopingCall(Function f) : detail::LoopingCallBase<T>(std::move(f)) {}

  Task<T> start(Hub::Duration interval, FixedIntervalOptions options = {}) {
    return loop(this->f_, interval, std::move(options), this->new_control());
  }

 private:
  static Task<T> loop(Function f, Hub::Duration interval, FixedIntervalOptions o,
                      std::shared_ptr<detail::LoopControl> control) {
    detail::Context& ctx = co_await detail::current_context();
    Hub& hub = *ctx.hub;
    // A negative interval is none: runs back to back, never "late" (the
    // overrun would be took - interval, past what a Duration holds).
    interval = std::max(interval, Hub::Duration::zero());
    auto began = hub.now();
    if (o.initial_delay > Hub::Duration::zero()) co_await control->wait(o.initial_delay);
    for (;;) {
      if (control->stop_requested) throw Stopped();
      auto started = hub.now();
      std::optional<LoopStep<T>> step =
          co_await detail::run_loop_step<T>(f, o.stop_on_exception, o.on_exception);
      if (step && step->done()) co_return std::move(step->value());
      auto took = hub.now() - started;
      if (took > interval && o.on_overrun) o.on_overrun(took - interval);
      if (o.timeout > Hub::Duration::zero() && hub.now() - began > o.timeout) throw TimedOut();
      co_await control->wait(took >= interval ? Hub::Duration::zero() : interval - took);
    }
  }
};

template <class T = std::monostate>
class BackOffLoopingCall : public detail::LoopingCallBase<T> {
 public:
  using typename detail::LoopingCallBase<T>::Function;
  explicit BackOffLoopingCall(Function f) : detail::LoopingCallBase<T>(std::move(f)) {}

  Task<T> start(BackOffOptions options = {}) { return loop(this->f_, options, this->new_control()); }

 private:
  static Task<T> loop(Function f, BackOffOptions o, std::shared_ptr<detail::LoopControl> control) {
    detail::BackOff backoff(o);
    if (o.initial_delay > Hub::Duration::zero()) co_await control->wait(o.initial_delay);
    for (;;) {
      if (control->stop_requested) throw Stopped();
      LoopStep<T> step = co_await f();
      if (step.done()) co_return std::move(step.value());
      std::optional<Hub::Duration> idle = backoff.next(step.success());
      if (!idle) throw TimedOut();
      co_await control->wait(*idle);
    }
  }
};

// oslo's name for a fixed-interval call with FixedIntervalOptions::timeout.
template <class T = std::monostate>
using FixedIntervalWithTimeoutLoopingCall = FixedIntervalLoopingCall<T>;

// oslo's DynamicLoopingCall: each run says how long to wait before the
// next (`co_return 30s;`), measured from its end; `co_return {};` waits
// periodic_interval_max; LoopingCallDone ends it.
//
//   shoal::DynamicLoopingCall<> sync([&]() -> shoal::Task<shoal::LoopStep<>> {
//     bool more = co_await sync_some();
//     if (more) co_return std::chrono::seconds(1);    // soon again
//     co_return {};                                   // the longest wait
//   });
//   co_await sync.start({.periodic_interval_max = std::chrono::seconds(60)});
template <class T = std::monostate>
class DynamicLoopingCall : public detail::LoopingCallBase<T> {
 public:
  using typename detail::LoopingCallBase<T>::Function;
  explicit DynamicLoopingCall(Function f) : detail::LoopingCallBase<T>(std::move(f)) {}

  Task<T> start(DynamicOptions options = {}) {
    return loop(this->f_, std::move(options), this->new_control());
  }

 private:
  static Task<T> loop(Function f, DynamicOptions o, std::shared_ptr<detail::LoopControl> control) {
    if (o.initial_delay > Hub::Duration::zero()) co_await control->wait(o.initial_delay);
    for (;;) {
      if (control->stop_requested) throw Stopped();
      std::optional<LoopStep<T>> step =
          co_await detail::run_loop_step<T>(f, o.stop_on_exception, o.on_exception);
      if (step && step->done()) co_return std::move(step->value());
      std::optional<Hub::Duration> idle = step ? step->delay() : std::nullopt;
      if (!idle) idle = o.periodic_interval_max;
      else if (o.periodic_interval_max) idle = std::min(*idle, *o.periodic_interval_max);
      if (!idle)
        throw std::logic_error(
            "DynamicLoopingCall: a run named no wait and periodic_interval_max is not set");
      co_await control->wait(*idle);
    }
  }
};

}  // namespace shoal

#pragma GCC visibility pop

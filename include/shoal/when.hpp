// when_all and when_any: several tasks run at once inside one task, which
// goes on when all of them -- or the first of them -- have ended. asyncio's
// gather and wait(FIRST_COMPLETED), Asio's parallel groups.
//
//   auto [a, b] = co_await shoal::when_all(fetch(x), fetch(y));   // Expected each
//   std::vector<shoal::Expected<Result>> rs = co_await shoal::when_all(std::move(tasks));
//   auto first = co_await shoal::when_any(std::move(tasks));       // {index, value}
//
// The tasks run concurrently on the awaiting task's hub, in no pool: they
// take no slots (the awaiting task holds one). Each gives an Expected, as a
// spawned job's handle does: one that throws does not disturb the others
// (asyncio's gather(return_exceptions=True)).
//
// when_any cancels the others once the first has ended, and goes on only
// when they have ended too (their commands TERMed, then KILLed, as for any
// cancel): nothing started by it outlives the co_await, so no process or
// frame is left without an owner. Its value is the first to end, failed or
// not. A task that should outlive the race belongs on a Pool instead:
// spawn it and co_await its handle.
//
// Cancelling the awaiting task cancels all of them, waits for them to end,
// and then throws Cancelled.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <coroutine>
#include <cstddef>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "shoal/expected.hpp"
#include "shoal/task.hpp"

namespace shoal {

namespace detail {

struct ChildPromise;

// What when_all and when_any share: the children's contexts, the count of
// those still running, and who to resume when it reaches zero.
class JoinCore : public CancelHook {
 public:
  explicit JoinCore(bool first_cancels) : first_cancels_(first_cancels) {}
  JoinCore(const JoinCore&) = delete;
  JoinCore& operator=(const JoinCore&) = delete;
  virtual ~JoinCore();

  // The first child to end, when there was one (when_any).
  std::optional<std::size_t> first;

 protected:
  // Makes room for n children; each add() before start().
  void prepare(std::size_t n);
  void add(std::coroutine_handle<ChildPromise> child);
  // Starts every child; false when all ended at once (do not suspend).
  bool start(Context* parent_ctx, std::coroutine_handle<> parent);
  // After resuming: throws Cancelled if the awaiting task was cancelled.
  void resumed();
  Context* parent_ctx_ = nullptr;

 private:
  friend struct ChildPromise;
  friend struct ChildFinal;
  void child_ended(std::size_t index);
  void cancel() override;

  bool first_cancels_;
  std::vector<Context> contexts_;
  std::vector<std::coroutine_handle<ChildPromise>> children_;
  std::size_t remaining_ = 0;
  std::coroutine_handle<> parent_;
};

struct ChildFinal {
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<ChildPromise> h) noexcept;
  void await_resume() const noexcept {}
};

struct Child;

struct ChildPromise : PromiseBase {
  JoinCore* core = nullptr;
  std::size_t index = 0;
  Child get_return_object();
  std::suspend_always initial_suspend() const noexcept { return {}; }
  ChildFinal final_suspend() const noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }  // as_expected catches everything
};

struct Child {
  using promise_type = ChildPromise;
  std::coroutine_handle<ChildPromise> h;
};

inline Child ChildPromise::get_return_object() {
  return {std::coroutine_handle<ChildPromise>::from_promise(*this)};
}

template <class T>
Child run_child(Task<T> task, std::optional<Expected<T>>& out) {
  out.emplace(co_await std::move(task).as_expected());
}

// What WhenAll and WhenAny share: a vector of tasks started together, each
// one's Expected kept in its place.
template <class T>
class JoinVector : protected JoinCore {
 public:
  bool await_ready() const noexcept { return tasks_.empty(); }
  template <ShoalPromise P>
  bool await_suspend(std::coroutine_handle<P> h) {
    outs_.resize(tasks_.size());
    prepare(tasks_.size());
    for (std::size_t i = 0; i < tasks_.size(); ++i) add(run_child(std::move(tasks_[i]), outs_[i]).h);
    return start(h.promise().ctx, h);
  }

 protected:
  JoinVector(bool first_cancels, std::vector<Task<T>> tasks)
      : JoinCore(first_cancels), tasks_(std::move(tasks)) {}

  std::vector<Task<T>> tasks_;
  std::vector<std::optional<Expected<T>>> outs_;
};

}  // namespace detail

template <class T>
class WhenAll final : detail::JoinVector<T> {
 public:
  explicit WhenAll(std::vector<Task<T>> tasks) : detail::JoinVector<T>(false, std::move(tasks)) {}

  using detail::JoinVector<T>::await_ready;
  using detail::JoinVector<T>::await_suspend;
  std::vector<Expected<T>> await_resume() {
    this->resumed();
    std::vector<Expected<T>> r;
    r.reserve(this->outs_.size());
    for (auto& o : this->outs_) r.push_back(std::move(*o));
    return r;
  }
};

template <class... Ts>
class WhenAllOf final : detail::JoinCore {
 public:
  explicit WhenAllOf(Task<Ts>... tasks) : JoinCore(false), tasks_(std::move(tasks)...) {}

  bool await_ready() const noexcept { return sizeof...(Ts) == 0; }
  template <detail::ShoalPromise P>
  bool await_suspend(std::coroutine_handle<P> h) {
    prepare(sizeof...(Ts));
    add_all(std::index_sequence_for<Ts...>{});
    return start(h.promise().ctx, h);
  }
  std::tuple<Expected<Ts>...> await_resume() {
    resumed();
    return take(std::index_sequence_for<Ts...>{});
  }

 private:
  template <std::size_t... I>
  void add_all(std::index_sequence<I...>) {
    (add(detail::run_child(std::move(std::get<I>(tasks_)), std::get<I>(outs_)).h), ...);
  }
  template <std::size_t... I>
  std::tuple<Expected<Ts>...> take(std::index_sequence<I...>) {
    return std::tuple<Expected<Ts>...>(std::move(*std::get<I>(outs_))...);
  }

  std::tuple<Task<Ts>...> tasks_;
  std::tuple<std::optional<Expected<Ts>>...> outs_;
};

template <class T>
struct AnyResult {
  std::size_t index;  // which task ended first
  Expected<T> value;  // what it ended with
};

template <class T>
class WhenAny final : detail::JoinVector<T> {
 public:
  explicit WhenAny(std::vector<Task<T>> tasks) : detail::JoinVector<T>(true, std::move(tasks)) {}

  using detail::JoinVector<T>::await_ready;
  using detail::JoinVector<T>::await_suspend;
  // With no tasks at all: index is size_t(-1), value an Errc::cancelled.
  AnyResult<T> await_resume() {
    if (this->outs_.empty()) return {static_cast<std::size_t>(-1), Error{Errc::cancelled, "when_any of no tasks", {}}};
    this->resumed();
    return {*this->first, std::move(*this->outs_[*this->first])};
  }
};

// Every task in the vector; their Expecteds in the same order.
template <class T>
WhenAll<T> when_all(std::vector<Task<T>> tasks) {
  return WhenAll<T>(std::move(tasks));
}
// Tasks of any types; a tuple of their Expecteds.
template <class... Ts>
WhenAllOf<Ts...> when_all(Task<Ts>... tasks) {
  return WhenAllOf<Ts...>(std::move(tasks)...);
}
// The first to end; the others cancelled (and waited for).
template <class T>
WhenAny<T> when_any(std::vector<Task<T>> tasks) {
  return WhenAny<T>(std::move(tasks));
}
template <class T, class... More>
  requires(std::same_as<Task<T>, More> && ...)
WhenAny<T> when_any(Task<T> first, More... more) {
  std::vector<Task<T>> tasks;
  tasks.reserve(1 + sizeof...(More));
  tasks.push_back(std::move(first));
  (tasks.push_back(std::move(more)), ...);
  return WhenAny<T>(std::move(tasks));
}

}  // namespace shoal

#pragma GCC visibility pop

// GreenPile, imap and starmap: many jobs, their results taken in the order
// they were spawned -- eventlet's GreenPile and GreenPool.imap / starmap,
// asyncio's as-you-go gather, Python's map over a pool.
//
//   shoal::Pool pool(100);
//   for (shoal::Expected<int>& r : shoal::imap(pool, work, std::views::iota(0, 10'000'000)))
//     use(*r);                        // in input order, as soon as each is ready
//
// imap reads its inputs only as it goes: at most `window` jobs (by default
// twice the pool's size) are spawned and not yet taken, so ten million
// inputs through a Pool(100) hold about 200 jobs at a time, whatever the
// input's length -- its memory stays flat (tests/pool/imap_memory_test.cpp
// measures it). Any range with begin() and end() will do (a vector, a
// lazy view); one given as an rvalue is kept inside, an lvalue one must
// outlive the imap. Several ranges are zipped, as eventlet's imap(f, a, b)
// does: f(a[i], b[i]), up to the shortest. starmap(pool, f, tuples) calls
// f with each tuple's elements.
//
// Outside the loop, iterate (each step drives the loop until the next
// result is ready) or call wait_next(); inside a task, `co_await next()`.
// Each result is an Expected: a job that failed is an Error in its place
// and the iteration goes on (eventlet raises it from next() and goes on).
//
// GreenPile is the same without an input range: spawn() into it, then take
// the results in order. It holds every job spawned and not yet taken; a
// producer inside a task that uses spawn_when_free() is held back when the
// pool is full, as eventlet's GreenPile.spawn is.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <deque>
#include <iterator>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "shoal/green_thread.hpp"
#include "shoal/pool.hpp"

namespace shoal {

namespace detail {

// Iteration over anything with wait_next(): blocking, for plain code.
template <class Source, class T>
class BlockingIterator {
 public:
  using value_type = Expected<T>;
  using difference_type = std::ptrdiff_t;
  BlockingIterator() = default;
  explicit BlockingIterator(Source* s) : source_(s) { ++*this; }
  Expected<T>& operator*() { return *current_; }
  BlockingIterator& operator++() {
    current_ = source_->wait_next();
    return *this;
  }
  void operator++(int) { ++*this; }
  bool operator==(std::default_sentinel_t) const { return !current_; }

 private:
  Source* source_ = nullptr;
  std::optional<Expected<T>> current_;
};

}  // namespace detail

template <class T>
class GreenPile {
 public:
  explicit GreenPile(Pool& pool) : pool_(&pool) {}
  // A pile with a Pool of its own, on the thread's default hub.
  explicit GreenPile(std::size_t size) : own_(std::make_unique<Pool>(size)), pool_(own_.get()) {}

  // As pool.spawn: the job queues if the pool is full.
  template <class... Xs>
  void spawn(Xs&&... xs) {
    jobs_.push_back(pool_->spawn(std::forward<Xs>(xs)...));
  }
  // Inside a task: as pool.spawn_when_free, the task waits for a slot.
  template <class... Xs>
  Task<void> spawn_when_free(Xs... xs) {
    jobs_.push_back(co_await pool_->spawn_when_free(std::move(xs)...));
  }

  // Outside the loop: the next result in spawn order, or nullopt when
  // every job spawned has been taken.
  std::optional<Expected<T>> wait_next() {
    if (jobs_.empty()) return std::nullopt;
    GreenThread<T> h = std::move(jobs_.front());
    jobs_.pop_front();
    return std::move(h).wait();
  }
  // Inside a task: the same, awaited.
  Task<std::optional<Expected<T>>> next() {
    if (jobs_.empty()) co_return std::nullopt;
    GreenThread<T> h = std::move(jobs_.front());
    jobs_.pop_front();
    co_return co_await std::move(h);
  }

  // Jobs spawned and not yet taken.
  std::size_t size() const { return jobs_.size(); }
  Pool& pool() { return *pool_; }

  detail::BlockingIterator<GreenPile, T> begin() { return detail::BlockingIterator<GreenPile, T>(this); }
  std::default_sentinel_t end() { return {}; }

 private:
  std::unique_ptr<Pool> own_;
  Pool* pool_;
  std::deque<GreenThread<T>> jobs_;
};

namespace detail {

// An input range as imap keeps it: by value when it was given as an
// rvalue, by reference when as an lvalue (which must then outlive it).
// Plain std::begin/std::end, not std::ranges: clang 14 cannot instantiate
// libstdc++ 12's range concepts, and any range with begin()/end() will do.
template <class R>
struct Held {
  R value;
  R& get() { return value; }
};
template <class R>
struct Held<R&> {
  R* ptr;
  R& get() { return *ptr; }
};
template <class R>
Held<R> hold(R&& r) {
  if constexpr (std::is_lvalue_reference_v<R>)
    return Held<R>{&r};
  else
    return Held<R>{std::move(r)};
}
template <class R>
using HeldIterator = decltype(std::begin(std::declval<std::remove_reference_t<R>&>()));

}  // namespace detail

template <class F, class... Rs>
class Imap {
  using TaskType = std::invoke_result_t<
      F&, std::remove_cvref_t<decltype(*std::declval<detail::HeldIterator<Rs>&>())>&&...>;

 public:
  using value_type = typename TaskType::value_type;

  template <class... Args>
  Imap(Pool& pool, std::size_t window, F f, Args&&... inputs)
      : pool_(&pool), window_(window ? window : 1), f_(std::move(f)),
        inputs_(detail::hold<Rs>(std::forward<Args>(inputs))...),
        its_(std::apply([](auto&... in) { return std::tuple(std::begin(in.get())...); }, inputs_)) {}
  Imap(const Imap&) = delete;
  Imap& operator=(const Imap&) = delete;
  Imap(Imap&&) = delete;  // the iterators point into inputs_

  std::optional<Expected<value_type>> wait_next() {
    fill();
    if (jobs_.empty()) return std::nullopt;
    GreenThread<value_type> h = std::move(jobs_.front());
    jobs_.pop_front();
    fill();
    return std::move(h).wait();
  }
  Task<std::optional<Expected<value_type>>> next() {
    fill();
    if (jobs_.empty()) co_return std::nullopt;
    GreenThread<value_type> h = std::move(jobs_.front());
    jobs_.pop_front();
    fill();
    co_return co_await std::move(h);
  }

  // Spawned and not yet taken: never more than the window.
  std::size_t in_flight() const { return jobs_.size(); }

  detail::BlockingIterator<Imap, value_type> begin() {
    return detail::BlockingIterator<Imap, value_type>(this);
  }
  std::default_sentinel_t end() { return {}; }

 private:
  template <std::size_t... I>
  bool at_end(std::index_sequence<I...>) {
    return ((std::get<I>(its_) == std::end(std::get<I>(inputs_).get())) || ...);
  }
  template <std::size_t... I>
  void spawn_one(std::index_sequence<I...>) {
    jobs_.push_back(pool_->spawn(f_, *std::get<I>(its_)...));
    (++std::get<I>(its_), ...);
  }
  void fill() {
    while (jobs_.size() < window_ && !at_end(std::index_sequence_for<Rs...>{}))
      spawn_one(std::index_sequence_for<Rs...>{});
  }

  Pool* pool_;
  std::size_t window_;
  F f_;
  std::tuple<detail::Held<Rs>...> inputs_;
  std::tuple<detail::HeldIterator<Rs>...> its_;
  std::deque<GreenThread<value_type>> jobs_;
};

// f(inputs[i]...) for each i, on `pool`, taken in order; see above. The
// result is used where it is made (for (auto& r : imap(...)), or
// auto results = imap(...);): it cannot be moved, as it points into itself.
template <class F, class... Rs>
Imap<F, Rs...> imap(Pool& pool, F f, Rs&&... inputs) {
  return Imap<F, Rs...>(pool, 2 * pool.size(), std::move(f), std::forward<Rs>(inputs)...);
}
// The same with a window of your choosing (at least 1).
template <class F, class... Rs>
Imap<F, Rs...> imap_window(Pool& pool, std::size_t window, F f, Rs&&... inputs) {
  return Imap<F, Rs...>(pool, window, std::move(f), std::forward<Rs>(inputs)...);
}

namespace detail {
template <class F>
struct Star {
  F f;
  template <class Tuple>
  auto operator()(Tuple&& args) {
    return std::apply(f, std::forward<Tuple>(args));
  }
};
}  // namespace detail

// f(args...) for each tuple of args in `inputs` (eventlet's starmap).
template <class F, class R>
Imap<detail::Star<F>, R> starmap(Pool& pool, F f, R&& inputs) {
  return Imap<detail::Star<F>, R>(pool, 2 * pool.size(), detail::Star<F>{std::move(f)},
                                  std::forward<R>(inputs));
}

}  // namespace shoal

#pragma GCC visibility pop

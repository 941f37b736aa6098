// retry: a flaky step tried again, up to N tries in all, with a delay
// between them that may grow -- oslo.service's RetryDecorator, as a task.
//
//   // a command: again while it fails, times out or is killed
//   auto del = shoal::Command::exec({"nova", "delete", id});
//   shoal::Result r = co_await shoal::retry(del, {.tries = 5, .delay = 2s, .backoff = 2});
//   // ... or while its status is one of those given
//   r = co_await shoal::retry(del, {.tries = 5}, {shoal::Status::failed});
//   // a task: again while it throws, or while the predicate says so
//   auto token = co_await shoal::retry([&] { return fetch_token(url); }, {.tries = 3});
//
// The command form returns the last Result, its `tries` field saying how
// many were made. The task form returns the last value, or throws on what
// the last try threw. Cancellation is never retried.
//
// The statuses to retry on are a StatusSet, not a std::vector: GCC 12
// rejects any std::initializer_list made inside a co_await expression
// ("array used as initializer"), and `co_await retry(cmd, {}, {...})` is
// where a user writes one. StatusSet's braced form calls a constructor
// instead, and compiles everywhere.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "shoal/command.hpp"
#include "shoal/hub.hpp"
#include "shoal/result.hpp"
#include "shoal/sleep.hpp"
#include "shoal/task.hpp"

namespace shoal {

struct RetryOptions {
  int tries = 3;                               // in all, the first included
  Hub::Duration delay = std::chrono::seconds(1);  // before the second try
  double backoff = 1;                          // each later delay: the last one times this
  Hub::Duration max_delay = std::chrono::seconds(60);  // however far the backoff grows
};

// Which statuses a command is tried again on: {Status::failed,
// Status::timeout}, a single Status, or a std::vector<Status>.
class StatusSet {
 public:
  constexpr StatusSet() = default;
  template <class... S>
    requires(sizeof...(S) > 0 && (std::same_as<S, Status> && ...))
  constexpr StatusSet(S... statuses) : bits_((bit(statuses) | ...)) {}
  StatusSet(const std::vector<Status>& statuses) {
    for (Status s : statuses) bits_ |= bit(s);
  }

  constexpr bool contains(Status s) const { return (bits_ & bit(s)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }

  // The default: failed, timed out or killed -- not ok, and not error (a
  // command that cannot start will not start on the next try either).
  static constexpr StatusSet not_ok() { return {Status::failed, Status::timeout, Status::killed}; }

 private:
  static constexpr std::uint32_t bit(Status s) { return 1u << static_cast<unsigned>(s); }
  std::uint32_t bits_ = 0;
};

// The default for tasks: try again when the try ended in an error.
struct RetryOnError {
  template <class T>
  bool operator()(const Expected<T>& outcome) const {
    return !outcome.has_value();
  }
};

namespace detail {
Hub::Duration next_retry_delay(Hub::Duration delay, const RetryOptions& options);
}

Task<Result> retry(Command command, RetryOptions options = {},
                   StatusSet retry_on = StatusSet::not_ok());

template <class F, class Pred = RetryOnError>
  requires std::invocable<F&> && is_task_v<std::invoke_result_t<F&>>
std::invoke_result_t<F&> retry(F f, RetryOptions options = {}, Pred should_retry = {}) {
  using T = typename std::invoke_result_t<F&>::value_type;
  Hub::Duration delay = options.delay;
  for (int attempt = 1;; ++attempt) {
    Expected<T> outcome = co_await f().as_expected();
    if (!outcome && outcome.error().code == Errc::cancelled) throw Cancelled();
    if (attempt >= options.tries || !should_retry(outcome)) {
      if constexpr (std::is_void_v<T>) {
        outcome.value();  // throws what the last try threw
        co_return;
      } else {
        co_return std::move(outcome).value();
      }
    }
    co_await shoal::sleep(delay);
    delay = detail::next_retry_delay(delay, options);
  }
}

}  // namespace shoal

#pragma GCC visibility pop

// retry: a flaky step tried again, up to N tries in all, with a delay
// between them that may grow -- oslo.service's RetryDecorator, as a task.
//
//   // a command: again while it fails, times out or is killed
//   shoal::Result r = co_await shoal::retry(shoal::Command::exec({"nova", "delete", id}),
//                                           {.tries = 5, .delay = 2s, .backoff = 2});
//   // a task: again while it throws, or while the predicate says so
//   auto token = co_await shoal::retry([&] { return fetch_token(url); }, {.tries = 3});
//
// The command form returns the last Result, its `tries` field saying how
// many were made. The task form returns the last value, or throws on what
// the last try threw. Cancellation is never retried.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <algorithm>
#include <chrono>
#include <concepts>
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
                   std::vector<Status> retry_on = {Status::failed, Status::timeout, Status::killed});

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

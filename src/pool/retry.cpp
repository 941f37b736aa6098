// The command form of retry, and the delay arithmetic both forms share.
#include "shoal/retry.hpp"

#include "shoal/run.hpp"

namespace shoal {

namespace detail {
Hub::Duration next_retry_delay(Hub::Duration delay, const RetryOptions& options) {
  auto grown = std::chrono::duration_cast<Hub::Duration>(
      std::chrono::duration<double, Hub::Duration::period>(static_cast<double>(delay.count()) *
                                                          options.backoff));
  return std::min(grown, options.max_delay);
}
}  // namespace detail

Task<Result> retry(Command command, RetryOptions options, std::vector<Status> retry_on) {
  Hub::Duration delay = options.delay;
  for (int attempt = 1;; ++attempt) {
    Command this_try = command;
    Result r = co_await run(std::move(this_try));
    r.tries = attempt;
    bool again = std::find(retry_on.begin(), retry_on.end(), r.status) != retry_on.end();
    if (attempt >= options.tries || !again) co_return r;
    co_await shoal::sleep(delay);
    delay = detail::next_retry_delay(delay, options);
  }
}

}  // namespace shoal

// The command form of retry, and the delay arithmetic both forms share.
#include "shoal/retry.hpp"

#include "shoal/run.hpp"

namespace shoal {

namespace detail {
Hub::Duration next_retry_delay(Hub::Duration delay, const RetryOptions& options) {
  // In double, and capped before converting back: a delay grown past what
  // a Duration holds would overflow (to a negative delay: no wait at all).
  double grown = static_cast<double>(delay.count()) * options.backoff;
  if (!(grown < static_cast<double>(options.max_delay.count()))) return options.max_delay;
  if (!(grown > 0)) return Hub::Duration::zero();
  return Hub::Duration(static_cast<Hub::Duration::rep>(grown));
}
}  // namespace detail

Task<Result> retry(Command command, RetryOptions options, StatusSet retry_on) {
  Hub::Duration delay = options.delay;
  for (int attempt = 1;; ++attempt) {
    Command this_try = command;
    Result r = co_await run(std::move(this_try));
    r.tries = attempt;
    if (attempt >= options.tries || !retry_on.contains(r.status)) co_return r;
    co_await shoal::sleep(delay);
    delay = detail::next_retry_delay(delay, options);
  }
}

}  // namespace shoal

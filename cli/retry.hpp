// When to try a failed job again, and after how long: --retries,
// --retry-delay, --retry-backoff. Pure policy; the jitter's randomness is
// passed in so that tests can pin it.
#pragma once

#include <chrono>

#include "shoal/status.hpp"

namespace shoal::cli {

struct RetryPolicy {
  unsigned tries = 1;  // in all; 0 = until it succeeds
  double delay = 0;    // seconds before the first retry
  bool backoff = false;
  double max_delay = 300;

  // Whether a job that ended with `status` after `tries_so_far` tries goes again.
  bool should_retry(shoal::Status status, unsigned tries_so_far) const {
    return should_retry(status, tries_so_far, tries);
  }
  // The same for a job with its own number of tries (--retries {}).
  static bool should_retry(shoal::Status status, unsigned tries_so_far, unsigned job_tries) {
    if (status == shoal::Status::ok) return false;
    return job_tries == 0 || tries_so_far < job_tries;
  }

  // The wait before try number `next_try` (2, 3, ...). `unit` is a random
  // number in [0, 1): with back-off the wait is 50-100% of delay*2^(n-2),
  // so that many jobs failing together do not all retry together.
  std::chrono::milliseconds wait_before(unsigned next_try, double unit) const;
};

}  // namespace shoal::cli

#include "retry.hpp"

#include <algorithm>
#include <cmath>

#include "durations.hpp"

namespace shoal::cli {

std::chrono::milliseconds RetryPolicy::wait_before(unsigned next_try, double unit) const {
  double seconds = delay;
  if (backoff && next_try > 2) {
    double grown = delay * std::pow(2.0, std::min(next_try - 2, 30u));
    seconds = std::min(grown, std::max(max_delay, delay));
  }
  if (backoff) seconds *= 0.5 + 0.5 * unit;
  return to_millis(seconds);
}

}  // namespace shoal::cli

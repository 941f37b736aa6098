#include "durations.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

namespace shoal::cli {

namespace {

std::optional<double> number_prefix(std::string_view& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data() || !std::isfinite(value) || value < 0)
    return std::nullopt;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return value;
}

}  // namespace

std::chrono::milliseconds to_millis(double seconds) {
  constexpr double year = 365.0 * 24 * 3600;
  if (!(seconds > 0)) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(std::llround(std::min(seconds, year) * 1000));
}

Checked<double> parse_duration(std::string_view text) {
  std::string_view rest = text;
  double total = 0;
  bool any = false;
  while (!rest.empty()) {
    auto value = number_prefix(rest);
    if (!value) break;
    double unit = 1;
    if (!rest.empty()) {
      switch (rest.front()) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: unit = 0; break;
      }
      if (unit == 0) break;
      rest.remove_prefix(1);
    }
    // A bare number at the end counts seconds: "1m30" is 90, as GNU
    // parallel reads it (its multiply_time_units makes 1*60+30).
    total += *value * unit;
    any = true;
  }
  if (!any || !rest.empty())
    return fail("invalid duration '" + std::string(text) + "' (seconds, or with s/m/h/d: 90, 1m30s)");
  return total;
}

Checked<double> parse_rate(std::string_view text) {
  std::string_view rest = text;
  auto value = number_prefix(rest);
  double per = 1;
  if (value && !rest.empty()) {
    if (rest == "/s") per = 1;
    else if (rest == "/m") per = 60;
    else if (rest == "/h") per = 3600;
    else value.reset();
  }
  if (!value || *value <= 0)
    return fail("invalid rate '" + std::string(text) + "' (starts per second: N, N/s, N/m or N/h)");
  return *value / per;
}

}  // namespace shoal::cli

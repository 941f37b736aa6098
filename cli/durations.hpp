// Time values on the command line, as GNU parallel writes them: seconds, or
// with the postfixes s, m, h, d, combinable ("1m30s"). And --rate N/s.
#pragma once

#include <chrono>
#include <string_view>

#include "checked.hpp"

namespace shoal::cli {

// Seconds as milliseconds, clamped to [0, one year]: larger values mean
// "never" in practice and would overflow the conversion.
std::chrono::milliseconds to_millis(double seconds);

// Seconds, or why `text` is not a duration (naming it).
Checked<double> parse_duration(std::string_view text);

// --rate: "N/s", "N/m", "N/h" or plain N per second. Starts per second.
Checked<double> parse_rate(std::string_view text);

}  // namespace shoal::cli

#include "jobs_spec.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace shoal::cli {

Checked<JobsSpec> parse_jobs_spec(std::string_view text) {
  JobsSpec spec;
  std::string_view number = text;
  if (!number.empty() && number.front() == '+') {
    spec.kind = JobsSpec::Kind::plus;
    number.remove_prefix(1);
  } else if (!number.empty() && number.front() == '-') {
    spec.kind = JobsSpec::Kind::minus;
    number.remove_prefix(1);
  } else if (!number.empty() && number.back() == '%') {
    spec.kind = JobsSpec::Kind::percent;
    number.remove_suffix(1);
  } else {
    spec.kind = JobsSpec::Kind::absolute;
  }
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
      !std::isfinite(value) || value < 0 ||
      (spec.kind != JobsSpec::Kind::percent && value != std::floor(value))) {
    return fail("invalid value for -j/--jobs: '" + std::string(text) +
                "' (expected N, N%, +N, -N or 0)");
  }
  spec.value = value;
  spec.text = std::string(text);
  if (spec.kind == JobsSpec::Kind::absolute && value == 0) spec.kind = JobsSpec::Kind::unlimited;
  return spec;
}

std::size_t resolve_jobs(const JobsSpec& spec, std::size_t cpus) {
  double n = 0;
  switch (spec.kind) {
    case JobsSpec::Kind::absolute: n = spec.value; break;
    case JobsSpec::Kind::percent: n = std::floor(static_cast<double>(cpus) * spec.value / 100); break;
    case JobsSpec::Kind::plus: n = static_cast<double>(cpus) + spec.value; break;
    case JobsSpec::Kind::minus: n = static_cast<double>(cpus) - spec.value; break;
    case JobsSpec::Kind::unlimited: return SIZE_MAX;
  }
  if (n < 1) return 1;
  if (n > 1e9) return SIZE_MAX;
  return static_cast<std::size_t>(n);
}

}  // namespace shoal::cli

// -j/--jobs as GNU parallel reads it: N, N% of the CPUs, +N / -N relative to
// the CPUs, 0 for "as many as the machine allows".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "checked.hpp"

namespace shoal::cli {

struct JobsSpec {
  enum class Kind { absolute, percent, plus, minus, unlimited } kind = Kind::percent;
  double value = 100;
  std::string text = "100%";  // as the user wrote it, for messages
};

// The spec, or a message naming the text when it is not one.
Checked<JobsSpec> parse_jobs_spec(std::string_view text);

// How many jobs the spec asks for on a machine with `cpus` CPUs; at least 1.
// Kind::unlimited, and more than a billion, give SIZE_MAX (the machine's
// limits then decide, and a message quotes `text`, not the number).
std::size_t resolve_jobs(const JobsSpec& spec, std::size_t cpus);

}  // namespace shoal::cli

#include "remote/stages.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace shoal::cli {

Checked<std::vector<StageSize>> parse_stages(std::string_view text) {
  std::vector<StageSize> sizes;
  std::string_view rest = text;
  while (true) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    StageSize size;
    size.percent = !item.empty() && item.back() == '%';
    if (size.percent) item.remove_suffix(1);
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), size.value);
    bool whole = std::floor(size.value) == size.value;
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() ||
        !std::isfinite(size.value) || !(size.value > 0) || (size.percent && size.value > 100) ||
        (!size.percent && !whole))
      return fail("invalid value for --stages: '" + std::string(text) +
                  "' (expected sizes like 1,10%,100%: N hosts or P% of them, P at most 100)");
    sizes.push_back(size);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return sizes;
}

std::vector<std::size_t> plan_stages(const std::vector<StageSize>& sizes, std::size_t hosts) {
  std::vector<std::size_t> ends;
  std::size_t at = 0;
  for (std::size_t i = 0; at < hosts && !sizes.empty(); ++i) {
    const StageSize& s = sizes[std::min(i, sizes.size() - 1)];
    double count = s.percent ? std::floor(s.value * static_cast<double>(hosts) / 100) : s.value;
    auto n = static_cast<std::size_t>(std::max(1.0, std::min(count, static_cast<double>(hosts))));
    at = std::min(hosts, at + n);
    ends.push_back(at);
  }
  return ends;
}

bool stage_passes(const std::optional<HaltSpec>& halt, std::size_t ok, std::size_t not_ok) {
  HaltSpec spec;
  if (halt) {
    spec = *halt;
  } else {
    spec.when = HaltSpec::When::soon;
    spec.why = HaltSpec::Why::fail;
    spec.value = 1;
  }
  return !halt_reached(spec, ok, not_ok, ok + not_ok);
}

}  // namespace shoal::cli

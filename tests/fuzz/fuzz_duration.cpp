// Durations (--timeout, --delay, --control-persist: 1m30s) and --rate.
#include <string>

#include "durations.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = shoal::fuzz::text(data, size);
  if (auto seconds = shoal::cli::parse_duration(text)) {
    SHOAL_FUZZ_CHECK(*seconds >= 0);
    auto ms = shoal::cli::to_millis(*seconds);
    SHOAL_FUZZ_CHECK(ms.count() >= 0);
  } else {
    SHOAL_FUZZ_CHECK(!seconds.error().empty());  // one line: options.cpp escapes what it quotes
  }
  if (auto rate = shoal::cli::parse_rate(text)) SHOAL_FUZZ_CHECK(*rate > 0);
  return 0;
}

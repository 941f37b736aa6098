// --halt: now|soon,fail|success|done=N|P% and GNU parallel's old forms.
#include <string>

#include "fuzz.hpp"
#include "halt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = shoal::fuzz::text(data, size);
  auto spec = shoal::cli::parse_halt(text);
  if (!spec) {
    SHOAL_FUZZ_CHECK(!spec.error().empty());  // one line: options.cpp escapes what it quotes
    return 0;
  }
  for (std::uint64_t total : {0ull, 1ull, 7ull, ~0ull})
    for (std::uint64_t ok : {0ull, 1ull, 5ull})
      (void)shoal::cli::halt_reached(*spec, ok, total > ok ? total - ok : 0, total);
  return 0;
}

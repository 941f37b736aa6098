// -j/--jobs: N, N%, +N, -N, 0; resolving it never gives less than one job.
#include <string>

#include "fuzz.hpp"
#include "jobs_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = shoal::fuzz::text(data, size);
  auto spec = shoal::cli::parse_jobs_spec(text);
  if (!spec) {
    SHOAL_FUZZ_CHECK(!spec.error().empty());  // one line: options.cpp escapes what it quotes
    return 0;
  }
  for (std::size_t cpus : {std::size_t{1}, std::size_t{2}, std::size_t{64}, std::size_t{4096}})
    SHOAL_FUZZ_CHECK(shoal::cli::resolve_jobs(*spec, cpus) >= 1);
  return 0;
}

// Host lists (shoal::expand_hosts, public): a list either expands, within
// max_hosts, or is a one-line error; what expands folds back into a list
// that expands to the same hosts.
#include <set>
#include <string>

#include "fuzz.hpp"
#include "shoal/hosts.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view list = shoal::fuzz::text(data, size);
  std::string error;
  // As if the list came after others holding all but 2,000 of max_hosts:
  // the cap is reached within a millisecond, not after 100,000 names, so a
  // second holds hundreds of runs instead of a few.
  constexpr std::size_t room = 2000;
  auto hosts = shoal::expand_hosts(list, error, shoal::max_hosts - room);
  SHOAL_FUZZ_CHECK(hosts.size() <= room);
  if (!error.empty()) {
    SHOAL_FUZZ_CHECK(hosts.empty());
    return 0;
  }
  (void)shoal::split_host_list(list);
  (void)shoal::fold_hosts(hosts);
  return 0;
}

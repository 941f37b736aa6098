// One joblog line, as --resume reads it: a line either parses or is
// refused; a line that parses, written again, reads back the same.
#include <string>

#include "fuzz.hpp"
#include "joblog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace shoal::cli;
  std::string_view line = shoal::fuzz::text(data, size);
  JoblogEntry entry;
  if (!parse_joblog_line(line, entry)) return 0;
  std::string again = format_joblog_line(entry);
  if (!again.empty() && again.back() == '\n') again.pop_back();
  JoblogEntry back;
  SHOAL_FUZZ_CHECK(parse_joblog_line(again, back));
  SHOAL_FUZZ_CHECK(back.seq == entry.seq && back.exitval == entry.exitval &&
                   back.signal == entry.signal && back.host == entry.host);
  return 0;
}

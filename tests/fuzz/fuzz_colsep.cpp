// --colsep: PATTERN \n LINE. A pattern compiles or is a one-line error;
// a compiled one splits any line, whatever its bytes.
#include <string>
#include <vector>

#include "colsep.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = shoal::fuzz::text(data, size);
  std::string_view pattern = shoal::fuzz::take(rest, '\n');
  auto splitter = shoal::cli::ColumnSplitter::compile(pattern);
  if (!splitter) {
    SHOAL_FUZZ_CHECK(!splitter.error().empty());
    return 0;
  }
  std::vector<std::string> columns;
  splitter->split(rest, columns);
  SHOAL_FUZZ_CHECK(!columns.empty());
  std::size_t bytes = 0;
  for (const auto& c : columns) bytes += c.size();
  // Columns are pieces of the line, or capture groups within it.
  SHOAL_FUZZ_CHECK(columns.size() <= 1 || bytes <= rest.size() * columns.size());
  return 0;
}

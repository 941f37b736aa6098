// --ssh split as a shell would: any text splits or is a one-line error, and
// words quoted again (shoal::shell_quote) split back into the same words.
#include <string>

#include "fuzz.hpp"
#include "shell_words.hpp"
#include "shoal/quote.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = shoal::fuzz::text(data, size);
  auto words = shoal::cli::split_shell_words(text);
  if (!words) {
    SHOAL_FUZZ_CHECK(!words.error().empty());
    return 0;
  }
  std::string line;
  for (const auto& w : *words) line += shoal::shell_quote(w) + " ";
  auto again = shoal::cli::split_shell_words(line);
  SHOAL_FUZZ_CHECK(again && *again == *words);
  return 0;
}

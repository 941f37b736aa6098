// Command templates and --tagstring: TEXT \0 WHOLE(-I) \0 ARG \0 ARG ...
// Parsing never throws or crashes; a template that parsed builds a command
// and a display line for any arguments.
#include <string>
#include <vector>

#include "fuzz.hpp"
#include "command_words.hpp"
#include "template.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace shoal::cli;
  std::string_view rest = shoal::fuzz::text(data, size);
  std::string_view text = shoal::fuzz::take(rest, '\0');
  std::string whole(shoal::fuzz::take(rest, '\0'));
  if (whole.empty()) whole = "{}";
  std::vector<std::string> args;
  while (!rest.empty() && args.size() < 16) args.emplace_back(shoal::fuzz::take(rest, '\0'));
  JobInput input{args, 7, 3};
  auto command = CommandTemplate::parse(text, whole);
  auto tag = CommandTemplate::parse_text(text, whole);
  SHOAL_FUZZ_CHECK(CommandTemplate::check(text, whole).error().find('\n') == std::string::npos);
  (void)command.build(input);
  (void)command.display(input);
  (void)tag.expand_text(input);
  (void)needs_shell(text);
  return 0;
}

// What the unit tests of the command line share: the command line parsed
// as shoal's main() parses it, and a plain "does the text hold this" for
// the generated shell scripts, whose exact spacing the tests do not pin.
#pragma once

#include <string>
#include <vector>

#include "options.hpp"

namespace shoal::cli::test {

inline ParsedCommandLine parse(std::vector<const char*> args) {
  args.insert(args.begin(), "shoal");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace shoal::cli::test

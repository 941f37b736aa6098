// Shell quoting: turns any byte string into one word for /bin/sh, so that a
// value like `x; rm -rf ~` stays one argument and never becomes a command.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <string>
#include <string_view>
#include <vector>

namespace shoal {

// Returns `value` unchanged when it is made only of characters that no
// shell treats specially, else wraps it in single quotes ('\'' for a quote).
std::string shell_quote(std::string_view value);

// The words quoted one by one and joined by spaces: one shell line that
// runs the argv as it is.
std::string shell_join(const std::vector<std::string>& words);

}  // namespace shoal

#pragma GCC visibility pop

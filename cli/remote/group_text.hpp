// The two small rules both halves of host groups share: blanks trimmed, and
// what a group (or source) name may be. Private to host_groups*.cpp.
#pragma once

#include <algorithm>
#include <string_view>

namespace shoal::cli::group_text {

inline std::string_view trim(std::string_view s) {
  constexpr std::string_view blanks = " \t";
  std::size_t b = s.find_first_not_of(blanks);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(blanks) - b + 1);
}

// ClusterShell's own `list` upcall takes [0-9A-Za-z_-]; a dot is common in
// names people give to groups of hosts (web.eu), so it is allowed too.
inline bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '-' || c == '.';
  });
}

}  // namespace shoal::cli::group_text

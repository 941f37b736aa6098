// Host lists as operators write them: `web[01-20]`, `db[1,3,7-9]`,
// `rack[1-2]-node[01-04]`, comma-separated, expanded into names; and the
// reverse, folding names back into that form (`web[01-07,09]`) so that a
// list of 500 hosts reads as one line. Pure functions, tested without ssh.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

// Past this many hosts a list is a typo (`[1-1000000]`) rather than a fleet.
// It bounds a whole list, however many comma-separated items or -S options
// it was written as, so that no list can eat the machine's memory.
inline constexpr std::size_t max_hosts = 100000;

// Expands a comma-separated list with bracket ranges, keeping the order
// written. A range's numbers keep the zero padding of its first bound
// (`[08-10]` gives 08 09 10); they are 64-bit numbers, and a larger one is
// an error. Brackets holding a colon are an IPv6 address, not a range, and
// stay as written (`[::1]`). On a malformed list returns nothing and sets
// `error` to a one-line reason. `already`: how many hosts the caller's list
// holds before this one; more than max_hosts in all is an error.
std::vector<std::string> expand_hosts(std::string_view list, std::string& error,
                                      std::size_t already = 0);

// The items of a comma-separated list, blanks around them trimmed, empty
// ones dropped. Commas inside brackets belong to ranges and do not split.
std::vector<std::string_view> split_host_list(std::string_view list);

// The names with duplicates removed, first occurrence kept.
std::vector<std::string> unique_hosts(const std::vector<std::string>& names);

// Folds names into the shortest bracket form on their last number:
// {web01, web02, web03, web09, db1} gives "web[01-03,09],db1". Groups keep
// the order of their first name.
std::string fold_hosts(const std::vector<std::string>& names);

}  // namespace shoal

#pragma GCC visibility pop

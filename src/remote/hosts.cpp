#include "shoal/hosts.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <map>
#include <unordered_set>

namespace shoal {

namespace {

bool is_range_text(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789,-") == std::string_view::npos;
}

std::string padded(std::uint64_t n, std::size_t width) {
  std::string digits = std::to_string(n);
  return digits.size() >= width ? digits : std::string(width - digits.size(), '0') + digits;
}

std::string too_many() { return "host list has more than " + std::to_string(max_hosts) + " hosts"; }

// The numbers of one bracket, as strings: "1,3,7-9" or "01-04". At most
// `room` of them: the budget is checked before a range is expanded, never
// after, so `[1-99999,1-99999,...]` costs nothing.
bool expand_bracket(std::string_view inside, std::size_t room, std::vector<std::string>& out,
                    std::string& error) {
  std::size_t start = 0;
  while (start <= inside.size()) {
    std::size_t comma = inside.find(',', start);
    if (comma == std::string_view::npos) comma = inside.size();
    std::string_view item = inside.substr(start, comma - start);
    start = comma + 1;
    std::size_t dash = item.find('-');
    std::string_view low = item.substr(0, dash);
    std::string_view high = dash == std::string_view::npos ? low : item.substr(dash + 1);
    std::uint64_t a = 0, b = 0;
    auto bad = [&] {
      error = "bad range [" + std::string(inside) + "]: expected numbers like [1-5] or [01,03,07-09]";
      return false;
    };
    if (low.empty() || high.empty() || high.find('-') != std::string_view::npos) return bad();
    for (auto [text, value] : {std::pair{low, &a}, std::pair{high, &b}}) {
      auto ec = std::from_chars(text.data(), text.data() + text.size(), *value).ec;
      if (ec == std::errc::result_out_of_range) {
        error = "bad range [" + std::string(inside) + "]: " + std::string(text) + " is too large";
        return false;
      }
      if (ec != std::errc()) return bad();
    }
    if (b < a) {
      error = "bad range [" + std::string(inside) + "]: " + std::string(high) + " is less than " + std::string(low);
      return false;
    }
    // b - a + 1 would wrap for [0-18446744073709551615]; b - a does not.
    if (b - a >= room - std::min(room, out.size())) {
      error = room < max_hosts ? too_many()
                               : "range [" + std::string(inside) + "] has more than " + std::to_string(max_hosts) + " hosts";
      return false;
    }
    std::size_t width = low.size() > 1 && low[0] == '0' ? low.size() : 0;
    // Counted, not `n <= b`: with b the largest number, ++n wraps to 0 and
    // the loop would never end.
    for (std::uint64_t k = 0; k <= b - a; ++k) out.push_back(padded(a + k, width));
  }
  return true;
}

// One comma-free pattern, brackets and all: every combination, leftmost
// bracket slowest. At most `room` names.
bool expand_pattern(std::string_view pattern, std::size_t room, std::vector<std::string>& out,
                    std::string& error) {
  std::vector<std::string> partial{""};
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t open = pattern.find('[', i);
    std::string_view literal = pattern.substr(i, open == std::string_view::npos ? open : open - i);
    if (literal.find(']') != std::string_view::npos) {
      error = "bad host list: unmatched ] in " + std::string(pattern);
      return false;
    }
    for (auto& p : partial) p += literal;
    if (open == std::string_view::npos) break;
    std::size_t close = pattern.find(']', open);
    if (close == std::string_view::npos) {
      error = "bad host list: unmatched [ in " + std::string(pattern);
      return false;
    }
    std::string_view inside = pattern.substr(open + 1, close - open - 1);
    i = close + 1;
    if (inside.find(':') != std::string_view::npos) {  // [::1]: an address, not a range
      for (auto& p : partial) p += pattern.substr(open, close - open + 1);
      continue;
    }
    if (!is_range_text(inside)) {
      error = "bad range [" + std::string(inside) + "]: expected numbers like [1-5] or [01,03,07-09]";
      return false;
    }
    std::vector<std::string> numbers;
    if (!expand_bracket(inside, room, numbers, error)) return false;
    // A division, not partial.size() * numbers.size(), which could wrap.
    if (!numbers.empty() && partial.size() > room / numbers.size()) {
      error = room < max_hosts ? too_many()
                               : "host list " + std::string(pattern) + " has more than " + std::to_string(max_hosts) + " hosts";
      return false;
    }
    std::vector<std::string> next;
    next.reserve(partial.size() * numbers.size());
    for (const auto& p : partial)
      for (const auto& n : numbers) next.push_back(p + n);
    partial = std::move(next);
  }
  if (partial.size() > room) {
    error = too_many();
    return false;
  }
  out.insert(out.end(), partial.begin(), partial.end());
  return true;
}

}  // namespace

std::vector<std::string_view> split_host_list(std::string_view list) {
  std::vector<std::string_view> items;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    char c = i < list.size() ? list[i] : ',';
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c != ',' || (depth > 0 && i < list.size())) continue;
    std::string_view item = list.substr(start, i - start);
    start = i + 1;
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);  // not "a,,b" or a trailing comma
  }
  return items;
}

std::vector<std::string> expand_hosts(std::string_view list, std::string& error, std::size_t already) {
  std::vector<std::string> out;
  for (std::string_view pattern : split_host_list(list)) {
    std::size_t used = already + out.size();
    if (!expand_pattern(pattern, max_hosts - std::min(used, max_hosts), out, error)) return {};
  }
  return out;
}

std::vector<std::string> unique_hosts(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& n : names)
    if (seen.insert(n).second) out.push_back(n);
  return out;
}

std::string fold_hosts(const std::vector<std::string>& names) {
  // Each name as prefix, number, suffix on its last run of digits.
  struct Numbered {
    unsigned long value;
    std::string digits;
  };
  struct Group {
    std::string prefix, suffix;
    std::vector<Numbered> numbers;
  };
  std::vector<Group> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const auto& name : unique_hosts(names)) {
    std::size_t end = name.find_last_of("0123456789");
    std::size_t begin = end;
    while (begin != std::string::npos && begin > 0 && std::isdigit(static_cast<unsigned char>(name[begin - 1])))
      --begin;
    unsigned long value = 0;
    if (end == std::string::npos || end - begin + 1 > 9 ||
        std::from_chars(name.data() + begin, name.data() + end + 1, value).ec != std::errc()) {
      groups.push_back({name, "", {}});  // nothing to fold on
      continue;
    }
    std::pair<std::string, std::string> key{name.substr(0, begin), name.substr(end + 1)};
    auto [it, fresh] = index.try_emplace(key, groups.size());
    if (fresh) groups.push_back({key.first, key.second, {}});
    groups[it->second].numbers.push_back({value, name.substr(begin, end - begin + 1)});
  }

  std::vector<std::string> parts;
  for (auto& g : groups) {
    if (g.numbers.empty()) {
      parts.push_back(g.prefix);
      continue;
    }
    if (g.numbers.size() == 1) {
      parts.push_back(g.prefix + g.numbers[0].digits + g.suffix);
      continue;
    }
    std::sort(g.numbers.begin(), g.numbers.end(),
              [](const Numbered& a, const Numbered& b) { return a.value < b.value; });
    // Runs of consecutive numbers written the same width merge: 08-10.
    std::string ranges;
    for (std::size_t i = 0; i < g.numbers.size();) {
      std::size_t j = i;
      auto same_width = [&](const Numbered& a, const Numbered& b) {
        bool pa = a.digits.size() > 1 && a.digits[0] == '0';
        bool pb = b.digits.size() > 1 && b.digits[0] == '0';
        return (!pa && !pb) || a.digits.size() == b.digits.size();
      };
      while (j + 1 < g.numbers.size() && g.numbers[j + 1].value == g.numbers[j].value + 1 &&
             same_width(g.numbers[j], g.numbers[j + 1]))
        ++j;
      if (!ranges.empty()) ranges += ',';
      ranges += g.numbers[i].digits;
      if (j > i) ranges += "-" + g.numbers[j].digits;
      i = j + 1;
    }
    parts.push_back(g.prefix + "[" + ranges + "]" + g.suffix);
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

}  // namespace shoal

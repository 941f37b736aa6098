// Host groups' expansion: `@web`, `@rack[1-4]`, `@source:name` and
// ClusterShell's operators resolved against the groups a file gave
// (host_groups_file.cpp reads it), each group once, cycles refused.
#include "remote/host_groups.hpp"

#include <algorithm>
#include <unordered_set>

#include "remote/group_text.hpp"
#include "shoal/hosts.hpp"

namespace shoal::cli {

using group_text::valid_name;

namespace {

// Hosts kept in the order first written, each once: what a host list means
// here (ClusterShell sorts them; shoal keeps the order a user chose).
struct OrderedSet {
  std::vector<std::string> items;
  std::unordered_set<std::string> seen;
  void add(const std::string& h) {
    if (seen.insert(h).second) items.push_back(h);
  }
  void keep_if(auto keep) {
    std::erase_if(items, [&](const std::string& h) {
      if (keep(h)) return false;
      seen.erase(h);
      return true;
    });
  }
};

// Splits at depth 0 (outside brackets) where `is_separator` says.
template <class F>
std::vector<std::pair<char, std::string_view>> split_outside_brackets(std::string_view s, F is_separator) {
  std::vector<std::pair<char, std::string_view>> parts;  // (the separator before, the part)
  int depth = 0;
  char before = ',';
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : '\0';
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (i < s.size() && (depth > 0 || !is_separator(c))) continue;
    parts.emplace_back(before, s.substr(start, i - start));
    before = c;
    start = i + 1;
  }
  return parts;
}

// ---- the YAML subset ----

}  // namespace

Checked<std::vector<std::string>> HostGroups::expand(std::string_view reference) const {
  if (sources_.empty()) return fail("no groups read");
  return expand_in(0, reference);
}

Checked<std::vector<std::string>> HostGroups::expand_in(std::size_t source,
                                                        std::string_view reference) const {
  if (auto colon = reference.find(':'); colon != std::string_view::npos) {
    std::string_view name = reference.substr(0, colon);
    auto it = std::find_if(sources_.begin(), sources_.end(), [&](const Source& s) { return s.name == name; });
    if (name.empty() || it == sources_.end()) {
      std::string_view after = reference.substr(colon + 1);
      bool port = !after.empty() && after.find_first_not_of("0123456789") == std::string_view::npos;
      return fail("no group source '" + std::string(name) + "' in " + origin_ + " (for @" +
                  std::string(reference) + ")" +
                  (port ? ": a group takes no :port, give it in ~/.ssh/config" : ""));
    }
    source = static_cast<std::size_t>(it - sources_.begin());
    reference.remove_prefix(colon + 1);
  }
  // @rack[1-4]: four groups.
  std::string ignored;
  std::vector<std::string> names = expand_hosts(reference, ignored);
  if (!ignored.empty() || names.empty() || !std::all_of(names.begin(), names.end(), valid_name))
    return fail("bad group name @" + std::string(reference));
  OrderedSet merged;
  for (const auto& name : names) {
    auto hosts = group_hosts(source, name);
    if (!hosts) return hosts.failure();
    for (const auto& h : **hosts) merged.add(h);
    if (merged.items.size() > max_hosts)
      return fail("@" + std::string(reference) + " has more than " + std::to_string(max_hosts) + " hosts");
  }
  return std::move(merged.items);
}

Checked<const std::vector<std::string>*> HostGroups::group_hosts(std::size_t source,
                                                                 const std::string& name) const {
  std::string shown = "@" + (source == 0 ? name : sources_[source].name + ":" + name);
  std::string key = std::to_string(source) + ":" + name;
  if (auto done = resolved_.find(key); done != resolved_.end()) return &done->second;
  auto give_up = [&](std::string why) {
    expanding_.clear();  // the whole expansion ends here
    return fail(std::move(why));
  };
  if (std::find(expanding_.begin(), expanding_.end(), shown) != expanding_.end()) {
    std::string cycle = "group cycle in " + origin_ + ": ";
    for (const auto& g : expanding_) cycle += g + " -> ";
    return give_up(cycle + shown);
  }
  auto it = sources_[source].groups.find(name);
  if (it == sources_[source].groups.end())
    return give_up("no group " + shown + " in " + origin_ +
                   (expanding_.empty() ? "" : " (used by " + expanding_.back() + ")"));
  expanding_.push_back(shown);
  auto hosts = evaluate(source, it->second);
  if (!hosts) {
    // A message from a group further down is complete (it emptied
    // expanding_); one about this group's own text says which group.
    const std::string& inner = hosts.error();
    return give_up(expanding_.empty() ? inner : origin_ + ": group " + shown + ": " + inner);
  }
  expanding_.pop_back();
  return &resolved_.emplace(std::move(key), std::move(*hosts)).first->second;
}

Checked<std::vector<std::string>> HostGroups::evaluate(std::size_t source, std::string_view hosts) const {
  OrderedSet all;
  auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  auto is_operator = [](char c) { return c == ',' || c == '!' || c == '&' || c == '^'; };
  for (auto [unused, list] : split_outside_brackets(hosts, is_blank)) {
    if (list.empty()) continue;
    // ClusterShell's operators have one precedence and go left to right:
    // a[1-5]!a3,a9 is (a[1-5] minus a3) plus a9.
    OrderedSet acc;
    for (auto [op, term] : split_outside_brackets(list, is_operator)) {
      std::vector<std::string> these;
      if (!term.empty() && term[0] == '@') {
        auto group = expand_in(source, term.substr(1));
        if (!group) return group.failure();
        these = std::move(*group);
      } else if (term.find_first_of("@/") != std::string_view::npos) {
        return fail("'" + std::string(term) +
                    "' is not a host name (write admin@@group and 4/@group on the -S side)");
      } else if (!term.empty()) {
        std::string error;  // the library's hosts.hpp: its own shape
        these = expand_hosts(term, error);
        if (!error.empty()) return fail(error);
      } else if (op != ',') {
        return fail(std::string("nothing after '") + op + "' in " + std::string(list));
      }
      if (op == ',') {
        for (const auto& h : these) acc.add(h);
      } else {
        std::unordered_set<std::string> other(these.begin(), these.end());
        if (op == '!') acc.keep_if([&](const std::string& h) { return !other.count(h); });
        if (op == '&') acc.keep_if([&](const std::string& h) { return other.count(h) > 0; });
        if (op == '^') {
          std::unordered_set<std::string> before = acc.seen;
          acc.keep_if([&](const std::string& h) { return !other.count(h); });
          for (const auto& h : these)
            if (!before.count(h)) acc.add(h);
        }
      }
      if (acc.items.size() > max_hosts) return fail("more than " + std::to_string(max_hosts) + " hosts");
    }
    for (const auto& h : acc.items) all.add(h);
    if (all.items.size() > max_hosts) return fail("more than " + std::to_string(max_hosts) + " hosts");
  }
  return std::move(all.items);
}

}  // namespace shoal::cli

#include "remote/host_groups.hpp"

#include <algorithm>
#include <unordered_set>

#include "shoal/hosts.hpp"

namespace shoal::cli {

namespace {

constexpr std::string_view blanks = " \t";

std::string_view trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(blanks);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(blanks) - b + 1);
}

// ClusterShell's own `list` upcall takes [0-9A-Za-z_-]; a dot is common in
// names people give to groups of hosts (web.eu), so it is allowed too.
bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '-' || c == '.';
  });
}

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

// A quoted YAML scalar at the start of `s`: its value, and what follows the
// closing quote. False if it is not closed or has an escape not understood.
bool unquote(std::string_view s, std::string& value, std::string_view& rest) {
  char q = s[0];
  value.clear();
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == q) {
      if (q == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {  // '' is a quote
        value += '\'';
        ++i;
        continue;
      }
      rest = s.substr(i + 1);
      return true;
    }
    if (q == '"' && s[i] == '\\') {
      if (i + 1 >= s.size() || (s[i + 1] != '"' && s[i + 1] != '\\')) return false;
      ++i;
    }
    value += s[i];
  }
  return false;
}

bool only_comment(std::string_view rest) {
  rest = trim(rest);
  return rest.empty() || rest[0] == '#';
}

// A plain YAML scalar ends at " #", which starts a comment.
std::string_view strip_plain_comment(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) return trim(s.substr(0, i));
  return trim(s);
}

// One scalar (plain or quoted): its text, or false with a reason.
bool yaml_scalar(std::string_view s, std::string& value, std::string& why) {
  s = trim(s);
  if (!s.empty() && (s[0] == '\'' || s[0] == '"')) {
    std::string_view rest;
    if (!unquote(s, value, rest)) {
      why = "an unclosed quote, or an escape other than \\\" and \\\\";
      return false;
    }
    if (!only_comment(rest)) {
      why = "text after a closing quote";
      return false;
    }
    return true;
  }
  if (!s.empty() && std::string_view("&*!|>{%`").find(s[0]) != std::string_view::npos) {
    why = std::string("YAML's '") + s[0] + "' (anchors, aliases, tags, block scalars, maps) is not read by shoal: write the hosts as a quoted string";
    return false;
  }
  value = strip_plain_comment(s);
  if (value == "~" || value == "null" || value == "Null" || value == "NULL") value.clear();
  return true;
}

// A value: a scalar, or a one-line list [a, 'b', ...] (joined with commas,
// as ClusterShell joins a list).
bool yaml_value(std::string_view s, std::string& value, std::string& why) {
  s = trim(s);
  if (s.empty() || s[0] != '[') return yaml_scalar(s, value, why);
  value.clear();
  std::size_t i = 1;
  int depth = 0;
  std::size_t start = 1;
  std::vector<std::string_view> items;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      std::string ignored;
      std::string_view rest;
      if (!unquote(s.substr(i), ignored, rest)) {
        why = "an unclosed quote in a list";
        return false;
      }
      i = s.size() - rest.size() - 1;
      continue;
    }
    if (c == '[') ++depth;
    if (c == ']' && depth-- == 0) break;
    if (c == ',' && depth == 0) {
      items.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  if (i >= s.size() || !only_comment(s.substr(i + 1))) {
    why = "a list must be closed with ] on the same line";
    return false;
  }
  items.push_back(s.substr(start, i - start));
  for (auto item : items) {
    std::string one;
    if (!yaml_scalar(item, one, why)) return false;
    if (one.empty()) continue;
    if (!value.empty()) value += ',';
    value += one;
  }
  return true;
}

// "key: rest" -> key and rest; false when there is no such colon.
bool yaml_key(std::string_view content, std::string& key, std::string_view& rest) {
  if (content[0] == '\'' || content[0] == '"') {
    std::string_view after;
    if (!unquote(content, key, after) || after.empty() || after[0] != ':') return false;
    rest = after.substr(1);
    return rest.empty() || rest[0] == ' ' || rest[0] == '\t';
  }
  for (std::size_t i = 0; i < content.size(); ++i)
    if (content[i] == ':' && (i + 1 == content.size() || content[i + 1] == ' ' || content[i + 1] == '\t')) {
      key = std::string(trim(content.substr(0, i)));
      rest = content.substr(i + 1);
      return true;
    }
  return false;
}

}  // namespace

HostGroups::Format HostGroups::format_of(std::string_view path) {
  auto ends = [&](std::string_view tail) {
    return path.size() >= tail.size() && path.substr(path.size() - tail.size()) == tail;
  };
  return ends(".yaml") || ends(".yml") ? Format::yaml : Format::plain;
}

bool HostGroups::parse(std::string_view text, Format format, std::string origin, std::string& error) {
  origin_ = std::move(origin);
  sources_.clear();
  resolved_.clear();
  return format == Format::yaml ? parse_yaml(text, error) : parse_plain(text, error);
}

bool HostGroups::parse_plain(std::string_view text, std::string& error) {
  sources_.push_back({});
  auto& groups = sources_.back().groups;
  std::size_t number = 0;
  while (!text.empty()) {
    std::string_view line = take_line(text);
    ++number;
    auto fail = [&](const std::string& why) {
      error = origin_ + " line " + std::to_string(number) + ": " + why;
      return false;
    };
    line = line.substr(0, line.find('#'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    // ClusterShell's upcall only finds a name at the start of a line: an
    // indented one is most likely YAML in a file not named so.
    if (line[0] == ' ' || line[0] == '\t')
      return fail("an indented line: expected 'name: hosts' (a YAML groups file must be named *.yaml)");
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return fail("expected 'name: hosts'");
    std::string_view name = trim(line.substr(0, colon));
    if (!valid_name(name))
      return fail("bad group name '" + std::string(name) + "' (letters, digits, _ - . only)");
    auto [it, fresh] = groups.try_emplace(std::string(name));
    // A name on several lines: all of them, as ClusterShell's sed upcall.
    it->second += fresh ? "" : " ";
    it->second += trim(line.substr(colon + 1));
  }
  return true;
}

bool HostGroups::parse_yaml(std::string_view text, std::string& error) {
  std::size_t number = 0;
  std::size_t group_indent = 0;
  std::string* list = nullptr;  // the group whose "- host" lines follow
  std::size_t list_indent = 0;
  while (!text.empty()) {
    std::string_view line = take_line(text);
    ++number;
    auto fail = [&](const std::string& why) {
      error = origin_ + " line " + std::to_string(number) + ": " + why;
      return false;
    };
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos) continue;
    std::string_view content = line.substr(indent);
    if (content[0] == '#') continue;
    if (content[0] == '\t') return fail("a tab in the indentation (YAML indents with spaces)");
    if (indent == 0 && (content == "---" || content.starts_with("--- "))) continue;
    if (indent == 0 && content == "...") break;
    std::string key, value, why;
    std::string_view rest;
    if (indent == 0) {  // a group source
      list = nullptr;
      group_indent = 0;
      if (!yaml_key(content, key, rest)) return fail("expected 'source:' with its groups indented below it");
      if (!only_comment(rest))
        return fail("expected 'source:' with its groups indented below it ('name: hosts' lines)");
      if (!valid_name(key)) return fail("bad group source name '" + key + "'");
      for (const auto& s : sources_)
        if (s.name == key) return fail("group source '" + key + "' defined twice");
      sources_.push_back({key, {}});
      continue;
    }
    if (sources_.empty()) return fail("an indented line before any 'source:' line");
    if (content[0] == '-' && (content.size() == 1 || content[1] == ' ')) {
      if (!list || indent < list_indent) return fail("a list item ('- host') outside a group");
      if (!yaml_scalar(content.substr(1), value, why)) return fail(why);
      if (!value.empty()) *list += (list->empty() ? "" : ",") + value;
      continue;
    }
    list = nullptr;
    if (group_indent == 0) group_indent = indent;
    if (indent != group_indent)
      return fail("unexpected indentation (shoal reads 'source:' lines with 'name: hosts' lines below them, nothing deeper)");
    if (!yaml_key(content, key, rest)) return fail("expected 'name: hosts'");
    if (!valid_name(key)) return fail("bad group name '" + key + "' (letters, digits, _ - . only)");
    auto [it, fresh] = sources_.back().groups.try_emplace(key);
    if (!fresh) return fail("group '" + key + "' defined twice in source '" + sources_.back().name + "'");
    if (only_comment(rest)) {  // a null, or a list on the lines below
      list = &it->second;
      list_indent = indent;
      continue;
    }
    if (!yaml_value(rest, it->second, why)) return fail(why);
  }
  if (sources_.empty()) sources_.push_back({});  // an empty file: no groups at all
  return true;
}

bool HostGroups::expand(std::string_view reference, std::vector<std::string>& out, std::string& error) const {
  if (sources_.empty()) {
    error = "no groups read";
    return false;
  }
  return expand_in(0, reference, out, error);
}

bool HostGroups::expand_in(std::size_t source, std::string_view reference, std::vector<std::string>& out,
                           std::string& error) const {
  if (auto colon = reference.find(':'); colon != std::string_view::npos) {
    std::string_view name = reference.substr(0, colon);
    auto it = std::find_if(sources_.begin(), sources_.end(), [&](const Source& s) { return s.name == name; });
    if (name.empty() || it == sources_.end()) {
      std::string_view after = reference.substr(colon + 1);
      bool port = !after.empty() && after.find_first_not_of("0123456789") == std::string_view::npos;
      error = "no group source '" + std::string(name) + "' in " + origin_ + " (for @" + std::string(reference) + ")" +
              (port ? ": a group takes no :port, give it in ~/.ssh/config" : "");
      return false;
    }
    source = static_cast<std::size_t>(it - sources_.begin());
    reference.remove_prefix(colon + 1);
  }
  // @rack[1-4]: four groups.
  std::string ignored;
  std::vector<std::string> names = expand_hosts(reference, ignored);
  if (!ignored.empty() || names.empty() || !std::all_of(names.begin(), names.end(), valid_name)) {
    error = "bad group name @" + std::string(reference);
    return false;
  }
  OrderedSet merged;
  for (const auto& h : out) merged.add(h);
  for (const auto& name : names) {
    const std::vector<std::string>* hosts = group_hosts(source, name, error);
    if (!hosts) return false;
    for (const auto& h : *hosts) merged.add(h);
    if (merged.items.size() > max_hosts) {
      error = "@" + std::string(reference) + " has more than " + std::to_string(max_hosts) + " hosts";
      return false;
    }
  }
  out = std::move(merged.items);
  return true;
}

const std::vector<std::string>* HostGroups::group_hosts(std::size_t source, const std::string& name,
                                                        std::string& error) const {
  std::string shown = "@" + (source == 0 ? name : sources_[source].name + ":" + name);
  std::string key = std::to_string(source) + ":" + name;
  if (auto done = resolved_.find(key); done != resolved_.end()) return &done->second;
  auto fail = [&](std::string why) -> const std::vector<std::string>* {
    error = std::move(why);
    expanding_.clear();  // the whole expansion ends here
    return nullptr;
  };
  if (std::find(expanding_.begin(), expanding_.end(), shown) != expanding_.end()) {
    std::string cycle = "group cycle in " + origin_ + ": ";
    for (const auto& g : expanding_) cycle += g + " -> ";
    return fail(cycle + shown);
  }
  auto it = sources_[source].groups.find(name);
  if (it == sources_[source].groups.end())
    return fail("no group " + shown + " in " + origin_ + (expanding_.empty() ? "" : " (used by " + expanding_.back() + ")"));
  expanding_.push_back(shown);
  std::vector<std::string> hosts;
  std::string inner;
  if (!evaluate(source, it->second, hosts, inner)) {
    // A message from a group further down is complete (it emptied
    // expanding_); one about this group's own text says which group.
    return fail(expanding_.empty() ? inner : origin_ + ": group " + shown + ": " + inner);
  }
  expanding_.pop_back();
  return &resolved_.emplace(std::move(key), std::move(hosts)).first->second;
}

bool HostGroups::evaluate(std::size_t source, std::string_view hosts, std::vector<std::string>& out,
                          std::string& error) const {
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
        if (!expand_in(source, term.substr(1), these, error)) return false;
      } else if (term.find_first_of("@/") != std::string_view::npos) {
        error = "'" + std::string(term) + "' is not a host name (write admin@@group and 4/@group on the -S side)";
        return false;
      } else if (!term.empty()) {
        these = expand_hosts(term, error);
        if (!error.empty()) return false;
      } else if (op != ',') {
        error = std::string("nothing after '") + op + "' in " + std::string(list);
        return false;
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
      if (acc.items.size() > max_hosts) {
        error = "more than " + std::to_string(max_hosts) + " hosts";
        return false;
      }
    }
    for (const auto& h : acc.items) all.add(h);
    if (all.items.size() > max_hosts) {
      error = "more than " + std::to_string(max_hosts) + " hosts";
      return false;
    }
  }
  out = std::move(all.items);
  return true;
}

}  // namespace shoal::cli

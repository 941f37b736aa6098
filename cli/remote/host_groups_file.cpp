// Reading a groups file (host_groups.hpp describes both formats): its
// text into HostGroups' sources, each bad line refused with its number.
// Expanding the groups read is host_groups.cpp's.
#include "remote/host_groups.hpp"

#include <string>
#include <utility>

#include "remote/group_text.hpp"

namespace shoal::cli {

using group_text::trim;
using group_text::valid_name;

namespace {

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

// One scalar (plain or quoted): its text, or why it cannot be read.
Checked<std::string> yaml_scalar(std::string_view s) {
  s = trim(s);
  std::string value;
  if (!s.empty() && (s[0] == '\'' || s[0] == '"')) {
    std::string_view rest;
    if (!unquote(s, value, rest)) return fail("an unclosed quote, or an escape other than \\\" and \\\\");
    if (!only_comment(rest)) return fail("text after a closing quote");
    return value;
  }
  if (!s.empty() && std::string_view("&*!|>{%`").find(s[0]) != std::string_view::npos)
    return fail(std::string("YAML's '") + s[0] +
                "' (anchors, aliases, tags, block scalars, maps) is not read by shoal: write the "
                "hosts as a quoted string");
  value = strip_plain_comment(s);
  if (value == "~" || value == "null" || value == "Null" || value == "NULL") value.clear();
  return value;
}

// A value: a scalar, or a one-line list [a, 'b', ...] (joined with commas,
// as ClusterShell joins a list).
Checked<std::string> yaml_value(std::string_view s) {
  s = trim(s);
  if (s.empty() || s[0] != '[') return yaml_scalar(s);
  std::size_t i = 1;
  int depth = 0;
  std::size_t start = 1;
  std::vector<std::string_view> items;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      std::string ignored;
      std::string_view rest;
      if (!unquote(s.substr(i), ignored, rest)) return fail("an unclosed quote in a list");
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
  if (i >= s.size() || !only_comment(s.substr(i + 1)))
    return fail("a list must be closed with ] on the same line");
  items.push_back(s.substr(start, i - start));
  std::string value;
  for (auto item : items) {
    auto one = yaml_scalar(item);
    if (!one) return one;
    if (one->empty()) continue;
    if (!value.empty()) value += ',';
    value += *one;
  }
  return value;
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

// A groups file's lines one at a time, counted, so that a refusal names
// the file and the line.
class HostGroups::Lines {
 public:
  Lines(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {}
  bool next(std::string_view& line) {
    if (text_.empty()) return false;
    line = take_line(text_);
    ++number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  }
  Failure refuse(const std::string& why) const {
    return fail(origin_ + " line " + std::to_string(number_) + ": " + why);
  }

 private:
  std::string_view text_;
  const std::string& origin_;
  std::size_t number_ = 0;
};

HostGroups::Format HostGroups::format_of(std::string_view path) {
  auto ends = [&](std::string_view tail) {
    return path.size() >= tail.size() && path.substr(path.size() - tail.size()) == tail;
  };
  return ends(".yaml") || ends(".yml") ? Format::yaml : Format::plain;
}

Checked<void> HostGroups::parse(std::string_view text, Format format, std::string origin) {
  origin_ = std::move(origin);
  sources_.clear();
  resolved_.clear();
  Lines lines(text, origin_);
  return format == Format::yaml ? parse_yaml(lines) : parse_plain(lines);
}

Checked<void> HostGroups::parse_plain(Lines& lines) {
  sources_.push_back({});
  auto& groups = sources_.back().groups;
  std::string_view line;
  while (lines.next(line)) {
    line = line.substr(0, line.find('#'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // "a: b\r# c"
    if (trim(line).empty()) continue;
    // ClusterShell's upcall only finds a name at the start of a line: an
    // indented one is most likely YAML in a file not named so.
    if (line[0] == ' ' || line[0] == '\t')
      return lines.refuse("an indented line: expected 'name: hosts' (a YAML groups file must be named *.yaml)");
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return lines.refuse("expected 'name: hosts'");
    std::string_view name = trim(line.substr(0, colon));
    if (!valid_name(name))
      return lines.refuse("bad group name '" + std::string(name) + "' (letters, digits, _ - . only)");
    auto [it, fresh] = groups.try_emplace(std::string(name));
    // A name on several lines: all of them, as ClusterShell's sed upcall.
    it->second += fresh ? "" : " ";
    it->second += trim(line.substr(colon + 1));
  }
  return {};
}

// A line at indent 0 of a YAML groups file: `source:`, its groups below it.
Checked<void> HostGroups::yaml_source(const Lines& lines, std::string_view content) {
  std::string key;
  std::string_view rest;
  if (!yaml_key(content, key, rest))
    return lines.refuse("expected 'source:' with its groups indented below it");
  if (!only_comment(rest))
    return lines.refuse("expected 'source:' with its groups indented below it ('name: hosts' lines)");
  if (!valid_name(key)) return lines.refuse("bad group source name '" + key + "'");
  for (const auto& s : sources_)
    if (s.name == key) return lines.refuse("group source '" + key + "' defined twice");
  sources_.push_back({key, {}});
  return {};
}

Checked<void> HostGroups::parse_yaml(Lines& lines) {
  std::size_t group_indent = 0;
  std::string* list = nullptr;  // the group whose "- host" lines follow
  std::size_t list_indent = 0;
  std::string_view line;
  while (lines.next(line)) {
    std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos) continue;
    std::string_view content = line.substr(indent);
    if (content[0] == '#') continue;
    if (content[0] == '\t') return lines.refuse("a tab in the indentation (YAML indents with spaces)");
    if (indent == 0 && (content == "---" || content.starts_with("--- "))) continue;
    if (indent == 0 && content == "...") break;
    std::string key;
    std::string_view rest;
    if (indent == 0) {  // a group source
      list = nullptr;
      group_indent = 0;
      if (auto source = yaml_source(lines, content); !source) return source;
      continue;
    }
    if (sources_.empty()) return lines.refuse("an indented line before any 'source:' line");
    if (content[0] == '-' && (content.size() == 1 || content[1] == ' ')) {
      if (!list || indent < list_indent) return lines.refuse("a list item ('- host') outside a group");
      auto value = yaml_scalar(content.substr(1));
      if (!value) return lines.refuse(value.error());
      if (!value->empty()) *list += (list->empty() ? "" : ",") + *value;
      continue;
    }
    list = nullptr;
    if (group_indent == 0) group_indent = indent;
    if (indent != group_indent)
      return lines.refuse("unexpected indentation (shoal reads 'source:' lines with 'name: hosts' lines below them, nothing deeper)");
    if (!yaml_key(content, key, rest)) return lines.refuse("expected 'name: hosts'");
    if (!valid_name(key)) return lines.refuse("bad group name '" + key + "' (letters, digits, _ - . only)");
    auto [it, fresh] = sources_.back().groups.try_emplace(key);
    if (!fresh) return lines.refuse("group '" + key + "' defined twice in source '" + sources_.back().name + "'");
    if (only_comment(rest)) {  // a null, or a list on the lines below
      list = &it->second;
      list_indent = indent;
      continue;
    }
    auto value = yaml_value(rest);
    if (!value) return lines.refuse(value.error());
    it->second = std::move(*value);
  }
  if (sources_.empty()) sources_.push_back({});  // an empty file: no groups at all
  return {};
}

}  // namespace shoal::cli

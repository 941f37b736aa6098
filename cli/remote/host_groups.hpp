// Host groups as ClusterShell and pdsh users already keep them, so that
// `-S @web` means what it means to `clush -w @web`: a groups file read as
// text, and `@name` references resolved against it. Pure: the file's text
// comes in as a string, so every rule here is tested without files.
//
// Two formats, told apart by the file's name:
// - plain (any name but *.yaml / *.yml): ClusterShell's flat file for its
//   `local` source (/etc/clustershell/groups, groups.d/local.cfg), one
//   `name: hosts` a line. A name defined on several lines is the union of
//   them, as ClusterShell's `sed -n 's/^$GROUP:\(.*\)/\1/p'` upcall gives.
// - YAML: ClusterShell's groups.d/*.yaml, `source:` then indented
//   `name: hosts` lines (or a list of hosts). Only that shape is read: no
//   YAML library, so anchors, block scalars and nested maps are an error,
//   never a silent misreading. The first source is the default one.
//
// Hosts in a group: ranges, `@other` groups (of the same source unless
// written `@source:other`), `@rack[1-4]` (several groups at once), and
// ClusterShell's operators, left to right: `,` union, `!` difference,
// `&` intersection, `^` symmetric difference. Blanks separate lists that
// are joined, as ClusterShell joins them.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"

namespace shoal::cli {

// The first line of `text` (without its newline), which it removes from
// `text`: for reading a file's lines one at a time, numbered by the caller.
inline std::string_view take_line(std::string_view& text) {
  std::size_t nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  return line;
}

class HostGroups {
 public:
  enum class Format { plain, yaml };
  static Format format_of(std::string_view path);

  // Reads a groups file's text (host_groups_file.cpp); `origin` names it
  // in messages. Bad text is refused in one line ("FILE line N: ...").
  Checked<void> parse(std::string_view text, Format format, std::string origin);

  // The hosts of `reference`, written without its '@' ("web",
  // "rack[1-2]", "racks:rack1"), in the order written, each once. A
  // missing group, a group cycle, or more than max_hosts hosts is an error.
  Checked<std::vector<std::string>> expand(std::string_view reference) const;

  const std::string& origin() const { return origin_; }

 private:
  struct Source {
    std::string name;
    std::map<std::string, std::string, std::less<>> groups;  // name -> its hosts, as written
  };
  class Lines;
  Checked<void> parse_plain(Lines& lines);
  Checked<void> parse_yaml(Lines& lines);
  Checked<void> yaml_source(const Lines& lines, std::string_view content);
  Checked<std::vector<std::string>> expand_in(std::size_t source, std::string_view reference) const;
  // One group's hosts (kept in resolved_: never null when it succeeds).
  Checked<const std::vector<std::string>*> group_hosts(std::size_t source, const std::string& name) const;
  Checked<std::vector<std::string>> evaluate(std::size_t source, std::string_view hosts) const;

  std::string origin_;
  std::vector<Source> sources_;  // the first is the default
  // Resolved groups ("source:name"), so that a group used by many others
  // is expanded once; and the ones being expanded, to find a cycle.
  mutable std::map<std::string, std::vector<std::string>, std::less<>> resolved_;
  mutable std::vector<std::string> expanding_;
};

}  // namespace shoal::cli

// --collapse: identical outputs from many hosts printed once, under the
// folded list of the hosts that gave them (`web[01-07,09] (8)`), as
// `dshbak -c` and `clush -b` print them. Nothing can be printed before the
// last host has answered, so the outputs are held (in memory) until then.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace shoal::cli {

class CollapsedOutput {
 public:
  void add(std::uint64_t order, const std::string& host, std::string out, std::string err);
  // The groups, first-answering order of their first job: a header per
  // group, then its stdout (and, into `err_text`, its stderr, under the
  // same header).
  void render(std::string& out_text, std::string& err_text) const;
  bool empty() const { return groups_.empty(); }

 private:
  struct Group {
    std::uint64_t first_order;
    std::vector<std::string> hosts;
    std::string out, err;
  };
  std::map<std::pair<std::string, std::string>, Group> groups_;  // by (stdout, stderr)
};

}  // namespace shoal::cli

#include "collapsed_output.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "shoal/hosts.hpp"

namespace shoal::cli {

void CollapsedOutput::add(std::uint64_t order, const std::string& host, std::string out,
                          std::string err) {
  auto key = std::make_pair(std::move(out), std::move(err));
  auto it = groups_.find(key);
  if (it == groups_.end()) it = groups_.emplace(key, Group{order, {}, key.first, key.second}).first;
  it->second.first_order = std::min(it->second.first_order, order);
  it->second.hosts.push_back(host);
}

void CollapsedOutput::render(std::string& out_text, std::string& err_text) const {
  std::vector<const Group*> ordered;
  for (const auto& [key, g] : groups_) ordered.push_back(&g);
  std::sort(ordered.begin(), ordered.end(),
            [](const Group* a, const Group* b) { return a->first_order < b->first_order; });
  for (const Group* g : ordered) {
    std::string header = fmt::format("---------------\n{} ({})\n---------------\n",
                                     fold_hosts(g->hosts), unique_hosts(g->hosts).size());
    out_text += header + g->out;
    if (!g->out.empty() && g->out.back() != '\n') out_text += '\n';
    if (!g->err.empty()) {
      err_text += header + g->err;
      if (g->err.back() != '\n') err_text += '\n';
    }
  }
}

}  // namespace shoal::cli

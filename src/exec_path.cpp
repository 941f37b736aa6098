#include "exec_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace shoal {

std::string search_path(const std::string& name, const char* path_env) {
  std::string_view path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  for (;;) {
    auto colon = path.find(':');
    std::string_view dir = path.substr(0, colon);
    std::string candidate = dir.empty() ? name : std::string(dir) + "/" + name;
    struct stat st;
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  return {};
}

const std::string& ExecPathCache::resolve(const std::string& name) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second;
  std::string found = name.find('/') != std::string::npos ? name
                                                          : search_path(name, std::getenv("PATH"));
  return cache_.emplace(name, std::move(found)).first->second;
}

}  // namespace shoal

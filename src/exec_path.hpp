// Finding a command in PATH, once per name. posix_spawnp would search PATH
// anew in every child, trying execve on each directory; a bulk run starts
// the same program thousands of times, so the answer is cached.
#pragma once

#include <string>
#include <unordered_map>

namespace shoal {

class ExecPathCache {
 public:
  // Returns the path to execute for `name`, or an empty string if no
  // executable of that name is on PATH. Names with a '/' are returned as is.
  const std::string& resolve(const std::string& name);

 private:
  std::unordered_map<std::string, std::string> cache_;
};

// The uncached search, following execvp: each PATH entry in order (an empty
// entry is the current directory), the first regular executable file wins.
std::string search_path(const std::string& name, const char* path_env);

}  // namespace shoal

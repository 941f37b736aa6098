#include "results_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>

#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

// mkdir -p: every missing parent of `path`, then `path`.
bool make_dirs(const std::string& path) {
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') continue;
    std::string part = path.substr(0, i);
    if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

std::string write_file(const std::string& path, const std::function<int(int)>& fill) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot create " + path + ": " + std::strerror(errno);
  int rc = fill(fd);
  ::close(fd);
  return rc == 0 ? std::string() : "cannot write " + path + ": " + std::strerror(rc);
}

}  // namespace

std::string results_dir_name(std::string_view argument) {
  std::string name;
  for (char c : argument) {
    switch (c) {
      case '\\': name += "\\\\"; break;
      case '/': name += "\\_"; break;
      case '\t': name += "\\t"; break;
      case '\0': name += "\\0"; break;
      default: name += c;
    }
  }
  return name;
}

std::string write_results(const std::string& dir, const std::vector<std::string>& arguments,
                          std::uint64_t seq, const shoal::Output& out, const shoal::Output& err) {
  std::string job_dir = dir;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    // Appended piece by piece: `dir += "/" + name` trips GCC 12's -Wrestrict
    // false positive at -O3.
    job_dir += '/';
    job_dir += std::to_string(i + 1);
    if (arguments[i].empty()) continue;
    job_dir += '/';
    job_dir += results_dir_name(arguments[i]);
  }
  if (!make_dirs(job_dir)) return "cannot create " + job_dir + ": " + std::strerror(errno);
  if (auto e = write_file(job_dir + "/stdout", [&](int fd) { return out.write_to(fd); }); !e.empty())
    return e;
  if (auto e = write_file(job_dir + "/stderr", [&](int fd) { return err.write_to(fd); }); !e.empty())
    return e;
  return write_file(job_dir + "/seq", [&](int fd) { return shoal::write_all(fd, std::to_string(seq)); });
}

}  // namespace shoal::cli

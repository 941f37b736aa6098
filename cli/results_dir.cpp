#include "results_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>

#include "shoal/io.hpp"
#include "shoal/unique_fd.hpp"

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

// Writes `path`'s bytes under a temporary name beside it; the caller renames
// it once every file of the job is complete, so a kill never leaves a file
// cut short under its own name. The temporary name is fixed: a run resumed
// after a kill writes over the one left behind.
std::string temporary_name(const std::string& path) {
  auto slash = path.rfind('/');
  return path.substr(0, slash + 1) + "." + path.substr(slash + 1) + ".shoal-tmp";
}

Checked<void> write_file(const std::string& path, const std::function<int(int)>& fill) {
  std::string temporary = temporary_name(path);
  shoal::UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) return fail("cannot create " + temporary + ": " + std::strerror(errno));
  int rc = fill(fd.get());
  if (int closed = fd.close(); rc == 0) rc = closed;  // NFS reports a failed write at close
  if (rc == 0) return {};
  ::unlink(temporary.c_str());
  return fail("cannot write " + path + ": " + std::strerror(rc));
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

std::string results_job_dir(const std::string& dir, const std::vector<std::string>& arguments,
                            std::size_t name_max) {
  std::string job_dir = dir;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    // Appended piece by piece: `dir += "/" + name` trips GCC 12's -Wrestrict
    // false positive at -O3.
    job_dir += '/';
    job_dir += std::to_string(i + 1);
    if (arguments[i].empty()) continue;
    job_dir += '/';
    std::string name = results_dir_name(arguments[i]);
    if (name.size() > name_max) name.resize(name_max);
    job_dir += name;
  }
  return job_dir;
}

namespace {

// The three files of one job, each complete under its own name or absent.
Checked<void> write_result_files(const std::array<std::string, 3>& names, std::uint64_t seq,
                                 const shoal::Output& out, const shoal::Output& err) {
  std::string seq_text = std::to_string(seq);
  const std::function<int(int)> fills[] = {
      [&](int fd) { return out.write_to(fd); },
      [&](int fd) { return err.write_to(fd); },
      [&](int fd) { return shoal::write_all(fd, seq_text); },
  };
  for (int i = 0; i < 3; ++i) {
    if (auto written = write_file(names[i], fills[i]); !written) {
      for (int j = 0; j < i; ++j) ::unlink(temporary_name(names[j]).c_str());
      return written;
    }
  }
  for (const auto& name : names)
    if (::rename(temporary_name(name).c_str(), name.c_str()) != 0)
      return fail("cannot rename " + temporary_name(name) + " to " + name + ": " + std::strerror(errno));
  return {};
}

}  // namespace

Checked<void> write_results(const std::string& dir, const std::vector<std::string>& arguments,
                          std::uint64_t seq, const shoal::Output& out, const shoal::Output& err) {
  std::string job_dir = results_job_dir(dir, arguments);
  bool made = make_dirs(job_dir);
  if (!made && errno == ENAMETOOLONG) {
    // As GNU parallel: an argument too long to be a directory's name is cut
    // to the longest name the filesystem takes.
    long name_max = ::pathconf(dir.c_str(), _PC_NAME_MAX);
    job_dir = results_job_dir(dir, arguments, name_max > 0 ? static_cast<std::size_t>(name_max) : 255);
    made = make_dirs(job_dir);
  }
  if (!made) return fail("cannot create " + job_dir + ": " + std::strerror(errno));
  return write_result_files({job_dir + "/stdout", job_dir + "/stderr", job_dir + "/seq"}, seq, out, err);
}

Checked<void> write_results_at(const std::string& path, std::uint64_t seq, const shoal::Output& out,
                               const shoal::Output& err) {
  bool dir = !path.empty() && path.back() == '/';
  std::string parent = dir ? path.substr(0, path.size() - 1) : path.substr(0, path.rfind('/') + 1);
  if (!parent.empty() && !make_dirs(parent))
    return fail("cannot create " + parent + ": " + std::strerror(errno));
  if (dir) return write_result_files({path + "stdout", path + "stderr", path + "seq"}, seq, out, err);
  return write_result_files({path, path + ".err", path + ".seq"}, seq, out, err);
}

}  // namespace shoal::cli

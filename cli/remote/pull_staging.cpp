#include "remote/pull_staging.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace shoal::cli {

namespace {

// rm -rf: what a link points to stays (remove_all removes the link).
void remove_tree(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

// Puts `staged` at `final_name`, whatever was there, in one step where the
// kernel allows: a file over a file is one rename; a directory over
// anything, or anything over a directory, is swapped in (RENAME_EXCHANGE)
// and the old copy, now at the staged name, removed -- a reader sees the
// old copy or the new one, never neither. Where the file system cannot
// swap, the old copy goes just before the rename. 0, or the errno.
int put_in_place(const std::string& staged, const std::string& final_name) {
  if (::rename(staged.c_str(), final_name.c_str()) == 0) return 0;
  int e = errno;
  if (e != EISDIR && e != ENOTDIR && e != ENOTEMPTY && e != EEXIST) return e;
  if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, final_name.c_str(), RENAME_EXCHANGE) == 0) {
    remove_tree(staged);
    return 0;
  }
  remove_tree(final_name);
  return ::rename(staged.c_str(), final_name.c_str()) == 0 ? 0 : errno;
}

}  // namespace

Checked<void> PullStaging::open() {
  std::error_code ec;
  std::filesystem::create_directories(spec_.dest, ec);
  if (!ec && !std::filesystem::is_directory(spec_.dest, ec))
    ec = std::make_error_code(std::errc::not_a_directory);
  if (ec) return fail(fmt::format("--dest {}: {}", spec_.dest, ec.message()));
  return {};
}

std::string PullStaging::stage_of(const SshLogin& login) const {
  return spec_.dest + "/" + staging_name(login);
}

std::string PullStaging::prepare(const SshLogin& login) {
  std::string stage = stage_of(login);
  remove_tree(stage);
  ::mkdir(stage.c_str(), 0777);
  made_.insert(stage);
  return stage;
}

void PullStaging::finish(const SshLogin& login, Result& r) {
  std::string stage = stage_of(login);
  if (r.status == Status::ok) {
    for (const auto& src : spec_.sources) {
      std::string from = stage + "/" + source_base_name(src);
      std::string to = spec_.dest + "/" + pulled_name(src, login);
      if (int e = put_in_place(from, to)) {
        r.status = Status::failed;
        r.exit_code = 1;
        (void)r.err.append(fmt::format("shoal: cannot move {} to {}: {}\n", from, to, std::strerror(e)));
        break;
      }
    }
  }
  // Empty once all is in place; else what had arrived goes with it.
  if (::rmdir(stage.c_str()) != 0) remove_tree(stage);
  made_.erase(stage);
}

void PullStaging::close() {
  for (const auto& stage : made_) remove_tree(stage);
  made_.clear();
}

}  // namespace shoal::cli

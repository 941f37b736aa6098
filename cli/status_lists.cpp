#include "status_lists.hpp"

#include <cstring>
#include <utility>

namespace shoal::cli {

namespace {

// Null when `path` is empty (the list is not wanted).
Checked<std::unique_ptr<RecordFile>> open_list(const std::string& path, bool append, char end) {
  if (path.empty()) return std::unique_ptr<RecordFile>();
  auto file = std::make_unique<RecordFile>();
  if (int e = file->open(path, append, end); e != 0)
    return fail("cannot open " + path + ": " + std::strerror(e));
  return file;
}

}  // namespace

Checked<StatusLists> StatusLists::open(const StatusListPaths& paths, bool append, char end) {
  StatusLists lists;
  const std::pair<const std::string*, std::unique_ptr<RecordFile>*> wanted[] = {
      {&paths.succeeded, &lists.succeeded_},
      {&paths.failed, &lists.failed_},
      {&paths.timed_out, &lists.timed_out_},
  };
  for (auto [path, file] : wanted) {
    auto opened = open_list(*path, append, end);
    if (!opened) return opened.failure();
    *file = std::move(*opened);
  }
  auto hosts = open_list(paths.unreachable, append, '\n');  // hosts, for --slf
  if (!hosts) return hosts.failure();
  lists.unreachable_ = std::move(*hosts);
  return lists;
}

int StatusLists::add(shoal::Status status, const std::string& line) {
  auto& file = status == Status::ok ? succeeded_ : status == Status::timeout ? timed_out_ : failed_;
  return file ? file->append(line) : 0;
}

int StatusLists::add_unreachable(const std::string& host) {
  return unreachable_ ? unreachable_->append(host + "\n") : 0;
}

}  // namespace shoal::cli

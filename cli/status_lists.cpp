#include "status_lists.hpp"

#include <cstring>

namespace shoal::cli {

StatusLists::StatusLists(const StatusListPaths& paths, bool append, char end) {
  succeeded_ = open_list(paths.succeeded, append, end);
  failed_ = open_list(paths.failed, append, end);
  timed_out_ = open_list(paths.timed_out, append, end);
  unreachable_ = open_list(paths.unreachable, append, '\n');  // hosts, for --slf
}

std::unique_ptr<RecordFile> StatusLists::open_list(const std::string& path, bool append, char end) {
  if (path.empty() || !error_.empty()) return nullptr;
  auto file = std::make_unique<RecordFile>();
  if (int e = file->open(path, append, end); e != 0) {
    error_ = "cannot open " + path + ": " + std::strerror(e);
    return nullptr;
  }
  return file;
}

int StatusLists::add(shoal::Status status, const std::string& line) {
  auto& file = status == Status::ok ? succeeded_ : status == Status::timeout ? timed_out_ : failed_;
  return file ? file->append(line) : 0;
}

int StatusLists::add_unreachable(const std::string& host) {
  return unreachable_ ? unreachable_->append(host + "\n") : 0;
}

}  // namespace shoal::cli

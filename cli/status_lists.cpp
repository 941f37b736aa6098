#include "status_lists.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "shoal/io.hpp"

namespace shoal::cli {

StatusLists::StatusLists(const StatusListPaths& paths, bool append) {
  succeeded_ = open_list(paths.succeeded, append);
  failed_ = open_list(paths.failed, append);
  timed_out_ = open_list(paths.timed_out, append);
  unreachable_ = open_list(paths.unreachable, append);
  // Resumed: a host listed by the run before is not listed twice.
  if (unreachable_ >= 0 && append) {
    std::ifstream in(paths.unreachable);
    for (std::string line; std::getline(in, line);) listed_unreachable_.insert(line);
  }
}

StatusLists::~StatusLists() {
  for (int fd : {succeeded_, failed_, timed_out_, unreachable_})
    if (fd >= 0) ::close(fd);
}

int StatusLists::open_list(const std::string& path, bool append) {
  if (path.empty() || !error_.empty()) return -1;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_APPEND | (append ? 0 : O_TRUNC),
                  0644);
  if (fd < 0) error_ = "cannot open " + path + ": " + std::strerror(errno);
  return fd;
}

bool StatusLists::add(shoal::Status status, const std::string& input_line) {
  int fd = status == Status::ok ? succeeded_ : status == Status::timeout ? timed_out_ : failed_;
  if (fd < 0) return true;
  // One write per line: a line is whole in the file or absent.
  return shoal::write_all(fd, input_line + "\n") == 0;
}

bool StatusLists::add_unreachable(const std::string& host) {
  if (unreachable_ < 0 || !listed_unreachable_.insert(host).second) return true;
  return shoal::write_all(unreachable_, host + "\n") == 0;
}

}  // namespace shoal::cli

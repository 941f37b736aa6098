#include "line_printer.hpp"

#include <cerrno>

#include "printer.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

LinePrinter::LinePrinter(int out_fd, int err_fd, bool tag, std::function<void()> before_write)
    : out_fd_(out_fd), err_fd_(err_fd), tag_(tag), before_write_(std::move(before_write)) {}

void LinePrinter::output(std::uint64_t order, const std::string& tag, int stream,
                         std::string_view bytes) {
  Partial& job = partial_[order];
  if (stream == 1) job.ended.received += bytes.size();
  std::string& pending = stream == 1 ? job.out : job.err;
  auto last_newline = bytes.rfind('\n');
  if (last_newline == std::string_view::npos) {
    pending.append(bytes);
    return;
  }
  // Complete lines go out now, in one write with what was pending.
  pending.append(bytes.substr(0, last_newline + 1));
  write(stream, tag, pending, job);
  pending.assign(bytes.substr(last_newline + 1));
}

LinePrinter::Ended LinePrinter::finished(std::uint64_t order, const std::string& tag) {
  auto it = partial_.find(order);
  if (it == partial_.end()) return {};
  Partial rest = std::move(it->second);
  partial_.erase(it);
  if (!rest.out.empty()) write(1, tag, rest.out, rest);
  if (!rest.err.empty()) write(2, tag, rest.err, rest);
  return rest.ended;
}

void LinePrinter::write(int stream, const std::string& tag, std::string_view lines, Partial& job) {
  if (stream == 1 && stdout_closed_) {
    job.ended.delivered = false;
    return;
  }
  if (before_write_) before_write_();
  bool at_line_start = true;
  std::string tagged = tag_ ? tag_lines(lines, tag, at_line_start) : std::string();
  int rc = shoal::write_all(stream == 1 ? out_fd_ : err_fd_, tag_ ? std::string_view(tagged) : lines);
  if (stream != 1 || rc == 0) return;
  job.ended.delivered = false;
  if (rc == EPIPE)
    stdout_closed_ = true;
  else if (write_error_ == 0)
    write_error_ = rc;
}

}  // namespace shoal::cli

#include "printer.hpp"

#include <cerrno>

#include "shoal/io.hpp"

namespace shoal::cli {

std::string tag_lines(std::string_view bytes, const std::string& tag, bool& at_line_start) {
  std::string tagged;
  tagged.reserve(bytes.size() + tag.size() + 1);
  for (char c : bytes) {
    if (at_line_start) {
      tagged += tag;
      tagged += '\t';
    }
    tagged += c;
    at_line_start = c == '\n';
  }
  return tagged;
}

Printer::Printer(PrinterOptions options, int out_fd, int err_fd, std::function<void()> before_write)
    : options_(options), out_fd_(out_fd), err_fd_(err_fd), before_write_(std::move(before_write)) {}

void Printer::finished(std::uint64_t seq, std::string tag, shoal::Output out, shoal::Output err,
                       Then then) {
  Held job{std::move(tag), std::move(out), std::move(err), std::move(then)};
  if (!options_.keep_order) {
    print(job);
    return;
  }
  if (seq != next_seq_) {
    held_.emplace(seq, std::move(job));
    return;
  }
  print(job);
  ++next_seq_;
  for (auto it = held_.begin(); it != held_.end() && it->first == next_seq_;
       it = held_.erase(it), ++next_seq_)
    print(it->second);
}

void Printer::flush() {
  for (auto it = held_.begin(); it != held_.end(); it = held_.erase(it)) print(it->second);
}

void Printer::print(Held& job) {
  bool delivered = true;
  if (!job.out.empty() || !job.err.empty()) {
    if (before_write_) before_write_();
    if (!job.out.empty()) {
      int e = stdout_closed_ ? EPIPE : write_stream(out_fd_, job.tag, job.out);
      if (e == EPIPE)
        stdout_closed_ = true;
      else if (e != 0 && write_error_ == 0)
        write_error_ = e;
      delivered = e == 0;
    }
    if (!job.err.empty()) write_stream(err_fd_, job.tag, job.err);
  }
  if (job.then) job.then(delivered);
}

int Printer::write_stream(int fd, const std::string& tag, shoal::Output& o) {
  if (!options_.tag) return o.move_to(fd);
  int result = 0;
  bool at_line_start = true;
  o.for_each_chunk([&](std::string_view chunk) {
    result = write_all(fd, tag_lines(chunk, tag, at_line_start));
    return result == 0;
  });
  return result;
}

}  // namespace shoal::cli

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

void Printer::finished(std::uint64_t seq, std::string tag, shoal::Output out, shoal::Output err) {
  if (!options_.keep_order) {
    print(tag, out, err);
    return;
  }
  if (seq != next_seq_) {
    held_.emplace(seq, Held{std::move(tag), std::move(out), std::move(err)});
    return;
  }
  print(tag, out, err);
  ++next_seq_;
  for (auto it = held_.begin(); it != held_.end() && it->first == next_seq_;
       it = held_.erase(it), ++next_seq_)
    print(it->second.tag, it->second.out, it->second.err);
}

void Printer::print(const std::string& tag, shoal::Output& out, shoal::Output& err) {
  if (out.empty() && err.empty()) return;
  if (before_write_) before_write_();
  if (!stdout_closed_ && !out.empty()) {
    int e = write_stream(out_fd_, tag, out);
    if (e == EPIPE)
      stdout_closed_ = true;
    else if (e != 0 && write_error_ == 0)
      write_error_ = e;
  }
  if (!err.empty()) write_stream(err_fd_, tag, err);
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

#include "line_printer.hpp"

#include "printer.hpp"

namespace shoal::cli {

LinePrinter::LinePrinter(OutputWriter& writer, bool tag) : writer_(writer), tag_(tag) {}

void LinePrinter::output(std::uint64_t order, const std::string& tag, int stream,
                         std::string_view bytes) {
  Partial& p = partial_[order];
  if (stream == 1) p.received += bytes.size();
  std::string& pending = stream == 1 ? p.out : p.err;
  auto last_newline = bytes.rfind('\n');
  if (last_newline == std::string_view::npos) {
    pending.append(bytes);
    return;
  }
  // Complete lines go now, in one write with what was pending.
  pending.append(bytes.substr(0, last_newline + 1));
  writer_.submit(job(order, stream, tag, pending));
  pending.assign(bytes.substr(last_newline + 1));
}

std::uint64_t LinePrinter::received(std::uint64_t order) const {
  auto it = partial_.find(order);
  return it == partial_.end() ? 0 : it->second.received;
}

void LinePrinter::finished(std::uint64_t order, const std::string& tag,
                           std::function<void(bool)> then) {
  Partial& p = partial_[order];
  OutputWriter::Job last;
  for (int stream : {1, 2}) {
    std::string& rest = stream == 1 ? p.out : p.err;
    if (rest.empty()) continue;
    auto one = job(order, stream, tag, rest);
    last.pieces.push_back(std::move(one.pieces.front()));
    rest = std::string();
  }
  // After every earlier piece of this job: their "delivered" is known by then.
  last.done = [this, order, then = std::move(then)](bool delivered) {
    auto it = partial_.find(order);
    delivered = delivered && it->second.delivered;
    partial_.erase(it);
    if (then) then(delivered);
  };
  writer_.submit(std::move(last));
}

OutputWriter::Job LinePrinter::job(std::uint64_t order, int stream, const std::string& tag,
                                   std::string_view lines) {
  OutputWriter::Job j;
  OutputWriter::Piece& piece = j.pieces.emplace_back();
  piece.stream = stream;
  bool at_line_start = true;
  piece.bytes = tag_ ? tag_lines(lines, tag, at_line_start) : std::string(lines);
  if (stream == 1)
    j.done = [this, order](bool delivered) {
      if (!delivered) partial_[order].delivered = false;
    };
  return j;
}

}  // namespace shoal::cli

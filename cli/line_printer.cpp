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
  std::string out = std::move(p.out), err = std::move(p.err);
  if (!out.empty()) writer_.submit(job(order, 1, tag, out));
  if (!err.empty()) writer_.submit(job(order, 2, tag, err));
  if (p.in_flight > 0) {
    p.then = std::move(then);  // when its last stdout piece is back
    return;
  }
  bool delivered = p.delivered;
  partial_.erase(order);
  if (then) then(delivered);
}

void LinePrinter::stdout_written(std::uint64_t order, bool delivered) {
  Partial& p = partial_[order];
  if (!delivered) p.delivered = false;
  if (--p.in_flight > 0 || !p.then) return;
  auto then = std::move(p.then);
  delivered = p.delivered;
  partial_.erase(order);
  then(delivered);
}

OutputWriter::Job LinePrinter::job(std::uint64_t order, int stream, const std::string& tag,
                                   std::string_view lines) {
  OutputWriter::Job j;
  OutputWriter::Piece& piece = j.pieces.emplace_back();
  piece.stream = stream;
  bool at_line_start = true;
  piece.bytes = tag_ ? tag_lines(lines, tag, at_line_start) : std::string(lines);
  if (stream == 1) {
    ++partial_[order].in_flight;
    j.done = [this, order](bool delivered) { stdout_written(order, delivered); };
  }
  return j;
}

}  // namespace shoal::cli

#include "printer.hpp"

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

Printer::Printer(PrinterOptions options, OutputWriter& writer) : options_(options), writer_(writer) {}

void Printer::finished(std::uint64_t order, std::string tag, shoal::Output out, shoal::Output err,
                       Then then) {
  OutputWriter::Job job;
  bool prints = !out.empty();
  for (auto* o : {&out, &err}) {
    if (o->empty()) continue;
    OutputWriter::Piece& piece = job.pieces.emplace_back();
    piece.stream = o == &out ? 1 : 2;
    piece.bytes = std::move(*o);
    piece.tagged = options_.tag;
    piece.tag = tag;
  }
  if (!options_.keep_order) {
    if (!prints && then) {
      then(true);
      then = {};
    }
    job.done = std::move(then);
    writer_.submit(std::move(job));
    return;
  }
  job.done = std::move(then);
  if (order != next_order_) {
    writer_.admit(job);  // counted while it waits: past the bound, to disk
    held_.emplace(order, std::move(job));
    return;
  }
  writer_.submit(std::move(job));
  ++next_order_;
  for (auto it = held_.begin(); it != held_.end() && it->first == next_order_;
       it = held_.erase(it), ++next_order_)
    writer_.submit(std::move(it->second));
}

void Printer::flush() {
  for (auto it = held_.begin(); it != held_.end(); it = held_.erase(it))
    writer_.submit(std::move(it->second));
}

}  // namespace shoal::cli

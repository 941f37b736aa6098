#include "results_table.hpp"

#include <fmt/format.h>

namespace shoal::cli {

namespace {

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (std::size_t i = 0; i < s.size(); ++i)
    if (static_cast<char>(s[i] | 0x20) != suffix[i]) return false;
  return true;
}

bool must_quote(std::string_view field, char separator) {
  for (char c : field)
    switch (c) {
      case '"': case ' ': case '\t': case '\n': case '\r': case '\f': case '\v': case '\0':
        return true;
      default:
        if (c == separator) return true;
    }
  return false;
}

// Each field goes in after a separator; the line's first is taken off at
// its end (line_of).
void add_field(std::string& row, std::string_view field, char separator) {
  row += separator;
  if (!must_quote(field, separator)) {
    row += field;
    return;
  }
  row += '"';
  for (char c : field) {
    if (c == '"') row += '"';
    row += c;
  }
  row += '"';
}

void add_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += fmt::format("\\u{:04x}", u);
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string json_row(const JoblogEntry& e, const std::vector<std::string>& values,
                     std::string_view out, std::string_view err) {
  std::string row = fmt::format("{{ \"Seq\": {}, \"Host\": ", e.seq);
  add_json_string(row, e.host);
  row += fmt::format(", \"Starttime\": {:.3f}, \"JobRuntime\": {:.3f}, \"Send\": {}, \"Receive\": {}, "
                     "\"Exitval\": {}, \"Signal\": {}, \"Command\": ",
                     e.start_epoch, e.runtime, e.send, e.receive, e.exitval, e.signal);
  add_json_string(row, e.command);
  row += ", \"V\": [ ";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) row += ',';
    add_json_string(row, values[i]);
  }
  row += " ], \"Stdout\": ";
  add_json_string(row, out);
  row += ", \"Stderr\": ";
  add_json_string(row, err);
  row += " }\n";
  return row;
}

std::string line_of(std::string fields) {
  fields.erase(0, 1);
  fields += '\n';
  return fields;
}

}  // namespace

TableFormat table_format(std::string_view results) {
  if (ends_with_nocase(results, ".csv")) return TableFormat::csv;
  if (ends_with_nocase(results, ".tsv")) return TableFormat::tsv;
  if (ends_with_nocase(results, ".json")) return TableFormat::json;
  return TableFormat::none;
}

bool table_on_stdout(std::string_view results) {
  return results == "-.csv" || results == "-.tsv" || results == "-.json";
}

std::string table_header(TableFormat format, std::size_t values) {
  if (format != TableFormat::csv && format != TableFormat::tsv) return {};
  char sep = format == TableFormat::csv ? ',' : '\t';
  std::string header;
  for (const char* name : {"Seq", "Host", "Starttime", "JobRuntime", "Send", "Receive", "Exitval",
                           "Signal", "Command"})
    add_field(header, name, sep);
  for (std::size_t i = 1; i <= values; ++i) add_field(header, fmt::format("V{}", i), sep);
  add_field(header, "Stdout", sep);
  add_field(header, "Stderr", sep);
  return line_of(std::move(header));
}

std::string table_row(TableFormat format, const JoblogEntry& e,
                      const std::vector<std::string>& values, std::string_view out,
                      std::string_view err) {
  if (format == TableFormat::json) return json_row(e, values, out, err);
  char sep = format == TableFormat::csv ? ',' : '\t';
  std::string row;
  add_field(row, std::to_string(e.seq), sep);
  add_field(row, e.host, sep);
  add_field(row, fmt::format("{:.3f}", e.start_epoch), sep);
  add_field(row, fmt::format("{:.3f}", e.runtime), sep);
  add_field(row, std::to_string(e.send), sep);
  add_field(row, std::to_string(e.receive), sep);
  add_field(row, std::to_string(e.exitval), sep);
  add_field(row, std::to_string(e.signal), sep);
  add_field(row, e.command, sep);
  for (const auto& v : values) add_field(row, v, sep);
  add_field(row, out, sep);
  add_field(row, err, sep);
  return line_of(std::move(row));
}

}  // namespace shoal::cli

#include "csv_fields.hpp"

#include <algorithm>

namespace shoal::cli {

bool inside_csv_quotes(std::string_view record) {
  return std::count(record.begin(), record.end(), '"') % 2 == 1;
}

Checked<void> split_csv(std::string_view record, char separator, std::vector<std::string>& fields) {
  std::size_t i = 0;
  for (;;) {
    std::string field;
    if (i < record.size() && record[i] == '"') {
      // Quoted: up to the quote that is not doubled.
      for (++i;; ++i) {
        if (i >= record.size()) return fail("a quoted field does not end");
        if (record[i] != '"') {
          field += record[i];
        } else if (i + 1 < record.size() && record[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          ++i;
          break;
        }
      }
      if (i < record.size() && record[i] != separator)
        return fail("text after a quoted field's closing quote");
    } else {
      std::size_t end = std::min(record.find(separator, i), record.size());
      field.assign(record.substr(i, end - i));
      if (field.find('"') != std::string::npos)
        return fail("a quote inside a field that is not quoted");
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= record.size()) return {};
    ++i;  // the separator
  }
}

}  // namespace shoal::cli

// --csv: an input record split into fields as Perl's Text::CSV (binary)
// splits it for GNU parallel: fields separated by one character (',', or
// --colsep's), a field in double quotes may hold the separator, newlines and
// "" for a quote; a quote anywhere else is an error, as it is there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"

namespace shoal::cli {

// Appends the fields of `record` to `fields`, or says (in one line) why it
// is not valid CSV. An empty record is one empty field.
Checked<void> split_csv(std::string_view record, char separator, std::vector<std::string>& fields);

// Whether a record read so far ends inside a quoted field (an odd number of
// quotes), so that the next line belongs to it.
bool inside_csv_quotes(std::string_view record);

}  // namespace shoal::cli

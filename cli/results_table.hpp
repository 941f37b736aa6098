// --results FILE.csv, FILE.tsv, FILE.json (or -.csv, -.tsv, -.json for
// stdout): every job as one row of a table instead of a directory of files,
// in GNU parallel's formats to the byte, so that what reads GNU parallel's
// tables reads shoal's. The columns are the joblog's, then the job's values
// (V1, V2, ... or the JSON array "V"), then its whole stdout and stderr.
//
// Only the formatting lives here: which rows are written, when and where is
// the Reporter's, which keeps a row's records behind its delivery as it does
// for any output.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "joblog.hpp"

namespace shoal::cli {

enum class TableFormat { none, csv, tsv, json };

// By the name's ending, case-insensitive as in GNU parallel: none for a
// directory.
TableFormat table_format(std::string_view results);
// "-.csv" and its kin: the table goes to stdout, and jobs' own output
// nowhere else.
bool table_on_stdout(std::string_view results);

// CSV and TSV: the header line, for a first row with `values` values. JSON
// has none ("").
std::string table_header(TableFormat format, std::size_t values);

// One job, ending in '\n'. A CSV/TSV field is quoted when it holds a quote
// (doubled), white space, the separator or NUL; JSON escapes \ " and bytes
// below 0x20 and passes every other byte as it is, as GNU parallel does.
std::string table_row(TableFormat format, const JoblogEntry& job,
                      const std::vector<std::string>& values, std::string_view out,
                      std::string_view err);

}  // namespace shoal::cli

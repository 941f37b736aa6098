// JobReport: the one record of a job that every report is written from --
// the joblog line, the --json line, the run report, the tag and the
// --results files. A header of its own rather than report.hpp's, because the
// readers of a run report and the JSON writer need the record without the
// Reporter (and the options, printer and joblog it brings in).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace shoal::cli {

struct JobReport {
  std::uint64_t seq = 0;
  std::vector<std::string> args;
  std::string host = ":";
  std::string command;
  std::string tag;  // for --tag/--tagstring: what each output line starts with
  std::size_t slot = 1;  // {%}: the slot it ran in
};

}  // namespace shoal::cli

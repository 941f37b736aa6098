// Turning the command line's input options into a JobArguments: opening
// files, stdin, the :::/:::: groups, --colsep's regular expression; and, for
// --retry-failed, the failed commands of a joblog.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"
#include "checked.hpp"
#include "joblog.hpp"
#include "options.hpp"

namespace shoal::cli {

// Opens every input source, or says which cannot be opened or read.
// With --header, `column_names` gets the names of the columns, in order
// ({name} is then {n}).
Checked<std::unique_ptr<JobArguments>> open_arguments(const Options& options,
                                                      std::vector<std::string>* column_names = nullptr);

// --retry-failed: the joblog's failed commands, with their seqs (and hosts,
// if the history has them) in `jobs`; `lead` (a --script's name, which
// each record starts with) is taken off the front of each.
std::unique_ptr<JobArguments> failed_commands(const JoblogHistory& history,
                                              std::vector<JobKey>& jobs,
                                              std::string_view lead = {});

}  // namespace shoal::cli

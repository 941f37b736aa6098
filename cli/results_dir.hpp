// --results DIR: each job's stdout, stderr and seq in files, in GNU
// parallel's layout: DIR/1/<argument>/{stdout,stderr,seq} -- with several
// arguments DIR/1/<first>/2/<second>/... -- where each
// argument has '\' written as '\\', '/' as '\_', TAB as '\t' and NUL as '\0'
// so that any argument is one directory name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/output.hpp"

namespace shoal::cli {

// The directory name GNU parallel gives an argument.
std::string results_dir_name(std::string_view argument);

// Writes the three files; returns an error message or "".
std::string write_results(const std::string& dir, const std::vector<std::string>& arguments,
                          std::uint64_t seq,
                          const shoal::Output& out, const shoal::Output& err);

}  // namespace shoal::cli

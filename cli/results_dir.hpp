// --results DIR: each job's stdout, stderr and seq in files, in GNU
// parallel's layout: DIR/1/<argument>/{stdout,stderr,seq} -- with several
// arguments DIR/1/<first>/2/<second>/... -- where each
// argument has '\' written as '\\', '/' as '\_', TAB as '\t' and NUL as '\0'
// so that any argument is one directory name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"
#include "shoal/output.hpp"

namespace shoal::cli {

// The directory name GNU parallel gives an argument.
std::string results_dir_name(std::string_view argument);

// The job's directory: `dir`/1/<first>/2/<second>/..., each name cut to
// `name_max` bytes.
std::string results_job_dir(const std::string& dir, const std::vector<std::string>& arguments,
                            std::size_t name_max = SIZE_MAX);

// --results with replacement strings, expanded for one job: a PATH ending
// in '/' is a directory holding stdout, stderr and seq; any other PATH is
// the stdout file, beside PATH.err and PATH.seq (GNU parallel's names).
Checked<void> write_results_at(const std::string& path, std::uint64_t seq, const shoal::Output& out,
                               const shoal::Output& err);

// Writes the three files, or says why they could not be. An argument
// longer than the filesystem's longest name is cut to it, as GNU parallel
// does: two arguments alike in their first 255 bytes share a directory.
Checked<void> write_results(const std::string& dir, const std::vector<std::string>& arguments,
                            std::uint64_t seq, const shoal::Output& out, const shoal::Output& err);

}  // namespace shoal::cli

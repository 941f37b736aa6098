// What GNU parallel's -v and --files make of a job's stdout: -v puts the
// job's command line at the top of it (so it is printed, saved or tagged
// with the output it belongs to, not on stderr as --verbose does), and
// --files puts the output in a file of its own and prints that file's
// name instead. Kept out of the Runner and the Reporter: those decide when,
// this says what.
#pragma once

#include <string>
#include <string_view>

#include "checked.hpp"
#include "shoal/command.hpp"
#include "shoal/output.hpp"

namespace shoal::cli {

// -v's line: the command line as --dry-run prints it; -v -v, for a job run
// through ssh, the ssh command line itself (GNU parallel shows its wrapper).
std::string shown_command(const shoal::Command& command, std::string display, std::size_t v,
                          bool remote);

// `line` followed by `out`'s bytes.
shoal::Output with_prefix(std::string_view line, shoal::Output out);

// --files: `out` written to a new file $TMPDIR/parXXXXXX.par (/tmp without
// $TMPDIR), left there for the user, as GNU parallel leaves its files: the
// file's name, or why there is none.
Checked<std::string> save_output_file(const shoal::Output& out);

}  // namespace shoal::cli

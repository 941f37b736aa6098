// GNU parallel reads its options with Perl's Getopt::Long, configured with
// "bundling" and left with its defaults auto_abbrev and ignore_case: a long
// option may be shortened to any prefix that names one option
// (--keep-ord, --dry), and written in any case (--KEEP-ORDER); one-letter
// options keep their case (-n is not -N). CLI11 takes only full names, so
// before it parses, the long options are written out here: an exact name
// stays, else a unique case-blind prefix becomes the name it stands for,
// else two or more options are a one-line error naming them. Aliases of the
// same option do not make a prefix ambiguous (--linebuf: --linebuffer and
// --linebuffered are one option), as in Getopt::Long.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "checked.hpp"

namespace shoal::cli {

// `args` are the command line without argv[0]. Only shoal's options are
// looked at: the words from the command on (the first word that is not an
// option or an option's value, or after `--`) are left as they are.
// Fails for an abbreviation that stands for more than one option.
Checked<void> expand_long_options(const CLI::App& app, std::vector<std::string>& args);

}  // namespace shoal::cli

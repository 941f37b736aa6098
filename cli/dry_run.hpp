// --dry-run: print each job's command line, start nothing.
#pragma once

#include <cstddef>

#include "arguments.hpp"
#include "template.hpp"

namespace shoal::cli {

// Returns shoal's exit status: 0, 255 when the input could not be read or
// stdout could not be written (a full disk), or 128+SIGPIPE when stdout's
// reader went away.
int dry_run(JobArguments& input, const CommandTemplate& tmpl, std::size_t jobs);

}  // namespace shoal::cli

// GNU parallel's --termseq: how a job that must end (a timeout, --halt now)
// is ended. A list SIGNAL,MS,SIGNAL,MS,...: each signal goes to the job's
// process group, which then has MS milliseconds to die before the next.
// The default, GNU parallel's, gives a job three TERMs over 350 ms before
// the KILL: long enough for a program to clean up, short enough that a
// timeout means what it says.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"
#include "shoal/command.hpp"

namespace shoal::cli {

using TermSeq = std::vector<shoal::Command::KillStep>;

// TERM,200,TERM,100,TERM,50,KILL,25
TermSeq default_termseq();

// Signals by name (TERM, SIGTERM, term) or number; a last signal without
// its wait waits 0 ms, as in GNU parallel. A failure when a signal is
// unknown or a wait is not a number of milliseconds.
Checked<TermSeq> parse_termseq(std::string_view text);

}  // namespace shoal::cli

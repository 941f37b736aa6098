// How shoal ends, and the lines it says on the way. Every file of the
// command that speaks for shoal itself (not for a job) writes through
// say(), so the "shoal: " prefix is written in one place; and the exit
// status ladder's one shared rule (GNU parallel's count of failed jobs)
// lives here, so run.cpp and runner.cpp need not include each other.
#pragma once

#include <cstdint>
#include <string>

namespace shoal::cli {

// One line on stderr from shoal itself: "shoal: LINE\n". Written whole
// (one write), so it never splits around a job's output.
void say(const std::string& line);
// The same line as text, for what reaches stderr another way (shoal's note
// printed with a job's stderr, the summary written after the run).
std::string said(const std::string& line);

// How shoal ends: an exit status (0, 1-101, 255, or --halt's), or -- after
// Ctrl-C, SIGTERM, SIGHUP or stdout's reader going away -- by that signal,
// which main() raises on itself once everything is written.
struct Ending {
  int status = 0;
  int signal = 0;
};

// GNU parallel's exit status for a run with `not_ok` jobs that did not end
// ok: their count, 101 for more than 100.
int exit_status_for(std::uint64_t not_ok);

}  // namespace shoal::cli

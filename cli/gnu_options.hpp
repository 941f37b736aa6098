// GNU parallel's options that change how a job's command is written, shown
// or ended, or what is printed for it: -q, -v, --files, --termseq, --exit,
// --show-limits. Kept apart from options.cpp as multi_options.cpp is: what
// CLI11 fills, then what it means.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

#include "checked.hpp"
#include "termseq.hpp"

namespace shoal::cli {

struct GnuOptionText {
  std::string termseq;
  bool exit = false;
  bool show_limits = false;
};

struct GnuOptions {
  bool quote = false;         // -q: shell syntax in the command is literal
  std::size_t v = 0;          // -v: the command line on the job's stdout; -v -v: as it runs
  bool files = false;         // --files: each job's stdout in a file, its name printed
  TermSeq termseq = default_termseq();  // --termseq
  bool show_limits = false;   // --show-limits
};

void add_gnu_options(CLI::App& app, GnuOptionText& text, GnuOptions& o);

// The values made sense of, or why they cannot be used.
Checked<void> finish_gnu_options(const GnuOptionText& text, GnuOptions& o);

// --show-limits: GNU parallel's lines, with shoal's numbers (the system's
// longest command line and the one -s makes the jobs keep under).
std::string show_limits_text(std::size_t system_limit, std::size_t usable);

}  // namespace shoal::cli

// The options of --pipe and its kin (--pipepart, --block, --recstart,
// --recend, --regexp, --round-robin, --block-timeout, --remove-rec-sep,
// --cat, --fifo, --tee, --skip-first-line), kept apart from options.cpp as
// multi_options.cpp and gnu_options.cpp are: what CLI11 fills, then the
// checks of what goes with what.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

#include "checked.hpp"
#include "options.hpp"

namespace shoal::cli {

// The option text CLI11 fills, made sense of by finish_pipe_options.
struct PipeOptionText {
  std::string block_size, recstart, recend, block_timeout;
  // -N and --header are registered once, with the arguments' options
  // (multi_options.cpp); with --pipe they are the blocks'.
  std::string header;
  std::size_t records = 0;
};

void add_pipe_options(CLI::App& app, PipeOptionText& text, Options& o);

// --block-timeout's whole seconds into `p`, or why they are none.
Checked<void> read_block_timeout(const PipeOptionText& text, Options::Pipe& p);

// Puts --pipe's options in their place in `o.pipe`, or says why they do
// not go together (with each other, or with the rest of `o`).
Checked<void> finish_pipe_options(const CLI::App& app, const PipeOptionText& text, Options& o);

}  // namespace shoal::cli

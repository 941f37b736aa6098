// The options that put several arguments into one job or change how input
// lines are read (GNU parallel's -m, -X, --xargs, -N, -L, -s, -r, -E,
// --link, --shuf, --arg-sep, --arg-file-sep), kept apart from options.cpp:
// what CLI11 fills, then what it means for JobArguments and the template.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "arguments.hpp"
#include "checked.hpp"
#include "input.hpp"

namespace shoal::cli {

struct MultiOptionText {
  bool m = false, x = false, xargs = false;
  std::size_t max_replace_args = 0;  // -N
  std::size_t max_lines = 0;         // -L, --max-lines
  std::size_t max_chars = 0;         // -s
  bool no_run_if_empty = false;      // -r
  std::string eof;                   // -E
  bool link = false, shuf = false;
  bool csv = false;
  std::string header;  // --header
};

// What the options add up to.
struct MultiArgs {
  Batching batching;
  LineRules rules;
  bool repeat_context = false;  // -X, -N, -L: the template repeats the words around {}
  std::string arg_sep = ":::", arg_file_sep = "::::";
  std::string warning;  // said when the run starts (an -s past the system's limit)
  std::optional<char> csv_separator;  // --csv: records are CSV with this separator
  // --header: each source's first line names its columns ({name} is {n});
  // "0": the :::: and -a files are named by their file names.
  std::optional<std::string> header;
};

void add_multi_options(CLI::App& app, MultiOptionText& text, MultiArgs& multi);

// Makes sense of them with -n's value and the system's limit, or says why
// they cannot be used.
// --csv and --header change --colsep's default (`colsep`, `colsep_given`);
// --csv's records go on past `delimiter` inside quotes. With `piping`
// (--pipe, --pipepart), -N and --header are the blocks', not the arguments'.
Checked<void> finish_multi_options(const CLI::App& app, const MultiOptionText& text,
                                   std::size_t args_per_job, MultiArgs& multi, std::string& colsep,
                                   bool& colsep_given, const std::string& delimiter,
                                   bool piping = false);

// The longest command line (in characters, as --dry-run prints it) that
// this system runs: one argument (sh -c's script) may hold 128 KiB, and all
// of them with the environment ARG_MAX, at most 8 bytes of pointer more
// per argument (one-character arguments: 2 characters of line, 10 bytes).
std::size_t line_limit(long arg_max, std::size_t environment_bytes);
std::size_t system_line_limit();

}  // namespace shoal::cli

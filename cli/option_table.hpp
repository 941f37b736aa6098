// Every option of shoal's command line registered with CLI11: its names,
// help and --help heading, and where its value goes -- straight into
// Options, or into OptionText when it must be read or checked first
// (options.cpp does that). The options of --pipe, of several arguments per
// job, GNU parallel's extras and remote hosts are registered by their own
// files, called from here in --help's order.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "options.hpp"
#include "pipe_options.hpp"

namespace shoal::cli {

// The options' text as given, before options.cpp makes sense of it.
struct OptionText {
  std::string jobs = "100%";
  std::string timeout, delay, rate, halt, retries, stages;
  bool line_buffer = false, ungroup = false;
  std::vector<std::string> arg_files;
  bool null = false;
  std::string delimiter;
  bool resume = false, resume_failed = false, retry_failed = false;
  bool live = false, no_live = false, summary = false, no_summary = false;
  bool will_cite = false, citation = false;
  bool group = false;  // --group: what shoal does anyway
  RemoteOptionText remote;
  MultiOptionText multi;
  GnuOptionText gnu;
  PipeOptionText pipe;
};

void add_option_table(CLI::App& app, OptionText& t, Options& o);

}  // namespace shoal::cli

// --copy and --rcopy, clush's spelling of pdcp and rpdcp: the options, and
// what they make of a run. A copy is a --nonall run whose one job a host is
// the copy (shoal/copy.hpp) instead of a command, so it gets everything a
// --nonall job gets: slots, --timeout, Ctrl-C, one record per host in the
// joblog, --json and the summary, and the hosts to retry in --failed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checked.hpp"
#include "shoal/copy.hpp"

namespace CLI {
class App;
}

namespace shoal::cli {

struct CopyOptionText {
  std::vector<std::string> copy, rcopy;
  std::string dest;
  std::string tool = "auto";
};

struct RemoteOptions;
struct Options;

void add_copy_options(CLI::App& app, CopyOptionText& text);
// Makes o.copy of the text, and the run a --nonall one. Called once the
// hosts are known.
Checked<void> finish_copy_options(RemoteOptions& o, const CopyOptionText& text, bool has_inputs);
// --retry-failed runs the joblog's failed commands again, and a copy's
// record is not one: refused with where to go instead (--failed's list).
Checked<void> check_copy_retry(const CopyOptionText& text, bool retry_failed);
// A copy takes no command: its words become the copy as the user wrote
// it, which the joblog's Command column and --verbose show (run.cpp keeps
// them out of replacement: `--copy 'a{}b'` is shown as that).
Checked<void> describe_copy(Options& o);
// Those words: `--copy SRC... --dest DIR`, each name shell-quoted.
std::vector<std::string> copy_record_words(const CopySpec& spec);

}  // namespace shoal::cli

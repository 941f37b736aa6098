// GNU parallel's --transferfile/--tf, --transfer, --return, --cleanup,
// --trc, --basefile/--bf and --workdir/--wd on the command line: what
// CLI11 fills, what it means once the hosts are known, and each job's
// files with its replacement strings filled in (transfer.hpp builds the
// commands from those).
#pragma once

#include <string>
#include <vector>

#include "checked.hpp"
#include "remote/transfer.hpp"
#include "template.hpp"

namespace CLI {
class App;
}

namespace shoal::cli {

struct RemoteOptions;

struct TransferOptions {
  std::vector<std::string> transfer_files;  // --tf, templates
  bool transfer = false;                    // --transfer: --tf {}
  std::vector<std::string> returns;         // --return, templates
  std::vector<std::string> trc;             // --trc F: --transfer --return F --cleanup
  std::vector<std::string> basefiles;       // --bf: once per host
  std::string workdir;                      // --wd as written ("" none; "." and "..." special)
  bool cleanup = false;

  bool any() const {
    return !transfer_files.empty() || transfer || !returns.empty() || !trc.empty() ||
           !basefiles.empty() || !workdir.empty() || cleanup;
  }
};

void add_transfer_options(CLI::App& app, TransferOptions& o);

// Checks them against the hosts: refused with --copy/--rcopy and
// --no-multiplex (basefiles), and relative basefiles with a work dir of
// each job's own; a warning, as GNU's, when no host is remote, since `:`
// ignores them all. --wd . becomes the current dir (relative to $HOME
// when below it).
Checked<void> finish_transfer_options(TransferOptions& o, const RemoteOptions& remote);

// The options parsed once, for every job. `whole`: what stands for {} (-I).
class TransferTemplates {
 public:
  TransferTemplates(const TransferOptions& o, std::string_view whole);

  // The files of the job with `in` on host number `host`.
  JobFiles for_job(const JobInput& in, std::size_t host) const;
  const std::vector<std::string>& basefiles() const { return basefiles_; }
  // Where the basefiles go: the work dir, when it is the same for every job.
  const std::string& base_workdir() const { return base_workdir_; }
  bool cleanup() const { return cleanup_; }

 private:
  std::vector<CommandTemplate> transfer_, returns_;
  std::vector<std::string> basefiles_;
  CommandTemplate workdir_;
  bool own_workdir_ = false;  // --wd ...
  std::string base_workdir_ = ".";
  bool cleanup_ = false;
};

}  // namespace shoal::cli

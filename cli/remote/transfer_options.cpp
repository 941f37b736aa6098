#include "remote/transfer_options.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "ending.hpp"
#include "option_group.hpp"
#include "remote/remote_options.hpp"

namespace shoal::cli {

void add_transfer_options(CLI::App& app, TransferOptions& o) {
  OptionGroup files(app, "Files for jobs spread over hosts (GNU parallel's; ignored on ':')");
  // Repeatable, one value each: the command words follow.
  auto file_list = [&files](const std::string& names, std::vector<std::string>& into,
                            const std::string& help) {
    files.option(names, into, help, "FILE")->allow_extra_args(false);
  };
  file_list("--transferfile,--transfer-file,--transferfiles,--transfer-files,--tf",
            o.transfer_files,
            "Send FILE (replacement strings filled in) to the job's host before the job, "
            "relative to the work dir (after a /./, the rest of the path); rsync through the "
            "shared connection. A failed send fails the job, which does not run");
  files.flag("--transfer", o.transfer, "Short for --transferfile {}");
  file_list("--return", o.returns,
            "Fetch FILE from the work dir on the host after the job (to FILE here, or without "
            "its /./); it is renamed into place once whole, and a failed fetch fails the job");
  files.flag("--cleanup", o.cleanup,
             "After each job, remove its sent and fetched files on the host (a file whose fetch "
             "failed stays) and a --wd ... dir; the --basefile files, and the directories left "
             "empty, at the end of the run");
  file_list("--trc", o.trc, "Short for --transfer --return FILE --cleanup");
  file_list("--basefile,--bf", o.basefiles,
            "Send FILE to each host once, before its first job (a host it cannot be sent to "
            "gets no jobs)");
  files.option("--workdir,--work-dir,--wd", o.workdir,
               "Run remote jobs in DIR on the host (made if missing; relative to the login "
               "dir). '.': the current dir (relative to $HOME when below it); '...': a new dir "
               "per job under ~/.shoal/tmp",
               "DIR");
}

Checked<void> finish_transfer_options(TransferOptions& o, const RemoteOptions& remote) {
  if (!o.any()) return {};
  bool remote_host = std::any_of(remote.logins.begin(), remote.logins.end(),
                                 [](const SshLogin& l) { return !l.local(); });
  if (!remote_host) {
    // GNU parallel's behaviour: a warning, and the jobs run here as they are.
    say("warning: --transferfile, --return, --cleanup, --basefile and --workdir are ignored: no "
        "remote host (-S)");
    o = TransferOptions{};
    return {};
  }
  if (remote.copy) return fail("--transferfile, --return, --basefile and --workdir do not apply to --copy/--rcopy");
  if (!o.basefiles.empty() && !remote.multiplex)
    return fail("--basefile needs the shared connections: drop --no-multiplex");
  for (const auto& f : o.basefiles) {
    if (f.empty()) return fail("--basefile: an empty file name");
    if (f[0] == '/' && f.find("/./") == std::string::npos) continue;
    if (o.workdir == "...")
      return fail("--basefile " + f + ": with --wd ... each job has a work dir of its own: give "
                  "basefiles as absolute paths");
    if (o.workdir.find('{') != std::string::npos)
      return fail("--basefile " + f + ": the work dir changes with each job ({} in --wd): give "
                  "basefiles as absolute paths");
  }
  if (o.workdir == ".") {
    std::vector<char> cwd(4096);
    if (!::getcwd(cwd.data(), cwd.size())) return fail("--wd .: cannot tell the current directory");
    const char* home = std::getenv("HOME");
    o.workdir = dot_workdir(cwd.data(), home ? home : "");
  }
  return {};
}

TransferTemplates::TransferTemplates(const TransferOptions& o, std::string_view whole)
    : basefiles_(o.basefiles), cleanup_(o.cleanup || !o.trc.empty()) {
  for (const auto& f : o.transfer_files) transfer_.push_back(CommandTemplate::parse_text(f, whole));
  if (o.transfer || !o.trc.empty()) transfer_.push_back(CommandTemplate::parse_text(whole, whole));
  for (const auto& f : o.returns) returns_.push_back(CommandTemplate::parse_text(f, whole));
  for (const auto& f : o.trc) returns_.push_back(CommandTemplate::parse_text(f, whole));
  if (o.workdir == "...") {
    // GNU's ~/.parallel/tmp/HOST-PID-SEQ, under shoal's name, and with the
    // host's number: the same seq may run on two logins to one machine.
    char name[256] = "";
    ::gethostname(name, sizeof name - 1);
    own_workdir_ = true;
    workdir_ = CommandTemplate::parse_text(fmt::format(".shoal/tmp/{}-{}-", name, ::getpid()), whole);
  } else {
    workdir_ = CommandTemplate::parse_text(o.workdir, whole);
    if (!workdir_.has_replacements()) base_workdir_ = normal_workdir(o.workdir);
  }
}

JobFiles TransferTemplates::for_job(const JobInput& in, std::size_t host) const {
  JobFiles files;
  for (const auto& t : transfer_) files.transfer.push_back(t.expand_text(in));
  for (const auto& t : returns_) files.returns.push_back(t.expand_text(in));
  files.workdir = own_workdir_ ? fmt::format("{}{}-{}", workdir_.expand_text(in), in.seq, host)
                               : normal_workdir(workdir_.expand_text(in));
  files.cleanup = cleanup_;
  files.remove_workdir = own_workdir_ && cleanup_;
  return files;
}

}  // namespace shoal::cli

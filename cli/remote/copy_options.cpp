// Kept out of remote_options.cpp: the copies' options and their checks are
// one concern, and everything they decide is in a CopySpec.
#include "remote/copy_options.hpp"

#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include <cstring>
#include <set>

#include <fmt/format.h>

#include "options.hpp"
#include "shoal/quote.hpp"

namespace shoal::cli {

void add_copy_options(CLI::App& app, CopyOptionText& text) {
  const char* group = "Copy files (through the system's ssh)";
  app.add_option("--copy", text.copy,
                 "Copy local files or directories to --dest DIR on every host, as clush --copy "
                 "and pdcp (rsync where the host has it, else scp; mode and times kept)")
      ->type_name("SRC...")
      ->group(group);
  app.add_option("--rcopy", text.rcopy,
                 "Copy SRC from every host into the local --dest DIR as DIR/NAME.HOST, as clush "
                 "--rcopy and rpdcp: two hosts never write the same file")
      ->type_name("SRC...")
      ->group(group);
  app.add_option("--dest", text.dest,
                 "Where --copy puts the files on each host (made if missing), or where --rcopy "
                 "puts them here")
      ->type_name("DIR")
      ->group(group);
  app.add_option("--copy-tool", text.tool,
                 "auto (a push by rsync where both ends have it, else scp; a pull by scp), rsync or scp")
      ->type_name("TOOL")
      ->group(group);
}

namespace {

Checked<void> check_sources(const CopySpec& spec, const char* option) {
  std::set<std::string> names;
  for (const auto& src : spec.sources) {
    if (src.empty()) return fail(std::string(option) + ": an empty file name");
    std::string base = source_base_name(src);
    if (base.empty())
      return fail(fmt::format("{}: '{}' names no file of its own: give the directory's path", option, src));
    if (spec.direction == CopySpec::Direction::pull && !names.insert(base).second)
      return fail(fmt::format("--rcopy: two sources named '{}' would both arrive as {}.HOST", base, base));
    struct stat st{};
    if (spec.direction == CopySpec::Direction::push && ::lstat(src.c_str(), &st) != 0)
      return fail(fmt::format("--copy: {}: {}", src, std::strerror(errno)));
  }
  return {};
}

// The tool the text asks for, given whether this machine has rsync.
Checked<CopySpec::Tool> copy_tool(const std::string& text) {
  bool have_rsync = local_rsync_available();
  if (text == "auto") return have_rsync ? CopySpec::Tool::automatic : CopySpec::Tool::scp;
  if (text == "rsync") {
    if (!have_rsync) return fail("--copy-tool rsync: there is no rsync on this machine's PATH");
    return CopySpec::Tool::rsync;
  }
  if (text == "scp") return CopySpec::Tool::scp;
  return fail("--copy-tool must be auto, rsync or scp, not '" + text + "'");
}

}  // namespace

Checked<void> finish_copy_options(RemoteOptions& o, const CopyOptionText& text, bool has_inputs) {
  bool push = !text.copy.empty(), pull = !text.rcopy.empty();
  if (!push && !pull) {
    if (!text.dest.empty()) return fail("--dest needs --copy or --rcopy");
    if (text.tool != "auto") return fail("--copy-tool needs --copy or --rcopy");
    return {};
  }
  const char* option = push ? "--copy" : "--rcopy";
  if (push && pull) return fail("--copy and --rcopy do not go together (run one, then the other)");
  if (o.logins.empty()) return fail(fmt::format("{} needs hosts (-S or --sshloginfile)", option));
  for (const auto& login : o.logins)
    if (login.local()) return fail(fmt::format("{}: ':' (this machine) is not a host to copy with", option));
  if (text.dest.empty()) return fail(fmt::format("{} needs --dest DIR", option));
  if (has_inputs) return fail(fmt::format("{} takes no arguments (:::, :::: or -a)", option));
  if (o.onall) return fail(fmt::format("{} runs once on every host: not with --onall", option));

  CopySpec spec;
  spec.direction = push ? CopySpec::Direction::push : CopySpec::Direction::pull;
  spec.sources = push ? text.copy : text.rcopy;
  spec.dest = text.dest;
  if (auto checked = check_sources(spec, option); !checked) return checked;
  auto tool = copy_tool(text.tool);
  if (!tool) return tool.failure();
  spec.tool = *tool;
  o.copy = std::move(spec);
  o.nonall = true;  // one job a host: the copy
  return {};
}

Checked<void> check_copy_retry(const CopyOptionText& text, bool retry_failed) {
  if (!retry_failed || (text.copy.empty() && text.rcopy.empty())) return {};
  return fail(fmt::format("--retry-failed does not go with {}: a copy's records are not commands "
                          "to run again; copy to the hosts that failed with --failed FILE, then "
                          "--sshloginfile FILE",
                          text.copy.empty() ? "--rcopy" : "--copy"));
}

std::vector<std::string> copy_record_words(const CopySpec& spec) {
  bool push = spec.direction == CopySpec::Direction::push;
  std::vector<std::string> words{push ? "--copy" : "--rcopy"};
  for (const auto& src : spec.sources) words.push_back(shell_quote(src));
  words.insert(words.end(), {"--dest", shell_quote(spec.dest)});
  return words;
}

Checked<void> describe_copy(Options& o) {
  if (!o.remote.copy) return {};
  const CopySpec& spec = *o.remote.copy;
  if (!o.command.empty())
    return fail(fmt::format("{} takes no command (given: {})",
                            spec.direction == CopySpec::Direction::push ? "--copy" : "--rcopy",
                            o.command[0]));
  // (Here, once --ssh has been split.)
  if (spec.tool == CopySpec::Tool::scp && !scp_runs_ssh(o.remote.ssh_argv))
    return fail(fmt::format("{}: scp cannot run --ssh '{}' (it takes the program alone, and only "
                            "ssh's -F -i -o -J -c -4 -6 -A -C -q -v); use --copy-tool rsync",
                            local_rsync_available() ? "--copy-tool scp" : "no rsync on this machine, and",
                            o.remote.ssh));
  o.command = copy_record_words(spec);
  return {};
}

}  // namespace shoal::cli

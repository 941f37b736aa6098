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
                 "auto (rsync where both ends have it, else scp), rsync or scp")
      ->type_name("TOOL")
      ->group(group);
}

namespace {

std::string check_sources(const CopySpec& spec, const char* option) {
  std::set<std::string> names;
  for (const auto& src : spec.sources) {
    if (src.empty()) return std::string(option) + ": an empty file name";
    std::string base = source_base_name(src);
    if (base.empty())
      return fmt::format("{}: '{}' names no file of its own: give the directory's path", option, src);
    if (spec.direction == CopySpec::Direction::pull && !names.insert(base).second)
      return fmt::format("--rcopy: two sources named '{}' would both arrive as {}.HOST", base, base);
    struct stat st{};
    if (spec.direction == CopySpec::Direction::push && ::lstat(src.c_str(), &st) != 0)
      return fmt::format("--copy: {}: {}", src, std::strerror(errno));
  }
  return {};
}

}  // namespace

std::string finish_copy_options(RemoteOptions& o, const CopyOptionText& text, bool has_inputs) {
  bool push = !text.copy.empty(), pull = !text.rcopy.empty();
  if (!push && !pull) {
    if (!text.dest.empty()) return "--dest needs --copy or --rcopy";
    if (text.tool != "auto") return "--copy-tool needs --copy or --rcopy";
    return {};
  }
  const char* option = push ? "--copy" : "--rcopy";
  if (push && pull) return "--copy and --rcopy do not go together (run one, then the other)";
  if (o.logins.empty()) return fmt::format("{} needs hosts (-S or --sshloginfile)", option);
  for (const auto& login : o.logins)
    if (login.local()) return fmt::format("{}: ':' (this machine) is not a host to copy with", option);
  if (text.dest.empty()) return fmt::format("{} needs --dest DIR", option);
  if (has_inputs) return fmt::format("{} takes no arguments (:::, :::: or -a)", option);
  if (o.onall) return fmt::format("{} runs once on every host: not with --onall", option);

  CopySpec spec;
  spec.direction = push ? CopySpec::Direction::push : CopySpec::Direction::pull;
  spec.sources = push ? text.copy : text.rcopy;
  spec.dest = text.dest;
  if (std::string e = check_sources(spec, option); !e.empty()) return e;
  bool have_rsync = local_rsync_available();
  if (text.tool == "auto") {
    spec.tool = have_rsync ? CopySpec::Tool::automatic : CopySpec::Tool::scp;
  } else if (text.tool == "rsync") {
    if (!have_rsync) return "--copy-tool rsync: there is no rsync on this machine's PATH";
    spec.tool = CopySpec::Tool::rsync;
  } else if (text.tool == "scp") {
    spec.tool = CopySpec::Tool::scp;
  } else {
    return "--copy-tool must be auto, rsync or scp, not '" + text.tool + "'";
  }
  o.copy = std::move(spec);
  o.nonall = true;  // one job a host: the copy
  return {};
}

std::string describe_copy(Options& o) {
  if (!o.remote.copy) return {};
  const CopySpec& spec = *o.remote.copy;
  bool push = spec.direction == CopySpec::Direction::push;
  if (!o.command.empty())
    return fmt::format("{} takes no command (given: {})", push ? "--copy" : "--rcopy", o.command[0]);
  o.command = {push ? "--copy" : "--rcopy"};
  for (const auto& src : spec.sources) o.command.push_back(shell_quote(src));
  o.command.insert(o.command.end(), {"--dest", shell_quote(spec.dest)});
  return {};
}

}  // namespace shoal::cli

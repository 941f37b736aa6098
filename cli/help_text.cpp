// The words of --help around the table of options (what shoal is, its
// usage line, GNU parallel's input syntax, examples, exit statuses) and
// --version's line: text, kept apart from the options' registration.
#include "help_text.hpp"

#include <memory>

#include "shoal/version.hpp"

namespace shoal::cli {

namespace {

constexpr const char* description =
    "shoal runs many shell commands at once: one job per input, a bounded pool of them\n"
    "running at a time, every job's output captured whole and printed in one piece.\n";

// CLI11's usage line would say "shoal [OPTIONS]"; ours has the command and
// GNU parallel's input groups.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App*, std::string) const override {
    return "Usage: shoal [OPTIONS] [COMMAND [ARG...]] [::: ARG... | :::: FILE... | :::+ ... | "
           "::::+ ...]...\n";
  }
  // At least two spaces between an option and its description, else the
  // description goes on the next line (CLI11 leaves one space when the
  // option is one column short of the width): the eye, and dist/options.awk
  // that makes the man page and the completions from this text, tell the
  // two apart by that gap.
  std::string make_option(const CLI::Option* opt, bool positional) const override {
    std::string out = "  " + make_option_name(opt, positional) + make_option_opts(opt);
    std::string desc = make_option_desc(opt);
    if (!desc.empty()) {
      if (out.size() + 2 > column_width_) out += "\n" + std::string(column_width_, ' ');
      else out.resize(column_width_, ' ');
      for (char c : desc) {
        out += c;
        if (c == '\n') out.append(column_width_, ' ');
      }
    }
    return out + "\n";
  }
};

constexpr const char* footer = R"(Inputs (GNU parallel's syntax):
  shoal CMD ::: a b c        one job per argument
  shoal CMD :::: FILE        one job per line of FILE
  ... | shoal CMD            one job per line of stdin (read as jobs need it)
Replacement strings in CMD: {} the argument, {.} without extension, {/} basename,
  {//} dirname, {/.} basename without extension, {#} job number, {%} slot number;
  {1} {2} ... one input source (or --colsep column), {-1} {-2} ... counted from
  the last; each takes the modifiers too ({2.} {-1/}).
  Without any, the argument is appended. Values are shell-quoted: an input line is
  always one argument, never more commands. A command without shell syntax runs
  directly, without /bin/sh.

Examples:
  shoal -j 20 nova delete :::: vm-ids.txt
  openstack server list -f value -c ID | shoal -j 50 --joblog del.log nova delete
  shoal --timeout 600 -k 'docker pull {} && docker rmi {}' :::: images.txt

Exit status: 0 all jobs ok; 1-100 the number of jobs not ok; 101 more than 100;
  255 shoal's own error (bad option, unreadable input, ...). After Ctrl-C or
  SIGTERM shoal waits for the running jobs, then ends by that signal.
Ctrl-C once: start nothing new and pass the signal on to the running jobs;
  twice: kill them at once, with what they started in the background. A run
  stopped so (or by SIGTERM, SIGHUP, --halt now, or stdout's reader going away)
  ends everything left in its jobs' process groups before it exits; a run that
  ends on its own leaves a daemon a job started.)";

}  // namespace

std::string version_line() { return std::string("shoal ") + SHOAL_VERSION; }

void add_help_and_version(CLI::App& app) {
  app.description(description);
  app.footer(footer);
  app.set_version_flag("-V,--version", version_line());
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->column_width(30);
  app.formatter(formatter);
}

}  // namespace shoal::cli

#include "options.hpp"

#include <CLI/CLI.hpp>

namespace shoal::cli {

namespace {

constexpr const char* description =
    "shoal runs many shell commands at once: one job per input, a bounded pool of them\n"
    "running at a time, every job's output captured whole and printed in one piece.\n";

constexpr const char* footer = R"(Inputs (GNU parallel's syntax):
  shoal CMD ::: a b c        one job per argument
  shoal CMD :::: FILE        one job per line of FILE
  ... | shoal CMD            one job per line of stdin (read as jobs need it)
Replacement strings in CMD: {} the argument, {.} without extension, {/} basename,
  {//} dirname, {/.} basename without extension, {#} job number, {%} slot number.
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
  twice: kill them at once.)";

Toggle toggle(bool on, bool off) { return on ? Toggle::on : off ? Toggle::off : Toggle::automatic; }

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
  ParsedCommandLine parsed;
  Options o;
  std::string jobs = "100%";
  bool live = false, no_live = false, summary = false, no_summary = false;

  CLI::App app(description, "shoal");
  app.prefix_command();  // stop at the command; everything after it is ours
  app.footer(footer);
  app.set_version_flag("--version", "shoal 0.1.0");
  app.get_formatter()->column_width(30);
  app.add_option("-j,--jobs,-P,--max-procs", jobs,
                 "Jobs at once: N, N% of the CPUs, +N/-N CPUs, 0 = as many as the machine "
                 "allows (default 100%: one per CPU)");
  app.add_option("--timeout", o.timeout,
                 "Seconds a job may run; then its whole process group gets TERM, and KILL "
                 "after 1 s")
      ->check(CLI::PositiveNumber);
  app.add_flag("-k,--keep-order", o.keep_order, "Print outputs in input order, not finishing order");
  app.add_flag("--tag", o.tag, "Prefix each output line with the job's argument and a TAB");
  app.add_option("--joblog", o.joblog, "Write a line per finished job to FILE (GNU parallel's format)");
  app.add_flag("--dry-run", o.dry_run, "Print the jobs' command lines instead of running them");
  app.add_flag("--live", live, "Show the live status line even when stderr is not a terminal");
  app.add_flag("--no-live", no_live, "Never show the live status line");
  app.add_flag("--summary", summary, "Print the summary even when stderr is not a terminal");
  app.add_flag("--no-summary", no_summary, "Never print the summary");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    parsed.message = app.help();
    return parsed;
  } catch (const CLI::CallForVersion&) {
    parsed.message = "shoal 0.1.0\n";
    return parsed;
  } catch (const CLI::ParseError& e) {
    parsed.exit_code = 255;
    parsed.message_is_error = true;
    parsed.message = std::string("shoal: ") + e.what() + " (see shoal --help)\n";
    return parsed;
  }

  auto fail = [&](std::string why) {
    parsed.exit_code = 255;
    parsed.message_is_error = true;
    parsed.message = "shoal: " + why + " (see shoal --help)\n";
    return parsed;
  };

  std::string error;
  auto spec = parse_jobs_spec(jobs, error);
  if (!spec) return fail(error);
  o.jobs = *spec;
  o.live = toggle(live, no_live);
  o.summary = toggle(summary, no_summary);

  // The rest: command words up to the first ::: or ::::, then input groups.
  std::vector<std::string> rest = app.remaining();
  std::size_t i = 0;
  for (; i < rest.size() && rest[i] != ":::" && rest[i] != "::::"; ++i) {
    if (i == 0 && rest[i].size() > 1 && rest[i][0] == '-')
      return fail("unknown option: " + rest[i]);
    o.command.push_back(rest[i]);
  }
  for (; i < rest.size(); ++i) {
    if (rest[i] == ":::" || rest[i] == "::::") {
      o.inputs.push_back({rest[i] == ":::" ? InputGroup::Kind::args : InputGroup::Kind::file, {}});
      continue;
    }
    o.inputs.back().values.push_back(rest[i]);
  }
  for (const auto& g : o.inputs)
    if (g.kind == InputGroup::Kind::file && g.values.empty()) return fail(":::: needs a file name");
  parsed.options = std::move(o);
  return parsed;
}

}  // namespace shoal::cli

#include "options.hpp"

#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "durations.hpp"
#include "input.hpp"
#include "option_abbrev.hpp"
#include "pipe_blocks.hpp"
#include "shoal/version.hpp"
#include "template.hpp"
#include "shoal/quote.hpp"

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

// An error quotes the value it refuses, which may hold a newline
// (--timeout $'1\n'): written as \n, the message stays one line.
std::string one_line(std::string_view text) {
  std::string line;
  for (unsigned char c : text) {
    if (c == '\n') line += "\\n";
    else if (c == '\r') line += "\\r";
    else if (c < 0x20 && c != '\t') line += fmt::format("\\x{:02x}", c);
    else line += static_cast<char>(c);
  }
  return line;
}

Toggle toggle(bool on, bool off) { return on ? Toggle::on : off ? Toggle::off : Toggle::automatic; }

// --pipe's options checked and put in their place; an error, or "".
std::string finish_pipe_options(const CLI::App& app, Options& o, const std::string& block_size,
                                const std::string& header, const std::string& recstart,
                                const std::string& recend, std::size_t records) {
  Options::Pipe& p = o.pipe;
  if (app.count("--recstart") > 0) p.recstart = recstart;
  if (app.count("--recend") > 0) p.recend = recend;
  if (app.count("--header") > 0 && (p.on || p.part)) p.header = header;
  p.records = records;
  bool any_pipe_option = !block_size.empty() || p.recstart || p.recend || p.regexp ||
                         p.round_robin || p.tee || p.header || records > 0 || p.remove_rec_sep ||
                         p.block_timeout > 0;
  if (p.cat && p.fifo) return "--fifo cannot be combined with --cat";
  // As GNU parallel: --cat and --fifo mean --pipe (unless --pipepart).
  if ((p.part || p.cat || p.fifo) && !p.on) p.on = true;
  if (!p.on) {
    // Without --pipe, -N and --header are the arguments' (multi_options.cpp).
    if (any_pipe_option)
      return "--block, --block-timeout, --recstart, --recend, --regexp, --remove-rec-sep, "
             "--round-robin and --tee need --pipe or --pipepart";
    return "";
  }
  if (!block_size.empty()) {
    std::string error;
    auto size = parse_block_size(block_size, error);
    if (!size) return error;
    if (*size < 0 && !p.part) return "--block must be more than 0 with --pipe ('" + block_size + "')";
    p.block = *size;
  }
  if (p.part) {
    if (records > 0) return "--pipepart does not take -N (records per block): use --pipe";
    if (o.inputs.empty() || o.inputs[0].kind != InputGroup::Kind::file)
      return "--pipepart needs the file to cut: -a FILE";
  } else if (p.tee ? o.inputs.empty() : !o.inputs.empty()) {
    return p.tee ? "--tee gives all of stdin to one job per argument: give them with ::: or -a"
                 : "--pipe reads its input from stdin: no ::: or -a with it (--pipepart -a FILE "
                   "cuts a file)";
  }
  if (p.round_robin && p.tee) return "--round-robin and --tee do not go together";
  if ((p.cat || p.fifo) && (p.round_robin || p.tee))
    return "--cat and --fifo give each job one block: not with --round-robin or --tee";
  if ((p.cat || p.fifo) && o.remote.any())
    return "--cat and --fifo make local files: not with remote hosts (-S) yet";
  if (o.skip_first_line && p.part) return "--skip-first-line with --pipepart is not done yet";
  if (p.part && p.tee) return "--tee with --pipepart is not done yet: use --pipe --tee < FILE";
  if (p.round_robin && o.tries != 1) return "--retries cannot be combined with --round-robin";
  std::string error;
  if (!RecordSplitter::make(p.recstart, p.recend, p.regexp, error)) return error;
  if (p.header && !parse_header_rule(*p.header, error)) return error;
  return "";
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
  ParsedCommandLine parsed;
  Options o;
  std::string jobs = "100%";
  bool live = false, no_live = false, summary = false, no_summary = false;

  CLI::App app(description, "shoal");
  app.prefix_command();  // stop at the command; everything after it is ours
  app.footer(footer);
  app.set_version_flag("-V,--version", "shoal " SHOAL_VERSION);
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->column_width(30);
  app.formatter(formatter);
  app.add_option("-j,--jobs,-P,--max-procs,--maxprocs", jobs,
                 "Jobs at once: N, N% of the CPUs, +N/-N CPUs, 0 = as many as the machine "
                 "allows (default 100%: one per CPU)")
      ->type_name("N")
      ->group("Running");
  std::string timeout, delay, rate, halt;
  app.add_option("--timeout", timeout,
                 "How long a job may run (seconds, or 1m30s, or N% of the median runtime of "
                 "the jobs that succeeded so far); then its whole process group is ended "
                 "by --termseq, with GNU parallel's warning")
      ->type_name("SECS|N%")
      ->group("Running");
  app.add_option("--delay", delay, "Wait this long between starting two jobs (seconds, or 2m)")
      ->type_name("SECS")
      ->group("Running");
  app.add_option("--rate", rate,
                 "Start at most N jobs a second (N, N/s, N/m, N/h), evenly spaced: for APIs "
                 "that throttle")
      ->type_name("N/s")
      ->group("Running");
  app.add_option("--halt,--halt-on-error,--haltonerror", halt,
                 "Stop early: now|soon,fail|success|done=N|P% (soon: start no more jobs; now: "
                 "also kill the running ones), as GNU parallel, naming on stderr each job that "
                 "counts")
      ->type_name("WHEN,WHY=N")
      ->group("Running");
  app.add_flag("-k,--keep-order,--keeporder", o.keep_order,
               "Print outputs in input order, not finishing order")
      ->group("Output");
  app.add_flag("--tag", o.tag, "Prefix each output line with the job's argument and a TAB")
      ->group("Output");
  app.add_option("--tagstring,--tag-string", o.tagstring,
                 "Prefix each output line with STR and a TAB; STR may hold replacement strings")
      ->type_name("STR")
      ->group("Output");
  bool line_buffer = false, ungroup = false;
  app.add_flag("--line-buffer,--line-buffered,--linebuffer,--linebuffered,--lb", line_buffer,
               "Print output as it arrives, a whole line at a time (lines of different jobs "
               "never tear)")
      ->group("Output");
  app.add_flag("-u,--ungroup", ungroup,
               "Let jobs write straight to shoal's stdout/stderr: fastest, but lines of "
               "different jobs may mix")
      ->group("Output");
  app.add_option("--results,--result,--res", o.results_dir,
                 "Save each job's stdout, stderr and seq under DIR/1/<argument>/ (GNU "
                 "parallel's layout) instead of printing them; with --onall/--nonall under "
                 "DIR/<host>/ first. With replacement strings a path a job (PATH, PATH.err, "
                 "PATH.seq; PATH/ a directory). FILE.csv, FILE.tsv, FILE.json (-.csv ... for "
                 "stdout): one table, a row a job")
      ->type_name("DIR|FILE")
      ->group("Logs and results");
  app.add_flag("--bar", o.bar, "Show a progress bar on stderr, GNU parallel's; its last state stays")
      ->group("Progress");
  app.add_flag("--eta", o.eta, "Show the estimated time left on stderr; its last state stays")
      ->group("Progress");
  app.add_flag("--progress", o.progress,
               "Show how many jobs are done and running on stderr; the last state stays")
      ->group("Progress");
  app.add_option("--joblog,--jl", o.joblog,
                 "Write a line per job to FILE (GNU parallel's format) once its output is "
                 "printed or saved; +FILE adds to FILE without a header, - writes to stdout")
      ->type_name("FILE")
      ->group("Logs and results");
  std::vector<std::string> arg_files;
  app.add_option("-a,--arg-file,--argfile", arg_files,
                 "Read arguments from FILE, one per line (repeatable)")
      ->allow_extra_args(false)
      ->type_name("FILE")
      ->group("Input");
  bool null = false;
  std::string delimiter;
  app.add_flag("-0,--null", null, "Input items end with NUL, not newline")
      ->group("Input");
  app.add_option("-d,--delimiter", delimiter,
                 "Input items end with DELIM, of any length (\\n \\t \\r and octal \\0 \\054 "
                 "understood, as in GNU parallel); ::: arguments are cut at it too")
      ->type_name("DELIM")
      ->group("Input");
  app.add_option("--colsep,--col-sep,-C", o.colsep,
                 "Split each input line into columns at this regular expression (RE2 syntax: "
                 "Perl's without backreferences or lookaround), as Perl's split: one argument "
                 "each, {1} {2} ..., blanks trimmed")
      ->type_name("REGEX")
      ->group("Input");
  app.add_option("-I", o.replace_whole, "Use STR instead of {} for the whole argument")
      ->type_name("STR")
      ->group("Input");
  app.add_option("-n,--max-args,--maxargs", o.args_per_job,
                 "Put up to N input lines into each job (0: a job per line, none of it on the "
                 "command line)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N")
      ->group("Input");
  app.add_flag("--dry-run,--dryrun,--dr", o.dry_run,
               "Print the jobs' command lines instead of running them")
      ->group("Output");
  app.add_flag("--json", o.json,
               "Print one JSON object per finished job on stdout (seq, args, host, command, "
               "status, exit, signal, start, end, duration, tries, stdout, stderr; *_base64 "
               "for bytes that are not UTF-8) instead of the jobs' outputs")
      ->group("Output");
  app.add_option("--report", o.report_file,
                 "When the run ends, write its report to FILE.html: one page to open in a "
                 "browser (a timeline of the jobs, concurrency, durations, the slowest jobs and "
                 "hosts, every job not ok with its stderr). shoal report LOG makes one from a "
                 "joblog or --json output")
      ->type_name("FILE.html")
      ->group("Logs and results");
  app.add_option("--succeeded", o.succeeded_list,
                 "Write the input line of every job that succeeded to FILE, one per line "
                 "(with -0 each ends with NUL: feed back with -0 :::: FILE)")
      ->type_name("FILE")
      ->group("Logs and results");
  app.add_option("--failed", o.failed_list,
                 "Write the input line of every job that failed, was killed or could not "
                 "start to FILE (feed it back with :::: FILE). With --nonall these lists hold "
                 "hosts (feed back with --slf FILE), with --onall host<TAB>input")
      ->type_name("FILE")
      ->group("Logs and results");
  app.add_option("--timed-out", o.timed_out_list,
                 "Write the input line of every job that timed out to FILE")
      ->type_name("FILE")
      ->group("Logs and results");
  app.add_option("--unreachable", o.unreachable_list,
                 "Remote runs: write every host that could not be reached (ssh could not "
                 "connect or log in) to FILE, once each, ready for --sshloginfile")
      ->type_name("FILE")
      ->group("Logs and results");
  std::string retries;
  app.add_option("--retries", retries,
                 "Try a failing job up to N times in all (0: until it succeeds); one record "
                 "per job, with its tries counted. N may be a replacement string ({}, {2}, "
                 "a --header column's {name}): then it is the job's own")
      ->type_name("N")
      ->group("Running");
  app.add_option("--retry-delay", o.retry_delay, "Seconds to wait before retrying a failed job")
      ->check(CLI::NonNegativeNumber)
      ->type_name("SECS")
      ->group("Running");
  app.add_flag("--retry-backoff", o.retry_backoff,
               "Double the retry delay after each try, with random jitter (50-100%), up to 5 "
               "minutes")
      ->group("Running");
  bool resume = false, resume_failed = false, retry_failed = false;
  auto* r1 = app.add_flag("--resume", resume,
                          "With --joblog: skip the jobs the joblog already has a line for")
      ->group("Logs and results");
  auto* r2 = app.add_flag("--resume-failed,--resumefailed", resume_failed,
                          "With --joblog: re-run the jobs the joblog shows failed, and those "
                          "not run yet")
      ->group("Logs and results");
  auto* r3 = app.add_flag("--retry-failed,--retryfailed", retry_failed,
                          "With --joblog: re-run the failed jobs' commands from the joblog "
                          "(the command line's command and input are ignored)")
      ->group("Logs and results");
  r1->excludes(r2)->excludes(r3);
  r2->excludes(r3);
  app.add_flag("--live", live, "Show the live status line even when stderr is not a terminal")
      ->group("Progress");
  app.add_flag("--no-live", no_live, "Never show the live status line")
      ->group("Progress");
  app.add_flag("--summary", summary, "Print the summary even when stderr is not a terminal")
      ->group("Progress");
  app.add_flag("--no-summary", no_summary, "Never print the summary")
      ->group("Progress");
  // GNU parallel prints a citation notice unless told --will-cite; shoal has
  // none. --citation prints the notice and asks for "will cite" there, and
  // runs nothing: setup scripts run it once (echo 'will cite' | parallel
  // --citation), so here it does nothing, successfully.
  bool will_cite = false, citation = false;
  app.add_flag("--will-cite,--willcite,--nn,--nonotice,--no-notice", will_cite,
               "Accepted; shoal prints no citation notice")
      ->group("GNU parallel's citation notice");
  app.add_flag("--citation,--bibtex", citation,
               "Exit at once with 0, running nothing (GNU parallel "
               "prints its citation notice)")
      ->group("GNU parallel's citation notice");
  // GNU parallel's spellings of things shoal does anyway, or nearly.
  bool group = false;
  app.add_flag("--group", group, "Print each job's output in one piece when it ends (the default)")
      ->group("Output");
  app.add_flag("--verbose,-t", o.verbose, "Print each job's command line on stderr as it starts")
      ->group("Output");
  app.add_option("--tmpdir,--tempdir", o.tmpdir,
                 "Keep output too big for memory in DIR; the jobs get TMPDIR=DIR too (default: "
                 "$TMPDIR, else /tmp)")
      ->type_name("DIR")
      ->group("Output");
  RemoteOptionText remote_text;
  add_remote_options(app, o.remote, remote_text);
  MultiOptionText multi_text;
  add_multi_options(app, multi_text, o.multi);
  GnuOptionText gnu_text;
  add_gnu_options(app, gnu_text, o.gnu);
  std::string stages;
  app.add_option("--stages", stages,
                 "Roll out over the hosts in stages, as Ansible's serial: 1,10%,100% runs one "
                 "host, then 10% of them, then the rest (the last size repeats). A stage starts "
                 "once the one before has ended with every job ok (an unreachable host is not "
                 "ok), or below --halt fail=N|P% counted on that stage (--halt never: always). "
                 "With --nonall/--onall")
      ->type_name("N,P%,...")
      ->group("Remote (through the system's ssh)");

  // --pipe and its kin: stdin (or --pipepart's files) cut into blocks.
  std::string block_size, header, recstart, recend;
  std::size_t records = 0;
  app.add_flag("--pipe,--spreadstdin", o.pipe.on,
               "Cut stdin into blocks at record ends and give each job one block on its "
               "stdin ({#} numbers the blocks); read only as jobs can take blocks")
      ->group("Pipe");
  app.add_flag("--pipepart,--pipe-part", o.pipe.part,
               "As --pipe, for the -a FILE(s): cut where they lie, each job's part moved from "
               "the file into its stdin without passing through shoal")
      ->group("Pipe");
  app.add_option("--block,--block-size,--blocksize", block_size,
                 "Block size (default 1M; k=1000, K=1024, M, G...); a block ends at the last "
                 "record end before it. --pipepart: -N makes N parts per job slot (default "
                 "-10)")
      ->type_name("SIZE")
      ->group("Pipe");
  app.add_option("--recstart", recstart, "Records start with STR (\\n \\t \\0 understood)")
      ->type_name("STR")
      ->group("Pipe");
  app.add_option("--recend", recend, "Records end with STR (default \\n)")
      ->type_name("STR")
      ->group("Pipe");
  app.add_flag("--regexp,--regex", o.pipe.regexp,
               "--recstart and --recend are regular expressions (RE2: Perl's syntax without "
               "backreferences or lookaround)")
      ->group("Pipe");
  // -N and --header are registered once, with the arguments' options
  // (multi_options.cpp); with --pipe they are the blocks'.
  app.add_flag("--round-robin,--roundrobin,--round", o.pipe.round_robin,
               "--pipe: start up to -j jobs and deal the blocks out to them in turn; each "
               "job reads its stdin until the input ends")
      ->group("Pipe");
  std::string block_timeout;
  app.add_option("--block-timeout,--blocktimeout,--bt", block_timeout,
                 "--pipe: a block not whole after this long (seconds, or 1m30s; whole seconds, "
                 "at least 1) goes to a job as it is, cut at its last record end")
      ->type_name("SECS")
      ->group("Pipe");
  app.add_flag("--remove-rec-sep,--removerecsep,--rrs", o.pipe.remove_rec_sep,
               "--pipe: take --recend/--recstart out of each block (between its records, at "
               "its start and end)")
      ->group("Pipe");
  app.add_flag("--cat", o.pipe.cat,
               "--pipe/--pipepart: put each job's block in a temporary file, {} its name (no "
               "replacement string: appended); removed once the job has ended")
      ->group("Pipe");
  app.add_flag("--fifo", o.pipe.fifo,
               "--pipe/--pipepart: give each job its block through a named pipe, {} its name; "
               "the job must open it (or it never ends)")
      ->group("Pipe");
  app.add_flag("--skip-first-line,--skipfirstline", o.skip_first_line,
               "Do not use the first line of the input (stdin with --pipe, else the first "
               "input source)")
      ->group("Input");
  app.add_flag("--tee", o.pipe.tee,
               "--pipe: every job (one per ::: argument) gets all of stdin; all run at once "
               "(by default: as many as there are arguments)")
      ->group("Pipe");

  // Abbreviated and any-case long options, as GNU parallel takes them.
  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  if (std::string e = expand_long_options(app, args); !e.empty()) {
    parsed.exit_code = 255;
    parsed.message_is_error = true;
    parsed.message = "shoal: " + one_line(e) + " (see shoal --help)\n";
    return parsed;
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    parsed.message = app.help();
    return parsed;
  } catch (const CLI::CallForVersion&) {
    parsed.message = "shoal " SHOAL_VERSION "\n";
    return parsed;
  } catch (const CLI::ParseError& e) {
    parsed.exit_code = 255;
    parsed.message_is_error = true;
    parsed.message = "shoal: " + one_line(e.what()) + " (see shoal --help)\n";
    return parsed;
  }

  if (citation) return parsed;  // as GNU parallel: the rest of the command line is ignored

  auto fail = [&](std::string why) {
    parsed.exit_code = 255;
    parsed.message_is_error = true;
    parsed.message = "shoal: " + one_line(why) + " (see shoal --help)\n";
    return parsed;
  };

  std::string error;
  auto spec = parse_jobs_spec(jobs);
  if (!spec) return fail(spec.error());
  o.jobs = *spec;
  o.jobs_given = app.count("-j") > 0;
  o.colsep_given = app.count("--colsep") > 0;
  o.live = toggle(live, no_live);
  if (o.bar || o.eta || o.progress) o.live = Toggle::on;
  if (ungroup) o.output = Options::OutputMode::ungrouped;
  else if (line_buffer) o.output = Options::OutputMode::line_buffer;
  if (!o.tagstring.empty()) o.tag = true;
  if (null) o.delimiter = std::string(1, '\0');
  if (app.count("-d") > 0) {
    if (delimiter.empty()) return fail("-d needs a delimiter (\\n, \\0, ',', '\\r\\n', ...)");
    o.delimiter = unquote_delimiter(delimiter);
  }
  if (o.replace_whole.empty()) return fail("-I needs a non-empty string");
  if (!timeout.empty()) {
    if (timeout.back() == '%') {
      double pct = 0;
      auto [end, ec] = std::from_chars(timeout.data(), timeout.data() + timeout.size() - 1, pct);
      if (ec != std::errc() || end != timeout.data() + timeout.size() - 1 || !(pct > 0))
        return fail("invalid value for --timeout: '" + timeout + "'");
      o.timeout_percent = pct;
    } else {
      auto seconds = parse_duration(timeout, error);
      if (!seconds || *seconds <= 0) return fail(error.empty() ? "--timeout must be more than 0" : "--timeout: " + error);
      o.timeout = *seconds;
    }
  }
  if (!retries.empty()) {
    // A number, or text holding replacement strings (or --header's names,
    // known only once the input is open: run.cpp checks those).
    unsigned tries = 0;
    auto [end, ec] = std::from_chars(retries.data(), retries.data() + retries.size(), tries);
    if (ec == std::errc() && end == retries.data() + retries.size()) {
      o.tries = tries;
    } else if (retries.find('{') != std::string::npos) {
      o.tries_text = retries;
      o.tries = 0;  // may retry: how often is the job's own
    } else {
      return fail("--retries: '" + retries + "' is not a number of tries (0 or more)");
    }
  }
  if (!delay.empty()) {
    auto seconds = parse_duration(delay, error);
    if (!seconds) return fail("--delay: " + error);
    o.delay = *seconds;
  }
  if (!rate.empty()) {
    auto per_second = parse_rate(rate, error);
    if (!per_second) return fail("--rate: " + error);
    o.rate = *per_second;
  }
  if (!halt.empty()) {
    auto spec = parse_halt(halt, error);
    if (!spec) return fail(error);
    o.halt = *spec;
    o.halt_given = true;
  }
  if (!block_timeout.empty()) {
    // As GNU parallel: whole seconds, at least 1.
    auto seconds = parse_duration(block_timeout, error);
    if (!seconds) return fail("--block-timeout: " + error);
    if (!(*seconds >= 1) || *seconds > 1e6) return fail("--block-timeout must be at least 1");
    o.pipe.block_timeout = static_cast<int>(*seconds);
  }
  if (!stages.empty()) {
    auto sizes = parse_stages(stages, error);
    if (!sizes) return fail(error);
    o.stages = std::move(*sizes);
  }
  // GNU parallel's spellings: --joblog +FILE adds to FILE (./+FILE names a
  // file that begins with +), --joblog - writes to stdout.
  if (o.joblog == "+") return fail("--joblog +FILE needs a file name after the +");
  if (o.joblog.size() > 1 && o.joblog[0] == '+') {
    o.joblog.erase(0, 1);
    o.joblog_append = true;
  }
  if (app.count("--tmpdir") > 0) {
    struct stat st{};
    if (o.tmpdir.empty() || ::stat(o.tmpdir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      return fail("--tmpdir: '" + o.tmpdir + "' is not a directory");
  }
  if (resume) o.resume = Options::Resume::resume;
  if (resume_failed) o.resume = Options::Resume::resume_failed;
  if (retry_failed) o.resume = Options::Resume::retry_failed;
  if (o.resume != Options::Resume::none && o.joblog.empty())
    return fail("--resume, --resume-failed and --retry-failed need --joblog FILE");
  if (o.resume != Options::Resume::none && o.joblog == "-")
    return fail("--resume, --resume-failed and --retry-failed read the joblog: it must be a "
                "file, not -");
  o.summary = toggle(summary, no_summary);
  bool piping = o.pipe.on || o.pipe.part || o.pipe.cat || o.pipe.fifo;
  if (piping) {
    records = multi_text.max_replace_args;
    header = multi_text.header;
  }
  if (std::string e = finish_multi_options(app, multi_text, o.args_per_job, o.multi, o.colsep,
                                           o.colsep_given, o.delimiter, piping);
      !e.empty())
    return fail(e);

  if (std::string e = finish_gnu_options(gnu_text, o.gnu); !e.empty()) return fail(e);

  for (auto& file : arg_files) o.inputs.push_back({InputGroup::Kind::file, {std::move(file)}, false});

  // The rest: command words up to the first ::: or ::::, then input groups.
  const std::string& args_sep = o.multi.arg_sep;  // ::: unless --arg-sep
  const std::string& file_sep = o.multi.arg_file_sep;
  auto separator = [&](const std::string& w) {
    return w == args_sep || w == file_sep || w == args_sep + "+" || w == file_sep + "+";
  };
  std::vector<std::string> rest = app.remaining();
  std::size_t i = 0;
  if (!rest.empty() && rest[0] == "--") i = 1;  // the end of shoal's options, said explicitly
  for (; i < rest.size() && !separator(rest[i]); ++i) {
    if (i == 0 && rest[i].size() > 1 && rest[i][0] == '-')
      return fail("unknown option: " + rest[i]);
    o.command.push_back(rest[i]);
  }
  for (; i < rest.size(); ++i) {
    if (separator(rest[i])) {
      bool file = rest[i] == file_sep || rest[i] == file_sep + "+";
      // Linked with nothing before it, a source is simply the first (as in
      // GNU parallel).
      bool linked = rest[i].back() == '+';
      o.inputs.push_back({file ? InputGroup::Kind::file : InputGroup::Kind::args, {}, linked});
      continue;
    }
    if (o.inputs.back().kind == InputGroup::Kind::file && !o.inputs.back().values.empty()) {
      // :::: a b is two sources, as in GNU parallel; after ::::+ each file
      // pairs with the one before.
      o.inputs.push_back({InputGroup::Kind::file, {}, o.inputs.back().linked});
    }
    o.inputs.back().values.push_back(rest[i]);
  }
  for (const auto& g : o.inputs)
    if (g.kind == InputGroup::Kind::file && g.values.empty()) return fail(":::: needs a file name");
  // A replacement string that cannot be one is refused before any input is read.
  if (std::string e = CommandTemplate::parse_text(join(o.command), o.replace_whole).error(); !e.empty())
    return fail(e);
  if (std::string e = CommandTemplate::parse_text(o.tagstring, o.replace_whole).error(); !e.empty())
    return fail("--tagstring: " + e);
  bool stdin_is_input = std::any_of(o.inputs.begin(), o.inputs.end(), [](const InputGroup& g) {
    return g.kind == InputGroup::Kind::file && std::count(g.values.begin(), g.values.end(), "-") > 0;
  });
  // --retry-failed takes its jobs from the joblog: stdin is free for hosts.
  bool has_inputs = !o.inputs.empty() || o.resume == Options::Resume::retry_failed;
  if (std::string e = finish_remote_options(o.remote, remote_text, has_inputs, stdin_is_input);
      !e.empty())
    return fail(e);
  if (std::string e = describe_copy(o); !e.empty()) return fail(e);
  if (!o.unreachable_list.empty() && !o.remote.any()) return fail("--unreachable needs hosts (-S or --sshloginfile)");
  if (!o.stages.empty() && !o.remote.fan_out()) return fail("--stages needs --nonall or --onall (and hosts)");
  if (!o.stages.empty() && o.halt_given && o.halt.when != HaltSpec::When::never &&
      o.halt.why != HaltSpec::Why::fail)
    return fail("--stages takes --halt fail=N or fail=P% (or never) as its gate");
  if (!o.stages.empty() && o.resume == Options::Resume::retry_failed)
    return fail("--stages does not go with --retry-failed (it runs each failed job on its own host)");
  if (std::string e = finish_pipe_options(app, o, block_size, header, recstart, recend, records);
      !e.empty())
    return fail(e);
  if (app.count("--report") > 0 && o.report_file.empty()) return fail("--report needs a file name");
  for (int a = 0; a < argc; ++a)
    o.command_line += (a == 0 ? std::string("shoal") : " " + shoal::shell_quote(argv[a]));
  parsed.options = std::move(o);
  return parsed;
}

}  // namespace shoal::cli

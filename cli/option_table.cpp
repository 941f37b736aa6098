// The table of shoal's options (option_table.hpp says what it holds).
#include "option_table.hpp"

#include "option_group.hpp"

namespace shoal::cli {

namespace {

// How jobs run: how many at once, for how long, how often, how they stop, how often they are tried.
void add_running_options(CLI::App& app, OptionText& t, Options& o) {
  OptionGroup running(app, "Running");
  running.option("-j,--jobs,-P,--max-procs,--maxprocs", t.jobs,
                 "Jobs at once: N, N% of the CPUs, +N/-N CPUs, 0 = as many as the machine "
                 "allows (default 100%: one per CPU)",
                 "N");
  running.option("--timeout", t.timeout,
                 "How long a job may run (seconds, or 1m30s, or N% of the median runtime of "
                 "the jobs that succeeded so far); then its whole process group is ended "
                 "by --termseq, with GNU parallel's warning",
                 "SECS|N%");
  running.option("--delay", t.delay, "Wait this long between starting two jobs (seconds, or 2m)",
                 "SECS");
  running.option("--rate", t.rate,
                 "Start at most N jobs a second (N, N/s, N/m, N/h), evenly spaced: for APIs "
                 "that throttle",
                 "N/s");
  running.option("--halt,--halt-on-error,--haltonerror", t.halt,
                 "Stop early: now|soon,fail|success|done=N|P% (soon: start no more jobs; now: "
                 "also kill the running ones), as GNU parallel, naming on stderr each job that "
                 "counts",
                 "WHEN,WHY=N");
  running.option("--retries", t.retries,
                 "Try a failing job up to N times in all (0: until it succeeds); one record "
                 "per job, with its tries counted. N may be a replacement string ({}, {2}, "
                 "a --header column's {name}): then it is the job's own",
                 "N");
  running
      .option("--retry-delay", o.retry_delay, "Seconds to wait before retrying a failed job",
              "SECS")
      ->check(CLI::NonNegativeNumber);
  running.flag("--retry-backoff", o.retry_backoff,
               "Double the retry delay after each try, with random jitter (50-100%), up to 5 "
               "minutes");
}

// Where the jobs' output goes, and how it is cut.
void add_output_options(CLI::App& app, OptionText& t, Options& o) {
  OptionGroup output(app, "Output");
  output.flag("-k,--keep-order,--keeporder", o.keep_order,
              "Print outputs in input order, not finishing order");
  output.flag("--tag", o.tag, "Prefix each output line with the job's argument and a TAB");
  output.option("--tagstring,--tag-string", o.tagstring,
                "Prefix each output line with STR and a TAB; STR may hold replacement strings",
                "STR");
  output.flag("--line-buffer,--line-buffered,--linebuffer,--linebuffered,--lb", t.line_buffer,
              "Print output as it arrives, a whole line at a time (lines of different jobs "
              "never tear)");
  output.flag("-u,--ungroup", t.ungroup,
              "Let jobs write straight to shoal's stdout/stderr: fastest, but lines of "
              "different jobs may mix");
  output.flag("--dry-run,--dryrun,--dr", o.dry_run,
              "Print the jobs' command lines instead of running them");
  output.flag("--json", o.json,
              "Print one JSON object per finished job on stdout (seq, args, host, command, "
              "status, exit, signal, start, end, duration, tries, stdout, stderr; *_base64 "
              "for bytes that are not UTF-8) instead of the jobs' outputs");
  // GNU parallel's spellings of things shoal does anyway, or nearly.
  output.flag("--group", t.group,
              "Print each job's output in one piece when it ends (the default)");
  output.flag("--verbose,-t", o.verbose, "Print each job's command line on stderr as it starts");
  output.option("--tmpdir,--tempdir", o.tmpdir,
                "Keep output too big for memory in DIR; the jobs get TMPDIR=DIR too (default: "
                "$TMPDIR, else /tmp)",
                "DIR");
}

// The records a run leaves: the joblog, results, lists, the report; resuming from a joblog.
void add_logs_options(CLI::App& app, OptionText& t, Options& o) {
  OptionGroup logs(app, "Logs and results");
  logs.option("--results,--result,--res", o.results_dir,
              "Save each job's stdout, stderr and seq under DIR/1/<argument>/ (GNU "
              "parallel's layout) instead of printing them; with --onall/--nonall under "
              "DIR/<host>/ first. With replacement strings a path a job (PATH, PATH.err, "
              "PATH.seq; PATH/ a directory). FILE.csv, FILE.tsv, FILE.json (-.csv ... for "
              "stdout): one table, a row a job",
              "DIR|FILE");
  logs.option("--joblog,--jl", o.joblog,
              "Write a line per job to FILE (GNU parallel's format) once its output is "
              "printed or saved; +FILE adds to FILE without a header, - writes to stdout",
              "FILE");
  logs.option("--report", o.report_file,
              "When the run ends, write its report to FILE.html: one page to open in a "
              "browser (a timeline of the jobs, concurrency, durations, the slowest jobs and "
              "hosts, every job not ok with its stderr). shoal report LOG makes one from a "
              "joblog or --json output",
              "FILE.html");
  logs.option("--succeeded", o.succeeded_list,
              "Write the input line of every job that succeeded to FILE, one per line "
              "(with -0 each ends with NUL: feed back with -0 :::: FILE)",
              "FILE");
  logs.option("--failed", o.failed_list,
              "Write the input line of every job that failed, was killed or could not "
              "start to FILE (feed it back with :::: FILE). With --nonall these lists hold "
              "hosts (feed back with --slf FILE), with --onall host<TAB>input",
              "FILE");
  logs.option("--timed-out", o.timed_out_list,
              "Write the input line of every job that timed out to FILE", "FILE");
  logs.option("--unreachable", o.unreachable_list,
              "Remote runs: write every host that could not be reached (ssh could not "
              "connect or log in) to FILE, once each, ready for --sshloginfile",
              "FILE");
  auto* r1 = logs.flag("--resume", t.resume,
                       "With --joblog: skip the jobs the joblog already has a line for");
  auto* r2 = logs.flag("--resume-failed,--resumefailed", t.resume_failed,
                       "With --joblog: re-run the jobs the joblog shows failed, and those "
                       "not run yet");
  auto* r3 = logs.flag("--retry-failed,--retryfailed", t.retry_failed,
                       "With --joblog: re-run the failed jobs' commands from the joblog "
                       "(the command line's command and input are ignored)");
  r1->excludes(r2)->excludes(r3);
  r2->excludes(r3);
}

// What shoal shows of a run on stderr while it goes, and after.
void add_progress_options(CLI::App& app, OptionText& t, Options& o) {
  OptionGroup progress(app, "Progress");
  progress.flag("--bar", o.bar,
                "Show a progress bar on stderr, GNU parallel's; its last state stays");
  progress.flag("--eta", o.eta, "Show the estimated time left on stderr; its last state stays");
  progress.flag("--progress", o.progress,
                "Show how many jobs are done and running on stderr; the last state stays");
  progress.flag("--live", t.live, "Show the live status line even when stderr is not a terminal");
  progress.flag("--no-live", t.no_live, "Never show the live status line");
  progress.flag("--summary", t.summary, "Print the summary even when stderr is not a terminal");
  progress.flag("--no-summary", t.no_summary, "Never print the summary");
}

// Where the arguments come from and how they are cut.
void add_input_options(CLI::App& app, OptionText& t, Options& o) {
  OptionGroup input(app, "Input");
  input
      .option("-a,--arg-file,--argfile", t.arg_files,
              "Read arguments from FILE, one per line (repeatable)", "FILE")
      ->allow_extra_args(false);
  input.flag("-0,--null", t.null, "Input items end with NUL, not newline");
  input.option("-d,--delimiter", t.delimiter,
               "Input items end with DELIM, of any length (\\n \\t \\r and octal \\0 \\054 "
               "understood, as in GNU parallel); ::: arguments are cut at it too",
               "DELIM");
  input.option("--colsep,--col-sep,-C", o.colsep,
               "Split each input line into columns at this regular expression (RE2 syntax: "
               "Perl's without backreferences or lookaround), as Perl's split: one argument "
               "each, {1} {2} ..., blanks trimmed",
               "REGEX");
  input.option("-I", o.replace_whole, "Use STR instead of {} for the whole argument", "STR");
  input
      .option("-n,--max-args,--maxargs", o.args_per_job,
              "Put up to N input lines into each job (0: a job per line, none of it on the "
              "command line)",
              "N")
      ->check(CLI::NonNegativeNumber);
}

// GNU parallel prints a citation notice unless told --will-cite; shoal has
// none. --citation prints the notice and asks for "will cite" there, and
// runs nothing: setup scripts run it once (echo 'will cite' | parallel
// --citation), so here it does nothing, successfully.
void add_citation_options(CLI::App& app, OptionText& t) {
  OptionGroup notice(app, "GNU parallel's citation notice");
  notice.flag("--will-cite,--willcite,--nn,--nonotice,--no-notice", t.will_cite,
              "Accepted; shoal prints no citation notice");
  notice.flag("--citation,--bibtex", t.citation,
              "Exit at once with 0, running nothing (GNU parallel "
              "prints its citation notice)");
}

}  // namespace

void add_option_table(CLI::App& app, OptionText& t, Options& o) {
  add_running_options(app, t, o);
  add_output_options(app, t, o);
  add_logs_options(app, t, o);
  add_progress_options(app, t, o);
  add_input_options(app, t, o);
  add_citation_options(app, t);
  add_remote_options(app, o.remote, t.remote);
  add_remote_job_options(app, o.remote_job);  // --script, --sudo, --tty
  add_multi_options(app, t.multi, o.multi);
  add_gnu_options(app, t.gnu, o.gnu);
  OptionGroup(app, "Remote (through the system's ssh)")
      .option("--stages", t.stages,
              "Roll out over the hosts in stages, as Ansible's serial: 1,10%,100% runs one "
              "host, then 10% of them, then the rest (the last size repeats). A stage starts "
              "once the one before has ended with every job ok (an unreachable host is not "
              "ok), or below --halt fail=N|P% counted on that stage (--halt never: always). "
              "With --nonall/--onall",
              "N,P%,...");
  add_pipe_options(app, t.pipe, o);
}

}  // namespace shoal::cli

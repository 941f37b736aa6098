#include "multi_options.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "option_group.hpp"

extern char** environ;

namespace shoal::cli {

void add_multi_options(CLI::App& app, MultiOptionText& t, MultiArgs& multi) {
  OptionGroup several(app, "Several arguments per job");
  several.flag("-X", t.x,
               "As many arguments a job as the command line holds (-s), the words around {} "
               "repeated for each (pre-{}-post: pre-a-post pre-b-post); the last ones spread "
               "over the job slots");
  several.flag("-m", t.m,
               "As many arguments a job as the command line holds, {} standing for all of them "
               "(pre-{}-post: pre-a b-post); the last ones spread over the job slots");
  several.flag("--xargs", t.xargs,
               "As many arguments a job as the command line holds, as xargs (no spreading)");
  several.option("-N,--max-replace-args,--maxreplaceargs", t.max_replace_args,
                 "Up to N arguments a job, {1}..{N} each one of them, {} repeated as with -X "
                 "(0: a job per argument, none on the command line); with --pipe N records "
                 "a block",
                 "N");
  several.option("-L,--max-lines,--maxlines,-l", t.max_lines,
                 "Up to N input lines a job (as -N); a line ending in a blank goes on with the "
                 "next line",
                 "N");
  several.option("-s,--max-chars,--maxchars", t.max_chars,
                 "A job's command line stays shorter than N characters (default: the most "
                 "this system takes)",
                 "N");
  several.flag("-r,--no-run-if-empty,--norunifempty", t.no_run_if_empty,
               "Skip input lines that are empty or only blanks");
  several.option("-E,--eof,-e", t.eof, "Stop reading an input source at a line that is STR", "STR");
  several.flag("--link,--xapply", t.link,
               "Link all input sources, as :::+ does, a shorter source starting over until "
               "the longest ends");
  several.flag("--shuf", t.shuf, "Run the jobs in a random order (all input is read first)");
  several.flag("--csv", t.csv,
               "Read input as CSV: fields separated by , (or --colsep's one character), "
               "quoted fields may hold separators, newlines and \"\" ({1} {2} ... each field)");
  several.option("--header", t.header,
                 "The first line of each input source names its columns: {name} stands for "
                 "that column ({name.} {name/} ... too); TAB-separated unless --colsep/--csv. "
                 "--header 0: {file} for each :::: or -a file named file. With --pipe: the "
                 "first N lines (':' one, or what REGEX matches) repeated atop every block",
                 "REGEXP|:|N|0");
  several.option("--arg-sep,--argsep", multi.arg_sep, "Use STR instead of ::: on the command line",
                 "STR");
  several.option("--arg-file-sep,--argfilesep", multi.arg_file_sep,
                 "Use STR instead of :::: on the command line", "STR");
}

std::size_t line_limit(long arg_max, std::size_t environment_bytes) {
  constexpr std::size_t one_argument = 128 * 1024 - 1;  // MAX_ARG_STRLEN, less its NUL
  constexpr std::size_t headroom = 2048;                // as POSIX asks xargs to leave
  std::size_t all = arg_max > 0 ? static_cast<std::size_t>(arg_max) : 128 * 1024;
  all = all > environment_bytes + headroom ? all - environment_bytes - headroom : 0;
  return std::max<std::size_t>(std::min(one_argument, all / 5), 1);
}

std::size_t system_line_limit() {
  std::size_t environment = 0;
  for (char** e = environ; *e; ++e) environment += std::strlen(*e) + 1 + sizeof(char*);
  return line_limit(::sysconf(_SC_ARG_MAX), environment);
}

Checked<void> finish_multi_options(const CLI::App& app, const MultiOptionText& t,
                                   std::size_t args_per_job, MultiArgs& multi, std::string& colsep,
                                   bool& colsep_given, const std::string& delimiter, bool piping) {
  Batching& b = multi.batching;
  bool fill = t.m || t.x || t.xargs;
  bool n_given = app.count("-n") > 0, big_n_given = !piping && app.count("-N") > 0,
       lines_given = app.count("-L") > 0, chars_given = app.count("-s") > 0;
  if (chars_given && t.max_chars == 0) return fail("-s needs a number of characters more than 0");
  if (!multi.arg_sep.empty() && multi.arg_sep == multi.arg_file_sep)
    return fail("--arg-sep and --arg-file-sep must differ");
  if (multi.arg_sep.empty() || multi.arg_file_sep.empty())
    return fail("--arg-sep and --arg-file-sep need a non-empty string");

  // GNU parallel's order: -n, then -L (unless -n), then -N.
  std::optional<std::size_t> per_job;
  if (n_given) per_job = args_per_job;
  if (lines_given && !per_job) per_job = t.max_lines;
  if (big_n_given) per_job = t.max_replace_args;
  b.no_args = per_job && *per_job == 0;
  b.max_records = b.no_args ? 1 : per_job ? *per_job : fill ? 0 : 1;
  b.spread = t.m || t.x;
  b.link_all = t.link;
  b.shuffle = t.shuf;
  multi.repeat_context = t.x || big_n_given || (lines_given && !t.m && !t.xargs);

  std::size_t limit = system_line_limit();
  if (chars_given && t.max_chars > limit)
    multi.warning = "warning: -s " + std::to_string(t.max_chars) + " is more than this system takes; using " +
              std::to_string(limit);
  if (fill || chars_given || b.max_records != 1) b.max_chars = chars_given ? std::min(t.max_chars, limit) : limit;

  multi.rules.skip_empty = t.no_run_if_empty;
  if (!t.eof.empty()) multi.rules.eof = t.eof;  // -E '' is no end-of-file string, as in GNU parallel
  multi.rules.continue_lines = lines_given;

  if (t.csv) {
    std::string separator = colsep_given ? colsep : ",";
    if (separator.size() != 1) return fail("--csv takes a --colsep of one character (CSV's separator)");
    multi.csv_separator = separator[0];
    multi.rules.csv_delimiter = delimiter;
    colsep_given = false;  // CSV splits the records, not the regular expression
  }
  if (!piping && app.count("--header") > 0) {
    multi.header = t.header;
    if (!colsep_given && !t.csv) {
      colsep = "\t";  // as GNU parallel: the header's columns are TAB-separated by default
      colsep_given = true;
    }
  }
  return {};
}

}  // namespace shoal::cli

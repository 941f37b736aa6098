#include "gnu_options.hpp"

#include <fmt/format.h>

#include "option_group.hpp"

namespace shoal::cli {

void add_gnu_options(CLI::App& app, GnuOptionText& t, GnuOptions& o) {
  OptionGroup input(app, "Input"), output(app, "Output"), running(app, "Running"),
      several(app, "Several arguments per job");
  input.flag("-q,--quote", o.quote,
             "Each command word is one word for the shell, whatever it holds (sh -c 'echo "
             "$0' {}: the script stays one word); replacement strings still replaced");
  output.flag("-v", o.v,
              "Print each job's command line before its output, on its stdout (-v -v: for "
              "remote jobs the ssh command line)");
  output.flag("--files,--output-as-files,--outputasfiles", o.files,
              "Save each job's stdout in a file in $TMPDIR (--tmpdir) and print the file's "
              "name instead of the output; the files are left for you");
  running.option("--termseq,--term-seq", t.termseq,
                 "How a job is ended (timeout, --halt now): SIGNAL,MS,... each signal to the "
                 "job's process group, then MS ms for it to die (default "
                 "TERM,200,TERM,100,TERM,50,KILL,25)",
                 "SEQ");
  several.flag("--exit", t.exit,
               "Accepted: a command line longer than -s always stops shoal (exit 255), as it "
               "stops GNU parallel");
  several.flag("--show-limits,--showlimits", t.show_limits,
               "Print the longest command line this system takes and the one jobs keep under "
               "(-s), then run as asked");
}

Checked<void> finish_gnu_options(const GnuOptionText& t, GnuOptions& o) {
  if (!t.termseq.empty()) {
    auto steps = parse_termseq(t.termseq);
    if (!steps) return steps.failure();
    o.termseq = std::move(*steps);
  }
  o.show_limits = t.show_limits;
  return {};
}

std::string show_limits_text(std::size_t system_limit, std::size_t usable) {
  return fmt::format(
      "Maximal size of command: {}\n"
      "Maximal usable size of command: {}\n\n"
      "Execution will continue now, and it will try to read its input\n"
      "and run commands; if this is not what you wanted to happen, please\n"
      "press CTRL-D or CTRL-C\n",
      system_limit, usable);
}

}  // namespace shoal::cli

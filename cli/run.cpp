#include "run.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "command_words.hpp"
#include "dry_run.hpp"
#include "job_shell.hpp"
#include "open_inputs.hpp"
#include "runner.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

// -j as the user wrote it (a huge -j resolves to SIZE_MAX, which would say
// nothing), or for hosts with their own N/ slots, the jobs they add up to.
std::string asked_for(const Options& o, std::size_t wanted) {
  if (o.remote.any() && !o.remote.fan_out() && wanted != SIZE_MAX)
    return fmt::format("{} jobs at once on {} hosts", wanted, o.remote.logins.size());
  return "-j " + o.jobs.text;
}

// The command words as the template's text, --header's {name}s made {n}s;
// with -q each word stays one word for the shell.
static std::string command_text(const Options& o,
                                const std::vector<std::string>& column_names = {}) {
  if (!o.gnu.quote) return name_columns(join(o.command), column_names);
  std::vector<std::string> words;
  for (const auto& w : o.command) words.push_back(name_columns(w, column_names));
  return quote_words(words, o.replace_whole);
}

Ending run(const Options& given) {
  // --header's names stand for their columns in every option value GNU
  // parallel expands per job (--tagstring, --results, --retries), as in the
  // command: a copy of the options with them replaced, for the Runner.
  Options o = given;
  if (o.gnu.show_limits) {
    std::size_t limit = system_line_limit();
    std::size_t usable = o.multi.batching.max_chars > 0 ? o.multi.batching.max_chars : limit;
    shoal::write_all(1, show_limits_text(limit, usable));
  }
  // --tmpdir is $TMPDIR, for shoal's spill files and the jobs alike.
  if (!o.tmpdir.empty()) ::setenv("TMPDIR", o.tmpdir.c_str(), 1);
  JoblogHistory history;
  if (o.resume != Options::Resume::none) {
    std::string error;
    history = read_joblog(o.joblog, o.remote.fan_out(), error);
    if (!error.empty()) {
      say(error);
      return {255, 0};
    }
  }
  std::string error;
  std::vector<JobKey> fixed_jobs;
  std::unique_ptr<JobArguments> input;
  CommandTemplate tmpl;
  if (o.resume == Options::Resume::retry_failed) {
    input = failed_commands(history, fixed_jobs);
    tmpl = CommandTemplate::parse("");
  } else if (o.remote.nonall) {
    // No input: the command once per host, as written.
    std::vector<SourceSpec> none;
    none.push_back({std::make_unique<ArgsSource>(std::vector<std::string>{""}), false});
    input = std::make_unique<JobArguments>(std::move(none), 1, std::nullopt);
    input->prepare();
    tmpl = CommandTemplate::parse_text(command_text(o), o.replace_whole);
  } else if (o.pipe.on && !o.pipe.tee) {
    // --pipe: no arguments; the jobs' input is their stdin (the Runner
    // cuts it, runner_pipe.cpp), and {} stands for nothing.
    if (o.command.empty()) {
      say("--pipe needs a command to give the blocks to");
      return {255, 0};
    }
    std::vector<SourceSpec> none;
    none.push_back({std::make_unique<ArgsSource>(std::vector<std::string>{}), false});
    input = std::make_unique<JobArguments>(std::move(none), 1, std::nullopt);
    input->prepare();
    // --cat/--fifo: {} is the block's file, appended when not given (as
    // GNU parallel appends it).
    tmpl = CommandTemplate::parse(command_text(o), o.replace_whole, o.pipe.cat || o.pipe.fifo);
  } else {
    std::vector<std::string> column_names;  // --header
    input = open_arguments(o, error, &column_names);
    if (!input) {
      say(error);
      return {255, 0};
    }
    tmpl = CommandTemplate::parse(command_text(o, column_names), o.replace_whole);
    o.tagstring = name_columns(o.tagstring, column_names);
    o.results_dir = name_columns(o.results_dir, column_names);
    o.tries_text = name_columns(o.tries_text, column_names);
    if (o.inputs.empty() && ::isatty(0))
      say("reading arguments from the terminal, one per line (Ctrl-D ends them)");
  }

  // --retries {...}: a number per job, so it must hold a replacement string
  // once --header's names are known.
  if (!o.tries_text.empty() &&
      !CommandTemplate::parse_text(o.tries_text, o.replace_whole).has_replacements()) {
    say("--retries: '" + o.tries_text + "' is not a number of tries nor a replacement string");
    return {255, 0};
  }

  ShellChoice shell = choose_job_shell();
  if (!shell.error.empty()) {
    say(shell.error);
    return {255, 0};
  }
  tmpl.use_shell(std::move(shell.path), is_exported_function);
  tmpl.repeat_context(o.multi.repeat_context);
  if (!o.multi.warning.empty()) say(o.multi.warning);
  input->measure_with(std::make_shared<CommandTemplate>(tmpl));

  auto cpus = static_cast<std::size_t>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  std::size_t wanted = resolve_jobs(o.jobs, cpus);
  std::size_t per_host = wanted;
  if (o.remote.fan_out()) {
    // -j counts hosts at once, each running one job at a time. 64 by
    // default, as clush: the local CPU count says nothing about a fleet.
    per_host = 1;
    if (!o.jobs_given) wanted = 64;
  } else if (o.remote.any()) {
    // Every host takes -j jobs, or its own N/.
    wanted = 0;
    // Saturating: -j 0 or a huge -j is SIZE_MAX per host.
    for (const auto& login : o.remote.logins)
      wanted = std::min(SIZE_MAX - wanted, login.slots > 0 ? login.slots : per_host) + wanted;
  }
  if (o.dry_run) {
    input->spread_over(std::min<std::size_t>(wanted, 1 << 20));
    int status = dry_run(*input, tmpl, std::min<std::size_t>(wanted, 1 << 20));
    return status == 128 + SIGPIPE ? Ending{status, SIGPIPE} : Ending{status, 0};
  }

  // --tee: every job at once (GNU parallel's default there is -j 0).
  bool tee_default = o.pipe.tee && !o.jobs_given;
  if (tee_default) wanted = input->total().value_or(SIZE_MAX);
  Capacity capacity = ensure_capacity(wanted);
  if (capacity.jobs < wanted && !tee_default) {
    if (o.jobs.kind == JobsSpec::Kind::unlimited)
      say(fmt::format("-j 0: running up to {} jobs at once (limited by {})", capacity.jobs,
                      capacity.limited));
    else
      say(fmt::format("warning: {} is more than this machine allows; running up to {} jobs at "
                      "once (limited by {})",
                      asked_for(o, wanted), capacity.jobs, capacity.limited));
  }
  input->spread_over(capacity.jobs);
  Runner runner(o, std::move(input), std::move(tmpl), capacity.jobs, per_host,
                std::move(history), std::move(fixed_jobs));
  return runner.run();
}

}  // namespace shoal::cli

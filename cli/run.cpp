#include "run.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "checked.hpp"
#include "command_words.hpp"
#include "dry_run.hpp"
#include "job_shell.hpp"
#include "open_inputs.hpp"
#include "runner.hpp"
#include "shoal/io.hpp"
#include "shoal/quote.hpp"

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

namespace {

// What the jobs are made of: their input and the command's template (and,
// for --retry-failed, the joblog's jobs that run again).
struct JobSource {
  std::unique_ptr<JobArguments> input;
  CommandTemplate tmpl;
  std::vector<JobKey> fixed_jobs;
};

// No input: one job with no arguments (--nonall's command once per host,
// or --pipe's jobs, whose input is their stdin).
std::unique_ptr<JobArguments> no_arguments(std::vector<std::string> items) {
  std::vector<SourceSpec> none;
  none.push_back({std::make_unique<ArgsSource>(std::move(items)), false});
  auto input = std::make_unique<JobArguments>(std::move(none), 1, std::nullopt);
  (void)input->prepare();  // arguments in memory: nothing can fail
  return input;
}

// The input and template the options ask for. --header's names become
// their columns in `o`'s per-job values, as in the command.
Checked<JobSource> open_jobs(Options& o, const JoblogHistory& history) {
  JobSource jobs;
  if (o.resume == Options::Resume::retry_failed) {
    // A --script's record is `NAME ARGS`: ARGS is the line, NAME leads it.
    std::string lead = o.remote_job.script_file.empty() ? "" : shell_quote(o.remote_job.script_file);
    jobs.input = failed_commands(history, jobs.fixed_jobs, lead);
    jobs.tmpl = CommandTemplate::parse("");
    if (!lead.empty()) jobs.tmpl.lead_with(lead, true);
  } else if (o.remote.copy) {
    // One job a host: the copy. Its words are only its record, shown as
    // given (describe_copy): nothing in them is replaced.
    jobs.input = no_arguments({""});
    jobs.tmpl.lead_with(join(o.command));
  } else if (o.remote.nonall) {
    // No input: the command once per host, as written.
    jobs.input = no_arguments({""});
    jobs.tmpl = CommandTemplate::parse_text(command_text(o), o.replace_whole);
  } else if (o.pipe.on && !o.pipe.tee) {
    // --pipe: no arguments; the jobs' input is their stdin (the Runner
    // cuts it, runner_pipe.cpp), and {} stands for nothing.
    if (o.command.empty()) return fail("--pipe needs a command to give the blocks to");
    jobs.input = no_arguments({});
    // --cat/--fifo: {} is the block's file, appended when not given (as
    // GNU parallel appends it).
    jobs.tmpl = CommandTemplate::parse(command_text(o), o.replace_whole, o.pipe.cat || o.pipe.fifo);
  } else {
    std::vector<std::string> column_names;  // --header
    auto opened = open_arguments(o, &column_names);
    if (!opened) return opened.failure();
    jobs.input = std::move(*opened);
    jobs.tmpl = CommandTemplate::parse(command_text(o, column_names), o.replace_whole);
    o.tagstring = name_columns(o.tagstring, column_names);
    o.results_dir = name_columns(o.results_dir, column_names);
    o.tries_text = name_columns(o.tries_text, column_names);
    if (o.inputs.empty() && ::isatty(0))
      say("reading arguments from the terminal, one per line (Ctrl-D ends them)");
  }
  // --script: the command words are the script's arguments; its name leads
  // each job's line as given, never replaced (the host runs its text:
  // ssh_command).
  if (!o.remote_job.script_file.empty() && o.resume != Options::Resume::retry_failed)
    jobs.tmpl.lead_with(shell_quote(o.remote_job.script_file));
  return jobs;
}

// The template's last settings: the shell the jobs run in, and what the
// options say about repeating it. --retries {...} is checked here: a number
// per job, so it must hold a replacement string once --header's names are
// known.
Checked<void> finish_template(const Options& o, JobSource& jobs) {
  if (!o.tries_text.empty() &&
      !CommandTemplate::parse_text(o.tries_text, o.replace_whole).has_replacements())
    return fail("--retries: '" + o.tries_text + "' is not a number of tries nor a replacement string");
  auto shell = choose_job_shell();
  if (!shell) return shell.failure();
  jobs.tmpl.use_shell(std::move(*shell), is_exported_function);
  jobs.tmpl.repeat_context(o.multi.repeat_context);
  if (!o.multi.warning.empty()) say(o.multi.warning);
  jobs.input->measure_with(std::make_shared<CommandTemplate>(jobs.tmpl));
  return {};
}

// How many jobs at once: in all, and on each host of a remote run.
struct Concurrency {
  std::size_t wanted = 0;
  std::size_t per_host = 0;
};

Concurrency concurrency(const Options& o) {
  auto cpus = static_cast<std::size_t>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  Concurrency c;
  c.wanted = resolve_jobs(o.jobs, cpus);
  c.per_host = c.wanted;
  if (o.remote.fan_out()) {
    // -j counts hosts at once, each running one job at a time. 64 by
    // default, as clush: the local CPU count says nothing about a fleet.
    c.per_host = 1;
    if (!o.jobs_given) c.wanted = 64;
  } else if (o.remote.any()) {
    // Every host takes -j jobs, or its own N/.
    c.wanted = 0;
    // Saturating: -j 0 or a huge -j is SIZE_MAX per host.
    for (const auto& login : o.remote.logins)
      c.wanted = std::min(SIZE_MAX - c.wanted, login.slots > 0 ? login.slots : c.per_host) + c.wanted;
  }
  return c;
}

// The jobs this machine can run at once (fds, processes), said when fewer
// than asked.
std::size_t jobs_at_once(const Options& o, std::size_t wanted, bool tee_default) {
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
  return capacity.jobs;
}

}  // namespace

std::variant<Ending, std::unique_ptr<Runner>> make_runner(Options& o, JobLauncher* launcher) {
  if (o.gnu.show_limits) {
    std::size_t limit = system_line_limit();
    std::size_t usable = o.multi.batching.max_chars > 0 ? o.multi.batching.max_chars : limit;
    shoal::write_all(1, show_limits_text(limit, usable));
  }
  // --tmpdir is $TMPDIR, for shoal's spill files and the jobs alike.
  if (!o.tmpdir.empty()) ::setenv("TMPDIR", o.tmpdir.c_str(), 1);
  JoblogHistory history;
  if (o.resume != Options::Resume::none) {
    auto read = read_joblog(o.joblog, o.remote.fan_out());
    if (!read) {
      say(read.error());
      return Ending{255, 0};
    }
    history = std::move(*read);
  }
  Checked<JobSource> jobs = open_jobs(o, history);
  Checked<void> ready = jobs ? finish_template(o, *jobs) : jobs.failure();
  if (!ready) {
    say(ready.error());
    return Ending{255, 0};
  }
  Concurrency c = concurrency(o);
  if (o.dry_run) {
    std::size_t slots = std::min<std::size_t>(c.wanted, 1 << 20);
    jobs->input->spread_over(slots);
    int status = dry_run(*jobs->input, jobs->tmpl, slots);
    return status == 128 + SIGPIPE ? Ending{status, SIGPIPE} : Ending{status, 0};
  }
  // --tee: every job at once (GNU parallel's default there is -j 0).
  bool tee_default = o.pipe.tee && !o.jobs_given;
  if (tee_default) c.wanted = jobs->input->total().value_or(SIZE_MAX);
  std::size_t at_once = jobs_at_once(o, c.wanted, tee_default);
  jobs->input->spread_over(at_once);
  return std::make_unique<Runner>(o, std::move(jobs->input), std::move(jobs->tmpl), at_once,
                                  c.per_host, std::move(history), std::move(jobs->fixed_jobs),
                                  launcher);
}

Ending run(const Options& given) {
  // --header's names stand for their columns in every option value GNU
  // parallel expands per job (--tagstring, --results, --retries), as in the
  // command: a copy of the options with them replaced, for the Runner.
  Options o = given;
  auto made = make_runner(o, nullptr);
  if (auto* ending = std::get_if<Ending>(&made)) return *ending;
  return std::get<std::unique_ptr<Runner>>(made)->run();
}

}  // namespace shoal::cli

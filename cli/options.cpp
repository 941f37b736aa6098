// The command line read: CLI11 parses the options (registered in
// option_table.cpp and the files it calls), then each read_* step below
// makes sense of one part of what it filled, in order, the first refusal
// ending the run with one line and status 255.
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "durations.hpp"
#include "help_text.hpp"
#include "input.hpp"
#include "option_abbrev.hpp"
#include "option_table.hpp"
#include "command_words.hpp"
#include "template.hpp"
#include "shoal/quote.hpp"

namespace shoal::cli {

namespace {

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

// What the options that stand alone say: -j, -d, -I, the toggles.
Checked<void> read_basic_options(const CLI::App& app, const OptionText& t, Options& o) {
  auto spec = parse_jobs_spec(t.jobs);
  if (!spec) return fail(spec.error());
  o.jobs = *spec;
  o.jobs_given = app.count("-j") > 0;
  o.colsep_given = app.count("--colsep") > 0;
  o.live = toggle(t.live, t.no_live);
  if (o.bar || o.eta || o.progress) o.live = Toggle::on;
  if (t.ungroup) o.output = Options::OutputMode::ungrouped;
  else if (t.line_buffer) o.output = Options::OutputMode::line_buffer;
  if (!o.tagstring.empty()) o.tag = true;
  if (t.null) o.delimiter = std::string(1, '\0');
  if (app.count("-d") > 0) {
    if (t.delimiter.empty()) return fail("-d needs a delimiter (\\n, \\0, ',', '\\r\\n', ...)");
    o.delimiter = unquote_delimiter(t.delimiter);
  }
  if (o.replace_whole.empty()) return fail("-I needs a non-empty string");
  return {};
}

// The times and counts: --timeout, --retries, --delay, --rate, --halt,
// --block-timeout, --stages.
Checked<void> read_timing_options(const OptionText& t, Options& o) {
  if (!t.timeout.empty()) {
    if (t.timeout.back() == '%') {
      double pct = 0;
      auto [end, ec] = std::from_chars(t.timeout.data(), t.timeout.data() + t.timeout.size() - 1, pct);
      if (ec != std::errc() || end != t.timeout.data() + t.timeout.size() - 1 || !(pct > 0))
        return fail("invalid value for --timeout: '" + t.timeout + "'");
      o.timeout_percent = pct;
    } else {
      auto seconds = parse_duration(t.timeout);
      if (!seconds) return fail("--timeout: " + seconds.error());
      if (*seconds <= 0) return fail("--timeout must be more than 0");
      o.timeout = *seconds;
    }
  }
  if (!t.retries.empty()) {
    // A number, or text holding replacement strings (or --header's names,
    // known only once the input is open: run.cpp checks those).
    unsigned tries = 0;
    auto [end, ec] = std::from_chars(t.retries.data(), t.retries.data() + t.retries.size(), tries);
    if (ec == std::errc() && end == t.retries.data() + t.retries.size()) {
      o.tries = tries;
    } else if (t.retries.find('{') != std::string::npos) {
      o.tries_text = t.retries;
      o.tries = 0;  // may retry: how often is the job's own
    } else {
      return fail("--retries: '" + t.retries + "' is not a number of tries (0 or more)");
    }
  }
  if (!t.delay.empty()) {
    auto seconds = parse_duration(t.delay);
    if (!seconds) return fail("--delay: " + seconds.error());
    o.delay = *seconds;
  }
  if (!t.rate.empty()) {
    auto per_second = parse_rate(t.rate);
    if (!per_second) return fail("--rate: " + per_second.error());
    o.rate = *per_second;
  }
  if (!t.halt.empty()) {
    auto spec = parse_halt(t.halt);
    if (!spec) return spec.failure();
    o.halt = *spec;
    o.halt_given = true;
  }
  if (auto read = read_block_timeout(t.pipe, o.pipe); !read) return fail(read.error());
  if (!t.stages.empty()) {
    auto sizes = parse_stages(t.stages);
    if (!sizes) return sizes.failure();
    o.stages = std::move(*sizes);
  }
  return {};
}

// --joblog's spellings, --tmpdir, and resuming from a joblog.
Checked<void> read_log_options(const CLI::App& app, const OptionText& t, Options& o) {
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
  if (t.resume) o.resume = Options::Resume::resume;
  if (t.resume_failed) o.resume = Options::Resume::resume_failed;
  if (t.retry_failed) o.resume = Options::Resume::retry_failed;
  if (o.resume != Options::Resume::none && o.joblog.empty())
    return fail("--resume, --resume-failed and --retry-failed need --joblog FILE");
  if (o.resume != Options::Resume::none && o.joblog == "-")
    return fail("--resume, --resume-failed and --retry-failed read the joblog: it must be a "
                "file, not -");
  return {};
}

// The options of other files that need what the above made of theirs.
Checked<void> read_other_options(const CLI::App& app, OptionText& t, Options& o) {
  o.summary = toggle(t.summary, t.no_summary);
  bool piping = o.pipe.on || o.pipe.part || o.pipe.cat || o.pipe.fifo;
  if (piping) {
    t.pipe.records = t.multi.max_replace_args;
    t.pipe.header = t.multi.header;
  }
  if (auto multi = finish_multi_options(app, t.multi, o.args_per_job, o.multi, o.colsep,
                                        o.colsep_given, o.delimiter, piping);
      !multi)
    return multi;

  if (auto gnu = finish_gnu_options(t.gnu, o.gnu); !gnu) return gnu;

  for (auto& file : t.arg_files) o.inputs.push_back({InputGroup::Kind::file, {std::move(file)}, false});

  return {};
}

// After the options: the command words up to the first ::: or ::::, then
// the input groups.
Checked<void> read_command_and_inputs(const std::vector<std::string>& rest, Options& o) {
  const std::string& args_sep = o.multi.arg_sep;  // ::: unless --arg-sep
  const std::string& file_sep = o.multi.arg_file_sep;
  auto separator = [&](const std::string& w) {
    return w == args_sep || w == file_sep || w == args_sep + "+" || w == file_sep + "+";
  };
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
  return {};
}

// What goes together with what, once everything is read.
Checked<void> check_together(const CLI::App& app, OptionText& t, Options& o) {
  // A replacement string that cannot be one is refused before any input is read.
  if (auto command = CommandTemplate::check(join(o.command), o.replace_whole); !command)
    return command;
  if (auto tag = CommandTemplate::check(o.tagstring, o.replace_whole); !tag)
    return fail("--tagstring: " + tag.error());
  bool stdin_is_input = std::any_of(o.inputs.begin(), o.inputs.end(), [](const InputGroup& g) {
    return g.kind == InputGroup::Kind::file && std::count(g.values.begin(), g.values.end(), "-") > 0;
  });
  // --retry-failed takes its jobs from the joblog: stdin is free for hosts.
  bool retry_failed = o.resume == Options::Resume::retry_failed;
  bool has_inputs = !o.inputs.empty() || retry_failed;
  if (auto copy = check_copy_retry(t.remote.copy, retry_failed); !copy) return copy;
  if (auto remote = finish_remote_options(o.remote, t.remote, has_inputs, stdin_is_input); !remote)
    return remote;
  if (auto copy = describe_copy(o); !copy) return copy;
  if (!o.unreachable_list.empty() && !o.remote.any()) return fail("--unreachable needs hosts (-S or --sshloginfile)");
  if (!o.stages.empty() && !o.remote.fan_out()) return fail("--stages needs --nonall or --onall (and hosts)");
  if (!o.stages.empty() && o.halt_given && o.halt.when != HaltSpec::When::never &&
      o.halt.why != HaltSpec::Why::fail)
    return fail("--stages takes --halt fail=N or fail=P% (or never) as its gate");
  if (!o.stages.empty() && o.resume == Options::Resume::retry_failed)
    return fail("--stages does not go with --retry-failed (it runs each failed job on its own host)");
  if (auto piped = finish_pipe_options(app, t.pipe, o); !piped) return fail(piped.error());
  if (app.count("--report") > 0 && o.report_file.empty()) return fail("--report needs a file name");
  // Last: --sudo's prompt comes once everything else is known to be right.
  return finish_remote_job_options(o.remote_job, o.remote, o.gnu,
                                   !o.dry_run && !o.remote.list_hosts);
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
  ParsedCommandLine parsed;
  Options o;
  // Shoal's own error: one line, exit status 255.
  auto refused = [&](std::string_view why) {
    parsed.exit_code = 255;
    parsed.message_is_error = true;
    parsed.message = "shoal: " + one_line(why) + " (see shoal --help)\n";
    return parsed;
  };

  CLI::App app("", "shoal");
  app.prefix_command();  // stop at the command; everything after it is ours
  add_help_and_version(app);
  OptionText t;
  add_option_table(app, t, o);

  // Abbreviated and any-case long options, as GNU parallel takes them.
  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  if (auto expanded = expand_long_options(app, args); !expanded) return refused(expanded.error());
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    parsed.message = app.help();
    return parsed;
  } catch (const CLI::CallForVersion&) {
    parsed.message = version_line() + "\n";
    return parsed;
  } catch (const CLI::ParseError& e) {
    return refused(e.what());
  }

  if (t.citation) return parsed;  // as GNU parallel: the rest of the command line is ignored
  Checked<void> read = read_basic_options(app, t, o);
  if (read) read = read_timing_options(t, o);
  if (read) read = read_log_options(app, t, o);
  if (read) read = read_other_options(app, t, o);
  if (read) read = read_command_and_inputs(app.remaining(), o);
  if (read) read = check_together(app, t, o);
  if (!read) return refused(read.error());
  for (int a = 0; a < argc; ++a)
    o.command_line += (a == 0 ? std::string("shoal") : " " + shoal::shell_quote(argv[a]));
  parsed.options = std::move(o);
  return parsed;
}

}  // namespace shoal::cli

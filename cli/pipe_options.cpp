// --pipe's options: registered with CLI11 under --help's "Pipe" heading,
// then checked against each other and the rest of the command line.
#include "pipe_options.hpp"

#include "durations.hpp"
#include "option_group.hpp"
#include "pipe_blocks.hpp"

namespace shoal::cli {

void add_pipe_options(CLI::App& app, PipeOptionText& t, Options& o) {
  OptionGroup pipe(app, "Pipe");
  pipe.flag("--pipe,--spreadstdin", o.pipe.on,
            "Cut stdin into blocks at record ends and give each job one block on its stdin ({#} "
            "numbers the blocks); read only as jobs can take blocks");
  pipe.flag("--pipepart,--pipe-part", o.pipe.part,
            "As --pipe, for the -a FILE(s): cut where they lie, each job's part moved from the "
            "file into its stdin without passing through shoal");
  pipe.option("--block,--block-size,--blocksize", t.block_size,
              "Block size (default 1M; k=1000, K=1024, M, G...); a block ends at the last record "
              "end before it. --pipepart: -N makes N parts per job slot (default -10)",
              "SIZE");
  pipe.option("--recstart", t.recstart, "Records start with STR (\\n \\t \\0 understood)", "STR");
  pipe.option("--recend", t.recend, "Records end with STR (default \\n)", "STR");
  pipe.flag("--regexp,--regex", o.pipe.regexp,
            "--recstart and --recend are regular expressions (RE2: Perl's syntax without "
            "backreferences or lookaround)");
  pipe.flag("--round-robin,--roundrobin,--round", o.pipe.round_robin,
            "--pipe: start up to -j jobs and deal the blocks out to them in turn; each job reads "
            "its stdin until the input ends");
  pipe.option("--block-timeout,--blocktimeout,--bt", t.block_timeout,
              "--pipe: a block not whole after this long (seconds, or 1m30s; whole seconds, at "
              "least 1) goes to a job as it is, cut at its last record end",
              "SECS");
  pipe.flag("--remove-rec-sep,--removerecsep,--rrs", o.pipe.remove_rec_sep,
            "--pipe: take --recend/--recstart out of each block (between its records, at its "
            "start and end)");
  pipe.flag("--cat", o.pipe.cat,
            "--pipe/--pipepart: put each job's block in a temporary file, {} its name (no "
            "replacement string: appended); removed once the job has ended");
  pipe.flag("--fifo", o.pipe.fifo,
            "--pipe/--pipepart: give each job its block through a named pipe, {} its name; the "
            "job must open it (or it never ends)");
  OptionGroup(app, "Input")
      .flag("--skip-first-line,--skipfirstline", o.skip_first_line,
            "Do not use the first line of the input (stdin with --pipe, else the first input "
            "source)");
  pipe.flag("--tee", o.pipe.tee,
            "--pipe: every job (one per ::: argument) gets all of stdin; all run at once (by "
            "default: as many as there are arguments)");
}

Checked<void> read_block_timeout(const PipeOptionText& t, Options::Pipe& p) {
  if (t.block_timeout.empty()) return {};
  // As GNU parallel: whole seconds, at least 1.
  auto seconds = parse_duration(t.block_timeout);
  if (!seconds) return fail("--block-timeout: " + seconds.error());
  if (!(*seconds >= 1) || *seconds > 1e6) return fail("--block-timeout must be at least 1");
  p.block_timeout = static_cast<int>(*seconds);
  return {};
}

namespace {

// What --pipe's blocks go with: the inputs, the other pipe options, hosts
// and retries.
Checked<void> check_pipe_company(const Options& o) {
  const Options::Pipe& p = o.pipe;
  if (p.part) {
    if (p.records > 0) return fail("--pipepart does not take -N (records per block): use --pipe");
    if (o.inputs.empty() || o.inputs[0].kind != InputGroup::Kind::file)
      return fail("--pipepart needs the file to cut: -a FILE");
  } else if (p.tee ? o.inputs.empty() : !o.inputs.empty()) {
    return fail(p.tee ? "--tee gives all of stdin to one job per argument: give them with ::: or -a"
                      : "--pipe reads its input from stdin: no ::: or -a with it (--pipepart -a "
                        "FILE cuts a file)");
  }
  if (p.round_robin && p.tee) return fail("--round-robin and --tee do not go together");
  if ((p.cat || p.fifo) && (p.round_robin || p.tee))
    return fail("--cat and --fifo give each job one block: not with --round-robin or --tee");
  if ((p.cat || p.fifo) && o.remote.any())
    return fail("--cat and --fifo make local files: not with remote hosts (-S) yet");
  if (o.skip_first_line && p.part) return fail("--skip-first-line with --pipepart is not done yet");
  if (p.part && p.tee) return fail("--tee with --pipepart is not done yet: use --pipe --tee < FILE");
  if (p.round_robin && o.tries != 1) return fail("--retries cannot be combined with --round-robin");
  return {};
}

}  // namespace

Checked<void> finish_pipe_options(const CLI::App& app, const PipeOptionText& t, Options& o) {
  Options::Pipe& p = o.pipe;
  if (app.count("--recstart") > 0) p.recstart = t.recstart;
  if (app.count("--recend") > 0) p.recend = t.recend;
  if (app.count("--header") > 0 && (p.on || p.part)) p.header = t.header;
  p.records = t.records;
  bool any_pipe_option = !t.block_size.empty() || p.recstart || p.recend || p.regexp ||
                         p.round_robin || p.tee || p.header || t.records > 0 ||
                         p.remove_rec_sep || p.block_timeout > 0;
  if (p.cat && p.fifo) return fail("--fifo cannot be combined with --cat");
  // As GNU parallel: --cat and --fifo mean --pipe (unless --pipepart).
  if ((p.part || p.cat || p.fifo) && !p.on) p.on = true;
  if (!p.on) {
    // Without --pipe, -N and --header are the arguments' (multi_options.cpp).
    if (any_pipe_option)
      return fail("--block, --block-timeout, --recstart, --recend, --regexp, --remove-rec-sep, "
                  "--round-robin and --tee need --pipe or --pipepart");
    return {};
  }
  if (!t.block_size.empty()) {
    auto size = parse_block_size(t.block_size);
    if (!size) return size.failure();
    if (*size < 0 && !p.part)
      return fail("--block must be more than 0 with --pipe ('" + t.block_size + "')");
    p.block = *size;
  }
  if (auto company = check_pipe_company(o); !company) return company;
  if (auto splitter = RecordSplitter::make(p.recstart, p.recend, p.regexp); !splitter)
    return splitter.failure();
  if (p.header)
    if (auto rule = parse_header_rule(*p.header); !rule) return rule.failure();
  return {};
}

}  // namespace shoal::cli

// The command line: GNU parallel's syntax (options, then the command, then
// `:::` / `::::` input groups) read into a plain struct. CLI11 parses the
// options; the command and the input groups follow GNU parallel's rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gnu_options.hpp"
#include "halt.hpp"
#include "jobs_spec.hpp"
#include "multi_options.hpp"
#include "remote/remote_job_options.hpp"
#include "remote/remote_options.hpp"
#include "remote/stages.hpp"

namespace shoal::cli {

enum class Toggle { automatic, on, off };

struct InputGroup {
  enum class Kind { args, file } kind = Kind::args;  // ::: or :::: (or -a)
  std::vector<std::string> values;                   // the args, or file names
  bool linked = false;                               // :::+ or ::::+
};

struct Options {
  JobsSpec jobs;
  bool jobs_given = false;  // -j on the command line (--onall's default differs)
  std::optional<double> timeout;          // seconds
  std::optional<double> timeout_percent;  // --timeout N%: of the median ok runtime
  double delay = 0;                       // --delay: seconds between starts
  double rate = 0;                        // --rate: starts per second (0: unlimited)
  HaltSpec halt;
  bool halt_given = false;        // --halt on the command line (--stages' gate differs without)
  std::vector<StageSize> stages;  // --stages: a rollout over the hosts, stage by stage
  bool keep_order = false;
  bool tag = false;
  std::string tagstring;  // --tagstring: the tag, with replacement strings
  enum class OutputMode { grouped, line_buffer, ungrouped } output = OutputMode::grouped;
  std::string results_dir;
  bool bar = false, eta = false, progress = false;
  bool dry_run = false;
  std::string joblog;               // "-": stdout
  bool joblog_append = false;       // --joblog +FILE: add to FILE, no header
  bool json = false;               // JSON lines on stdout instead of outputs
  std::string report_file;         // --report FILE.html: the run's report, written at its end
  std::string command_line;        // shoal's own command line, shell-quoted, for the report
  std::string succeeded_list, failed_list, timed_out_list;
  std::string unreachable_list;  // --unreachable: the hosts that could not be reached

  // Tries per job: 1 = no retry; 0 = until it succeeds (GNU parallel's 0).
  unsigned tries = 1;
  // --retries with replacement strings ({}, {2}, a --header name), as GNU
  // parallel takes it: the number of tries, worked out per job (tries is
  // then 0). Empty: `tries` for every job.
  std::string tries_text;
  double retry_delay = 0;  // seconds before the first retry
  bool retry_backoff = false;

  enum class Resume { none, resume, resume_failed, retry_failed } resume = Resume::none;

  Toggle live = Toggle::automatic;     // the status line on stderr
  Toggle summary = Toggle::automatic;  // the summary at the end

  std::vector<std::string> command;  // the command words, may be empty
  std::vector<InputGroup> inputs;    // empty: read stdin
  std::string delimiter = "\n";      // -d (GNU's escapes undone), -0
  std::string colsep;                // --colsep REGEX
  bool colsep_given = false;         // --colsep '' splits between characters, as in Perl
  std::string replace_whole = "{}";  // -I
  std::size_t args_per_job = 1;      // -n
  MultiArgs multi;                   // -m -X --xargs -N -L -s -r -E --link --shuf --arg-sep ...

  // --verbose/-t: each job's command line on stderr as it starts.
  bool verbose = false;
  // --tmpdir: $TMPDIR for shoal (where output too big for memory goes) and
  // for the jobs, as GNU parallel sets it.
  std::string tmpdir;

  // -q, -v, --files, --termseq, --show-limits (gnu_options.hpp).
  GnuOptions gnu;

  RemoteOptions remote;
  RemoteJobOptions remote_job;  // --script, --sudo, --tty

  // --pipe and its kin (pipe_blocks.hpp, pipe_input.hpp, pipe_part.hpp):
  // stdin, or the -a files, cut into blocks given to jobs on their stdin.
  struct Pipe {
    bool on = false;        // --pipe
    bool part = false;      // --pipepart: the -a files, cut where they lie
    bool round_robin = false;
    bool tee = false;       // every job gets all of the input
    bool regexp = false;    // --recstart/--recend are expressions
    std::int64_t block = 0; // --block in bytes (negative: parts per job slot); 0: not given
    std::optional<std::string> recstart, recend;
    std::size_t records = 0;  // -N: records per block
    std::optional<std::string> header;  // --header
    bool remove_rec_sep = false;  // --remove-rec-sep: each block without its separators
    int block_timeout = 0;        // --block-timeout: whole seconds (0: none)
    // --cat / --fifo: the block in a temporary file / a named pipe, {} its name.
    bool cat = false, fifo = false;
  } pipe;
  // --skip-first-line: the first line of stdin (--pipe) or of the first
  // input source is not used.
  bool skip_first_line = false;
};

struct ParsedCommandLine {
  std::optional<Options> options;  // set when shoal should run
  int exit_code = 0;               // otherwise: exit with this...
  std::string message;             // ...after printing this (help, version, error)
  bool message_is_error = false;
};

ParsedCommandLine parse_command_line(int argc, const char* const* argv);

}  // namespace shoal::cli

#include "report.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_set>

#include <fmt/format.h>

#include "command_words.hpp"
#include "ending.hpp"
#include "json_record.hpp"
#include "results_dir.hpp"
#include "shown_output.hpp"
#include "template.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

std::string describe(std::string_view d) {
  if (d == "\n") return "a newline";
  if (d == std::string_view("\0", 1)) return "NUL";
  if (d == "\t") return "a TAB";
  std::string shown;
  for (char c : d) shown += c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : std::string(1, c);
  return "'" + shown + "'";
}

}  // namespace

bool summary_wanted(const Options& o) {
  return o.summary == Toggle::on || (o.summary == Toggle::automatic && ::isatty(2));
}

Options::OutputMode effective_output(const Options& o) {
  if (o.json || !o.results_dir.empty() || o.remote.collapse) return Options::OutputMode::grouped;
  if (o.output == Options::OutputMode::line_buffer && (o.keep_order || o.gnu.files))
    return Options::OutputMode::grouped;
  return o.output;
}

Reporter::Reporter(const Options& options, Loop* loop, std::function<void()> before_write)
    : options_(options),
      json_(options.json),
      show_summary_(summary_wanted(options)),
      output_(effective_output(options)),
      // --joblog - writes its lines to stdout from the loop, after each
      // job's output: that output is written on the loop too, or the two
      // could cross (so with it, a stalled reader holds up the loop).
      writer_(1, 2, before_write, options.joblog == "-" ? nullptr : loop),
      // JSON lines carry the outputs themselves: never tagged.
      printer_({options.keep_order, options.tag && !options.json}, writer_),
      line_printer_(writer_, options.tag),
      table_(table_format(options.results_dir)),
      results_path_(CommandTemplate::parse_text(options.results_dir, options.replace_whole)),
      before_write_(std::move(before_write)) {
  if (options.remote.collapse) collapsed_ = std::make_unique<CollapsedOutput>();
  if (!options.report_file.empty()) {
    run_record_ = std::make_unique<RunRecord>();
    run_record_->started =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    // Output that shoal never holds has no stderr for the page to show.
    if (output_ == Options::OutputMode::ungrouped) {
      run_record_->has_stderr = false;
      run_record_->no_stderr_reason = "with -u the jobs' stderr went straight to shoal's stderr";
    } else if (output_ == Options::OutputMode::line_buffer) {
      run_record_->has_stderr = false;
      run_record_->no_stderr_reason = "with --line-buffer the jobs' stderr was printed as it came";
    }
  }
}

Checked<void> Reporter::write_report(const std::string& command_line) {
  if (!run_record_) return {};
  RunRecord& r = *run_record_;
  r.command_line = command_line;
  r.source = "this run";
  r.ended = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  // A host with a job of its own that says so is in the jobs already.
  r.unreachable_hosts.clear();
  std::unordered_set<std::string> with_jobs;
  for (const auto& job : r.jobs) with_jobs.insert(job.host);
  for (const auto& host : hosts_.unreachable.names())
    if (!with_jobs.count(host)) r.unreachable_hosts.push_back(host);
  return write_report_file(options_.report_file, render_report_html(r));
}

Reporter::~Reporter() {
  table_printer_.reset();
  if (table_fd_ >= 0) ::close(table_fd_);
}

// The table's file is written anew, as GNU parallel writes it; a resumed
// run adds its rows to those of the runs before (GNU parallel would start
// the file again and lose them).
Checked<void> Reporter::open_table() {
  if (table_on_stdout(options_.results_dir)) return {};
  bool append = options_.resume != Options::Resume::none;
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  table_fd_ = ::open(options_.results_dir.c_str(), flags, 0666);
  if (table_fd_ < 0)
    return fail("cannot open results file " + options_.results_dir + ": " + std::strerror(errno));
  struct stat st{};
  if (append && ::fstat(table_fd_, &st) == 0 && st.st_size > 0) table_header_due_ = false;
  table_writer_ = std::make_unique<OutputWriter>(table_fd_, 2, nullptr);
  table_printer_ = std::make_unique<Printer>(PrinterOptions{options_.keep_order, false}, *table_writer_);
  return {};
}

// A row holds the job's whole output (GNU parallel's too): an output that
// was spilled to disk is read back into memory for it.
void Reporter::add_table_row(std::uint64_t order, const JobReport& job, const shoal::Result& r,
                             Printer::Then then) {
  JoblogEntry e = joblog_entry(job.seq, r, job.command);
  e.host = job.host;
  e.receive = r.out.size();
  shoal::Output row;
  // The header goes with the first row printed: order 1's under -k.
  if (table_header_due_ && (!options_.keep_order || order == 1)) {
    table_header_due_ = false;
    row.append(table_header(table_, job.args.size()));
  }
  row.append(table_row(table_, e, job.args, r.out.str(), r.err.str()));
  Printer& printer = table_printer_ ? *table_printer_ : printer_;
  printer.finished(order, {}, std::move(row), shoal::Output(), std::move(then));
}

void Reporter::on_written(std::function<void()> written) {
  writer_.on_idle([this, written = std::move(written)] {
    check_output_errors();
    if (written) written();
  });
}

void Reporter::finish() {
  if (finished_) return;
  finished_ = true;
  printer_.flush();
  if (table_printer_) table_printer_->flush();
  if (collapsed_) {
    OutputWriter::Job job;
    std::string out, err;
    collapsed_->render(out, err);
    for (auto* bytes : {&out, &err}) {
      if (bytes->empty()) continue;
      OutputWriter::Piece& piece = job.pieces.emplace_back();
      piece.stream = bytes == &out ? 1 : 2;
      piece.bytes = std::move(*bytes);
    }
    // The records wait for the output they stand for: see record().
    job.done = [records = std::move(collapsed_records_)](bool delivered) {
      for (auto& then : records) then(delivered);
    };
    collapsed_records_.clear();
    writer_.submit(std::move(job));
  }
  check_output_errors();
}

Checked<void> Reporter::open() {
  if (run_record_)
    if (auto checked = check_report_file(options_.report_file); !checked) return checked;
  if (table_ != TableFormat::none)
    if (auto table = open_table(); !table) return table;
  bool append = options_.resume != Options::Resume::none;
  if (!options_.joblog.empty()) {
    JoblogOpen how = options_.joblog_append ? JoblogOpen::append
                     : append                ? JoblogOpen::resume
                                             : JoblogOpen::create;
    auto joblog = JoblogFile::open(options_.joblog, how);
    if (!joblog) return joblog.failure();
    joblog_ = std::make_unique<JoblogFile>(std::move(*joblog));
  }
  StatusListPaths paths{options_.succeeded_list, options_.failed_list, options_.timed_out_list,
                        options_.unreachable_list};
  if (paths.any()) {
    // --nonall lists hosts, for --slf: one a line whatever -0 says.
    char end = options_.remote.nonall ? '\n' : options_.delimiter.back();
    auto lists = StatusLists::open(paths, append, end);
    if (!lists) return lists.failure();
    lists_ = std::make_unique<StatusLists>(std::move(*lists));
    // Resumed: a host the run before listed is not listed twice.
    if (append && !paths.unreachable.empty()) {
      std::ifstream in(paths.unreachable);
      for (std::string line; std::getline(in, line);) listed_unreachable_.add(line);
    }
  }
  return {};
}

void Reporter::check_output_errors() {
  int e = writer_.write_error();
  if (e == 0 && table_writer_) e = table_writer_->write_error();
  if (e != 0 && !output_error_said_) {
    output_error_said_ = true;
    say(std::string("cannot write output: ") + std::strerror(e));
  }
  if (!writer_.spool_error().empty() && !spool_error_said_) {
    spool_error_said_ = true;
    say("warning: " + writer_.spool_error() +
        "; output waiting to be printed is kept in memory instead");
  }
}

void Reporter::trouble(const std::string& message) {
  if (!failed_to_record_) say(message);
  failed_to_record_ = true;
}

// A line of a --succeeded/--failed/--timed-out list, made to be fed back:
// the input as it came in (several arguments TAB-separated, for `--colsep
// '\t'`); with --nonall the host, for --slf; with --onall both, the host
// first. It ends with the input's own delimiter (newline; NUL with -0), so
// `:::: list` (`-0 :::: list`) reads back exactly the inputs.
std::string Reporter::list_line(const JobReport& job) {
  if (options_.remote.nonall) return job.host + "\n";
  const std::string& end = options_.delimiter;
  std::string input = join(job.args, "\t");
  bool holds_end = input.find(end) != std::string::npos;
  bool holds_tab = job.args.size() > 1 && std::any_of(job.args.begin(), job.args.end(), [](const auto& a) {
                     return a.find('\t') != std::string::npos;
                   });
  if ((holds_end || holds_tab) && !said_list_separator_) {
    said_list_separator_ = true;
    say(fmt::format("warning: job {}'s input holds the lists' separator ({}): a list cannot give "
                    "it back as it was{}",
                    job.seq, describe(holds_end ? std::string_view(end) : "\t"),
                    end == "\n" ? "; -0 makes them NUL-separated" : ""));
  }
  return (options_.remote.onall ? job.host + "\t" + input : input) + end;
}

// --results DIR: GNU parallel's layout; with --onall/--nonall, where every
// host runs the same input, under a directory of each host's own.
std::string Reporter::results_at(const JobReport& job) const {
  return results_path_.expand_text({job.args, job.seq, job.slot});
}

std::string Reporter::results_dir_for(const JobReport& job) const {
  if (!options_.remote.fan_out()) return options_.results_dir;
  return options_.results_dir + "/" + results_dir_name(job.host);
}

void Reporter::host_unreachable(const std::string& host) {
  hosts_.unreachable.add(host);
  list_unreachable(host);
}

void Reporter::list_unreachable(const std::string& host) {
  if (!lists_ || !listed_unreachable_.add(host)) return;
  if (int e = lists_->add_unreachable(host); e != 0)
    trouble(std::string("cannot write the --unreachable list: ") + std::strerror(e));
}

// A job's records -- its class list line, then its joblog line -- are
// written only once its output has been delivered (printed, or saved under
// --results), as GNU parallel writes its joblog: after a kill -9, --resume
// runs again exactly the jobs whose output may not have reached anyone. The
// joblog line goes last, since it is what --resume trusts.
void Reporter::write_records(const Records& records) {
  if (lists_ && !records.list_line.empty()) {
    if (int e = lists_->add(records.status, records.list_line); e != 0)
      trouble(std::string("cannot write a --succeeded/--failed/--timed-out list: ") + std::strerror(e));
  }
  if (!records.unreachable.empty()) list_unreachable(records.unreachable);
  if (!joblog_ || joblog_stdout_closed_) return;
  // --joblog -: the line goes where the outputs go, so the live status line
  // is cleared first, and a reader gone away is stdout's (see stdout_closed).
  if (joblog_->on_stdout() && before_write_) before_write_();
  auto appended = joblog_->append(records.joblog);
  if (!appended)
    trouble(appended.error());
  else if (*appended == JoblogFile::Appended::reader_gone)
    joblog_stdout_closed_ = true;
}

// --files: the output's file's name where the output was.
shoal::Output Reporter::output_file(shoal::Output out) {
  auto path = save_output_file(out);
  if (!path) trouble(path.error());
  shoal::Output name;
  if (path) name.append(*path + "\n");
  return name;
}

void Reporter::record(std::uint64_t order, const JobReport& job, shoal::Result r) {
  counts_.add(r.status);
  counts_.runtime_sum += r.duration().count();
  // shoal's own word on the job: printed with the job's stderr, never mixed
  // into the saved or JSON bytes (whose status and error fields say it).
  std::string note;
  std::string which = job.host == ":" ? fmt::format("job {}", job.seq)
                                      : fmt::format("job {} on {}", job.seq, job.host);
  if (r.status == Status::error)
    note = said(fmt::format("{}: {}", which, r.error));
  else if (r.status == Status::timeout)  // GNU parallel's words
    note = said("Warning: This job was killed because it timed out:") +
           said("Warning: " + job.command);

  Records records;
  records.status = r.status;
  if (joblog_) {
    records.joblog = joblog_entry(job.seq, r, job.command);
    records.joblog.host = job.host;
    // GNU parallel's Receive: the bytes of stdout (none seen with -u).
    records.joblog.receive = r.out.size();
  }
  if (lists_) records.list_line = list_line(job);
  if (options_.remote.any()) {
    switch (r.status) {
      case Status::ok: break;
      case Status::failed: hosts_.failed.add(job.host); break;
      case Status::timeout: hosts_.timed_out.add(job.host); break;
      case Status::killed: hosts_.killed.add(job.host); break;
      // A remote job that could not run: ssh could not reach its host. On
      // this machine (`:`) it is a command that could not start.
      case Status::error:
        if (job.host == ":") {
          hosts_.failed.add(job.host);
        } else {
          hosts_.unreachable.add(job.host);
          records.unreachable = job.host;
        }
        break;
    }
  }
  if (run_record_) run_record_->jobs.push_back(report_job(job, r));
  if (show_summary_)
    slowest_.add(r.duration().count(), job.seq,
                 job.host == ":" ? job.command : job.host + ": " + job.command);
  bool saved = true;
  if (!options_.results_dir.empty() && table_ == TableFormat::none) {
    auto written = !results_path_.has_replacements()
                       ? write_results(results_dir_for(job), job.args, job.seq, r.out, r.err)
                       : write_results_at(results_at(job), job.seq, r.out, r.err);
    if (!written) trouble(written.error());
    saved = written.ok();
  }
  if (output_ == Options::OutputMode::line_buffer) records.joblog.receive = line_printer_.received(order);
  Printer::Then then = [this, records = std::move(records), saved](bool delivered) {
    if (saved && delivered) write_records(records);
  };

  if (table_ != TableFormat::none) {
    add_table_row(order, job, r, std::move(then));
    if (!note.empty()) shoal::write_all(2, note);
    check_output_errors();
    return;
  }
  if (json_) {
    shoal::Output line;
    line.append(format_json_record(job, r));
    printer_.finished(order, {}, std::move(line), shoal::Output(), std::move(then));
    if (!note.empty()) shoal::write_all(2, note);
    check_output_errors();
    return;
  }
  switch (output_) {
    case Options::OutputMode::line_buffer:
      // --line-buffer printed the output as it came: what is left goes now.
      line_printer_.finished(order, job.tag, std::move(then));
      if (!note.empty()) shoal::write_all(2, note);
      break;
    case Options::OutputMode::ungrouped:  // the job wrote straight to our stdout/stderr
      if (!note.empty()) shoal::write_all(2, note);
      then(true);
      break;
    case Options::OutputMode::grouped:
      if (collapsed_) {
        collapsed_->add(order, job.host, r.out.str(), r.err.str());
        if (!note.empty()) shoal::write_all(2, note);
        collapsed_records_.push_back(std::move(then));
        break;
      }
      if (!options_.results_dir.empty()) {
        // Saved, not printed, as GNU parallel does.
        r.out = shoal::Output();
        r.err = shoal::Output();
      } else if (options_.gnu.files) {
        r.out = output_file(std::move(r.out));
      }
      if (!note.empty()) r.err = with_prefix(note, std::move(r.err));
      printer_.finished(order, job.tag, std::move(r.out), std::move(r.err), std::move(then));
      break;
  }
  check_output_errors();
}

}  // namespace shoal::cli

// Where a finished job's one record goes: the joblog, the per-class lists,
// the JSON lines or the job's own output (through the Printer), the counts
// and the slowest jobs for the summary. Every job reaches here exactly once,
// whatever happened to it -- that is the guarantee the rest relies on.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "collapsed_output.hpp"
#include "joblog.hpp"
#include "job_report.hpp"
#include "line_printer.hpp"
#include "options.hpp"
#include "printer.hpp"
#include "progress.hpp"
#include "results_table.hpp"
#include "run_report.hpp"
#include "shoal/result.hpp"
#include "status_lists.hpp"
#include "template.hpp"

namespace shoal::cli {

class Reporter {
 public:
  // `before_write` runs before anything goes to the terminal's streams.
  // With a loop, output is written off it (see OutputWriter).
  Reporter(const Options& options, Loop* loop, std::function<void()> before_write);
  ~Reporter();
  Reporter(const Reporter&) = delete;
  Reporter& operator=(const Reporter&) = delete;

  // Opens the joblog and lists, or says why one cannot be.
  Checked<void> open();

  // `order` is the job's place in the input among the jobs of this run
  // (1, 2, 3, ...), which -k prints by; job.seq is its joblog number.
  void record(std::uint64_t order, const JobReport& job, shoal::Result result);

  // A line of shoal's own for stderr, in turn with the jobs' output.
  void note(std::string line) { writer_.note(std::move(line)); }
  // --line-buffer: output of a running job as it arrives.
  void stream(std::uint64_t order, const std::string& tag, int stream, std::string_view bytes) {
    line_printer_.output(order, tag, stream, bytes);
  }

  // How output flows (see effective_output): the Runner starts jobs to match.
  Options::OutputMode output_mode() const { return output_; }

  // Remote runs: a host that could not be reached, known without a job of
  // its own saying so (a spread run's host whose connection failed).
  void host_unreachable(const std::string& host);
  const HostOutcomes& hosts() const { return hosts_; }

  Counts& counts() { return counts_; }
  const SlowestJobs& slowest() const { return slowest_; }
  bool wants_command_text() const {
    return joblog_ || json_ || show_summary_ || table_ != TableFormat::none || run_record_;
  }
  // --report: writes the page of the run so far.
  Checked<void> write_report(const std::string& command_line);
  bool stdout_closed() const { return writer_.stdout_closed() || joblog_stdout_closed_; }
  // Set when writing a joblog or list failed: shoal's own error (exit 255).
  bool failed_to_record() const {
    return failed_to_record_ || writer_.write_error() != 0 ||
           (table_writer_ && table_writer_->write_error() != 0);
  }
  // Output is waiting to be written, or being written: the run is not over.
  bool writing() const { return writer_.busy(); }
  // Called on the loop whenever all output so far has been written.
  void on_written(std::function<void()> written);
  // shoal leaves without waiting for its output (a second Ctrl-C): the
  // jobs whose output was not delivered get no records.
  void abandon() { writer_.abandon(); }
  // Says so once when printing output failed for a reason other than EPIPE.
  void check_output_errors();
  // The run is over: what is still held (-k behind a job that never came;
  // --collapse: every output) goes to be printed, and those jobs' records
  // are written once it is. Again is harmless.
  void finish();

 private:
  // What is written once a job's output has been delivered.
  struct Records {
    shoal::Status status = shoal::Status::ok;
    JoblogEntry joblog;      // when there is a joblog
    std::string list_line;   // when there are lists: the line, with its end
    std::string unreachable; // a remote job's host that could not be reached
  };
  void write_records(const Records& records);
  void trouble(const std::string& message);
  shoal::Output output_file(shoal::Output out);
  std::string list_line(const JobReport& job);
  void list_unreachable(const std::string& host);
  std::string results_dir_for(const JobReport& job) const;
  std::string results_at(const JobReport& job) const;
  Checked<void> open_table();
  void add_table_row(std::uint64_t order, const JobReport& job, const shoal::Result& r,
                     Printer::Then then);

  const Options& options_;
  bool json_;
  bool show_summary_;
  Options::OutputMode output_;
  OutputWriter writer_;
  Printer printer_;
  LinePrinter line_printer_;
  std::unique_ptr<JoblogFile> joblog_;
  std::unique_ptr<StatusLists> lists_;
  std::unique_ptr<CollapsedOutput> collapsed_;
  // --results FILE.csv/.tsv/.json: rows through table_printer_ into the
  // file (or through printer_ for -.csv and kin), in -k's order when asked.
  TableFormat table_;
  int table_fd_ = -1;
  std::unique_ptr<OutputWriter> table_writer_;  // a file: written at once
  std::unique_ptr<Printer> table_printer_;
  bool table_header_due_ = true;
  // --results with replacement strings ('out/{1}/{2}.txt'): a path a job.
  CommandTemplate results_path_;
  Counts counts_;
  SlowestJobs slowest_;
  std::unique_ptr<RunRecord> run_record_;  // --report: every job, as the page shows it
  HostOutcomes hosts_;
  HostList listed_unreachable_;  // the hosts already in the --unreachable list
  std::vector<Printer::Then> collapsed_records_;  // --collapse: until the outputs are printed
  bool said_list_separator_ = false;
  bool failed_to_record_ = false;
  bool joblog_stdout_closed_ = false;  // --joblog -: stdout's reader went away
  bool output_error_said_ = false;
  bool spool_error_said_ = false;
  bool finished_ = false;
  std::function<void()> before_write_;
};

// Whether the summary is shown: asked for, or stderr is a terminal.
bool summary_wanted(const Options& options);

// How output really flows once options that need the bytes are counted:
// --json and --results capture everything, so -u and --line-buffer give way;
// -k prints in input order, so --line-buffer gives way to it.
Options::OutputMode effective_output(const Options& options);

}  // namespace shoal::cli

#include "report.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "shoal/io.hpp"

namespace shoal::cli {

bool summary_wanted(const Options& o) {
  return o.summary == Toggle::on || (o.summary == Toggle::automatic && ::isatty(2));
}

Reporter::Reporter(const Options& options, std::function<void()> before_write)
    : options_(options),
      json_(options.json),
      show_summary_(summary_wanted(options)),
      // JSON lines carry the outputs themselves: never tagged.
      printer_({options.keep_order, options.tag && !options.json}, 1, 2, std::move(before_write)) {}

std::string Reporter::open() {
  bool append = options_.resume != Options::Resume::none;
  if (!options_.joblog.empty()) {
    joblog_ = std::make_unique<JoblogFile>(options_.joblog, append);
    if (!joblog_->error().empty()) return joblog_->error();
  }
  StatusListPaths paths{options_.succeeded_list, options_.failed_list, options_.timed_out_list};
  if (paths.any()) {
    lists_ = std::make_unique<StatusLists>(paths, append);
    if (!lists_->error().empty()) return lists_->error();
  }
  return {};
}

void Reporter::trouble(const std::string& message) {
  if (!failed_to_record_) shoal::write_all(2, "shoal: " + message + "\n");
  failed_to_record_ = true;
}

void Reporter::record(std::uint64_t order, const JobReport& job, shoal::Result r) {
  counts_.add(r.status);
  // shoal's own word on the job goes with the job's stderr -- except in
  // JSON, whose status and error fields say it without touching the bytes.
  if (!json_ && r.status == Status::error)
    r.err.append(fmt::format("shoal: job {}: {}\n", job.seq, r.error));
  if (!json_ && r.status == Status::timeout)
    r.err.append(fmt::format("shoal: job {} timed out after {}: {}\n", job.seq,
                             format_duration(r.duration().count()), job.command));

  if (joblog_ && !joblog_->append(joblog_entry(job.seq, r, job.command)))
    trouble(joblog_->error());
  if (lists_) {
    // The input line as it came in: what `:::: list` needs to run it again.
    std::string line;
    for (const auto& a : job.args) line += (line.empty() ? "" : " ") + a;
    if (!lists_->add(r.status, line)) trouble("cannot write a --succeeded/--failed/--timed-out list");
  }
  if (show_summary_) slowest_.add(r.duration().count(), job.seq, job.command);

  if (json_) {
    shoal::Output line;
    line.append(format_json_record(job, r));
    printer_.finished(order, {}, std::move(line), shoal::Output());
  } else {
    std::string tag;
    for (const auto& a : job.args) tag += (tag.empty() ? "" : " ") + a;
    printer_.finished(order, std::move(tag), std::move(r.out), std::move(r.err));
  }
}

}  // namespace shoal::cli

#include "halt.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "ending.hpp"

namespace shoal::cli {

namespace {

// The percentage of `of` that `count` is, rounded up; 0 of nothing is 0.
int percent_of(std::uint64_t count, std::uint64_t of) {
  return static_cast<int>(std::ceil(100.0 * static_cast<double>(count) /
                                    static_cast<double>(std::max<std::uint64_t>(of, 1))));
}

// The status a shell shows for the job: 128+signal as bash shows it, 255
// for a timeout (GNU parallel's -1), and for a job that could not start
// its exit status (ssh's 255) or 127.
int job_exit_status(const JobEnd& job) {
  switch (job.status) {
    case Status::ok: return 0;
    case Status::timeout: return 255;
    case Status::error: return job.exit_code > 0 ? job.exit_code : 127;
    case Status::failed:
    case Status::killed: break;
  }
  return job.exit_code > 0 ? job.exit_code : job.signal > 0 ? 128 + job.signal : 1;
}

// GNU parallel turns a percentage into a count of jobs (total * P/100) and
// then reads a count of exactly 1 as "fail=1": the job's own status.
bool comes_to_one_job(const HaltSpec& spec, std::uint64_t total) {
  if (!spec.percent) return spec.value == 1;
  return static_cast<double>(total) * (spec.value / 100) == 1.0;
}

bool parse_amount(std::string_view s, HaltSpec& spec) {
  spec.percent = !s.empty() && s.back() == '%';
  if (spec.percent) s.remove_suffix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), spec.value);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size() &&
         std::isfinite(spec.value) && spec.value > 0 && (!spec.percent || spec.value <= 100);
}

}  // namespace

Checked<HaltSpec> parse_halt(std::string_view text) {
  HaltSpec spec;
  using W = HaltSpec::When;
  using Y = HaltSpec::Why;
  auto legacy = [&](W when, Y why, double value) {
    spec.when = when;
    spec.why = why;
    spec.value = value;
    return spec;
  };
  if (text == "0" || text == "never") return legacy(W::never, Y::fail, 0);
  if (text == "1") return legacy(W::soon, Y::fail, 1);
  if (text == "2") return legacy(W::now, Y::fail, 1);
  if (text == "-1") return legacy(W::soon, Y::success, 1);
  if (text == "-2") return legacy(W::now, Y::success, 1);
  if (!text.empty() && text.back() == '%' && parse_amount(text, spec)) {
    spec.when = W::soon;
    spec.why = Y::fail;
    return spec;
  }
  auto comma = text.find(',');
  auto eq = text.find('=');
  bool ok = comma != std::string_view::npos && eq != std::string_view::npos && eq > comma;
  if (ok) {
    auto when = text.substr(0, comma);
    auto why = text.substr(comma + 1, eq - comma - 1);
    ok = (when == "now" || when == "soon") && (why == "fail" || why == "success" || why == "done") &&
         parse_amount(text.substr(eq + 1), spec);
    spec.when = when == "now" ? W::now : W::soon;
    spec.why = why == "fail" ? Y::fail : why == "success" ? Y::success : Y::done;
  }
  if (!ok)
    return fail("invalid value for --halt: '" + std::string(text) +
                "' (expected now|soon,fail|success|done=N or =P%, or 0, 1, 2, -1, -2)");
  return spec;
}

bool halt_reached(const HaltSpec& spec, std::uint64_t ok, std::uint64_t not_ok,
                  std::uint64_t total) {
  if (spec.when == HaltSpec::When::never) return false;
  std::uint64_t count = spec.why == HaltSpec::Why::fail      ? not_ok
                        : spec.why == HaltSpec::Why::success ? ok
                                                             : ok + not_ok;
  if (!spec.percent) return static_cast<double>(count) >= spec.value;
  if (total == 0) return false;
  return static_cast<double>(count) * 100.0 >= spec.value * static_cast<double>(total);
}

HaltDecision decide_halt(const HaltSpec& spec, const HaltCounts& counted, const HaltCounts& run,
                         const JobEnd& job) {
  HaltDecision d;
  if (halt_notice(spec, job.status == Status::ok).empty()) return d;
  if (!halt_reached(spec, counted.ok, counted.not_ok, counted.total)) return d;
  d.action = spec.when == HaltSpec::When::now ? HaltDecision::Action::end_running
                                               : HaltDecision::Action::stop_starting;
  if (spec.why == HaltSpec::Why::success)
    d.exit_status = 0;
  else if (comes_to_one_job(spec, run.total))
    d.exit_status = job_exit_status(job);
  else if (spec.percent)
    d.exit_status = percent_of(run.not_ok, run.total);
  else
    d.exit_status = exit_status_for(run.not_ok);
  return d;
}

int exit_status_unhalted(const HaltSpec& spec, const HaltCounts& run, bool staged) {
  if (spec.when != HaltSpec::When::never && spec.percent && !staged)
    return percent_of(run.not_ok, run.ok + run.not_ok);
  return exit_status_for(run.not_ok);
}

std::string halt_notice(const HaltSpec& spec, bool job_ok) {
  if (spec.when == HaltSpec::When::never) return {};
  switch (spec.why) {
    case HaltSpec::Why::fail: return job_ok ? "" : "This job failed:";
    case HaltSpec::Why::success: return job_ok ? "This job succeeded:" : "";
    case HaltSpec::Why::done: return "This job finished:";
  }
  return {};
}

}  // namespace shoal::cli

// The Runner's jobs without processes (ninja's FakeCommandRunner): a
// JobLauncher that records each command the Runner starts and lets the
// test end any running one, in any order, with the Result it chooses. The
// Runner's policy -- the scheduler, retries, --halt, -k, the records -- is
// the real one; only the processes are not there. See cli/job_launcher.hpp.
#pragma once

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "job_launcher.hpp"

namespace shoal::cli::testing {

class FakeLauncher final : public JobLauncher {
 public:
  struct Job {
    Command command;
    Done done;
    OutputListener listener;
    bool running = true;
  };

  std::variant<JobId, Result> start(const Command& command, Done done,
                                    OutputListener listener) override {
    if (!refusals_.empty()) {
      ++refused_;
      Result r = std::move(refusals_.back());
      refusals_.pop_back();
      return r;
    }
    jobs_.push_back({command, std::move(done), std::move(listener)});
    ++running_;
    most_running_ = std::max(most_running_, running_);
    return JobId{jobs_.size()};
  }
  void signal_all(int signum) override { signals_.push_back(signum); }
  void end_all() override { ++end_alls_; }
  void signal_left_behind(int) override {}
  // Nothing is ever left behind: done at once.
  void end_left_behind(std::chrono::milliseconds, std::function<void()> done) override { done(); }

  // The next start does not happen: it returns `result` at once, as the
  // engine does when a command cannot start.
  void refuse_next(Result result) { refusals_.push_back(std::move(result)); }
  std::size_t refused() const { return refused_; }

  // Ends the `i`th job started (from 0) with `result`, as the engine would
  // from the loop: the Runner may start the next ones before this returns.
  void finish(std::size_t i, Result result) {
    Job& job = jobs_.at(i);
    if (!job.running) throw std::logic_error("job " + std::to_string(i) + " has ended already");
    job.running = false;
    --running_;
    Done done = std::move(job.done);  // jobs_ may grow while it runs
    done(std::move(result));
  }

  // The `i`th command started, as one line: its argv joined, or its script.
  std::string line(std::size_t i) const {
    const Command& c = jobs_.at(i).command;
    if (c.argv.empty()) return c.script;
    std::string line;
    for (const auto& word : c.argv) {
      if (!line.empty()) line += ' ';
      line += word;
    }
    return line;
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> all;
    for (std::size_t i = 0; i < jobs_.size(); ++i) all.push_back(line(i));
    return all;
  }
  const Job& job(std::size_t i) const { return jobs_.at(i); }
  std::size_t started() const { return jobs_.size(); }
  std::size_t running() const { return running_; }
  // The most that ever ran at once.
  std::size_t most_running() const { return most_running_; }
  const std::vector<int>& signals() const { return signals_; }
  int end_alls() const { return end_alls_; }

 private:
  std::vector<Job> jobs_;
  std::size_t running_ = 0;
  std::size_t most_running_ = 0;
  std::vector<int> signals_;
  int end_alls_ = 0;
  std::vector<Result> refusals_;
  std::size_t refused_ = 0;
};

// A job's Result as a process would have left it.
inline Result exited(int code, std::string_view out = {}, std::string_view err = {}) {
  Result r;
  r.status = code == 0 ? Status::ok : Status::failed;
  r.exit_code = code;
  r.out.append(out);
  r.err.append(err);
  r.start = r.end = std::chrono::steady_clock::now();
  r.wall_start = std::chrono::system_clock::now();
  return r;
}

// A start that failed: `error_code` EMFILE, EAGAIN... is a shortage the
// Runner waits out; ENOENT, EACCES... the job's own end.
inline Result not_started(int error_code, std::string error) {
  Result r = exited(0);
  r.status = Status::error;
  r.exit_code = -1;
  r.error_code = error_code;
  r.error = std::move(error);
  return r;
}

inline Result killed_by(int signum, std::string_view out = {}) {
  Result r = exited(0, out);
  r.status = Status::killed;
  r.exit_code = -1;
  r.signal = signum;
  return r;
}

}  // namespace shoal::cli::testing

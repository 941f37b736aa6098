// The Runner's policy driven through its seam (cli/job_launcher.hpp): the
// real Runner, made as run() makes it, with a FakeLauncher in place of the
// engine. Each test starts a run, ends its jobs in the order it chooses with
// the Results it chooses, and looks at what the Runner did: which commands
// it started and when, what it printed, what it recorded, how it ended.
// No process runs; no test waits.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_launcher.hpp"
#include "run.hpp"
#include "runner.hpp"

using namespace shoal::cli;
using namespace shoal::cli::testing;

namespace {

// An unlinked temporary file.
int temp_file() {
  std::string path = ::testing::TempDir() + "runner_test_XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  ::unlink(path.c_str());
  return fd;
}

std::string read_all(int fd) {
  std::string all;
  char buf[4096];
  for (off_t at = 0;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n <= 0) return all;
    all.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
}

// shoal's stdout and stderr go to files while a run is on. Files never
// stall, so the Reporter writes to them at once, on this thread: what a
// job printed is there as soon as its end has been handled.
class Captured {
 public:
  Captured() {
    std::fflush(stdout);
    std::fflush(stderr);
    saved_out_ = ::dup(1);
    saved_err_ = ::dup(2);
    out_ = temp_file();
    err_ = temp_file();
    ::dup2(out_, 1);
    ::dup2(err_, 2);
  }
  ~Captured() {
    restore();
    for (int fd : {saved_out_, saved_err_, out_, err_}) ::close(fd);
  }
  void restore() {
    if (restored_) return;
    restored_ = true;
    ::dup2(saved_out_, 1);
    ::dup2(saved_err_, 2);
  }
  std::string out() const { return read_all(out_); }
  std::string err() const { return read_all(err_); }

 private:
  int saved_out_ = -1, saved_err_ = -1, out_ = -1, err_ = -1;
  bool restored_ = false;
};

// One run of `shoal ARGS...` whose jobs are the test's to end.
class FakeRun {
 public:
  explicit FakeRun(std::vector<const char*> args) {
    args.insert(args.begin(), "shoal");
    ParsedCommandLine parsed = parse_command_line(static_cast<int>(args.size()), args.data());
    if (!parsed.options) throw std::runtime_error("bad test command line: " + parsed.message);
    options_ = std::move(*parsed.options);
    auto made = make_runner(options_, &fake);
    if (!std::holds_alternative<std::unique_ptr<Runner>>(made))
      throw std::runtime_error("the run did not start: " + capture_.err());
    runner_ = std::move(std::get<std::unique_ptr<Runner>>(made));
    if (runner_->begin()) throw std::runtime_error("the run did not start: " + capture_.err());
  }
  ~FakeRun() {
    capture_.restore();
    // A failing test shows what the run printed (gtest's own words among it).
    if (::testing::Test::HasFailure()) std::cout << capture_.out() << capture_.err();
  }

  // Every job must have ended: the loop then has nothing to wait for.
  Ending end() { return runner_->end(); }
  std::string out() const { return capture_.out(); }
  std::string err() const { return capture_.err(); }

  FakeLauncher fake;

 private:
  Captured capture_;  // before the Runner: its writer must see the files
  Options options_;
  std::unique_ptr<Runner> runner_;
};

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

std::string temp_path(const std::string& name) {
  std::string path = ::testing::TempDir() + "runner_test_" + name + "_" + std::to_string(::getpid());
  std::remove(path.c_str());
  return path;
}

std::vector<std::vector<std::string>> joblog_rows(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, '\t');) fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}
// Joblog columns: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command.
constexpr std::size_t seq_col = 0, exitval_col = 6, signal_col = 7, command_col = 8;

}  // namespace

TEST(Runner, NeverMoreThanJobsAtOnce) {
  FakeRun run({"-j", "2", "echo", ":::", "a", "b", "c", "d", "e"});
  ASSERT_EQ(run.fake.started(), 2u);
  EXPECT_TRUE(ends_with(run.fake.line(0), "echo a")) << run.fake.line(0);
  EXPECT_TRUE(ends_with(run.fake.line(1), "echo b")) << run.fake.line(1);
  run.fake.finish(1, exited(0, "b\n"));
  ASSERT_EQ(run.fake.started(), 3u);  // one ended, one more started
  EXPECT_TRUE(ends_with(run.fake.line(2), "echo c"));
  run.fake.finish(2, exited(0, "c\n"));
  run.fake.finish(0, exited(0, "a\n"));
  ASSERT_EQ(run.fake.started(), 5u);
  run.fake.finish(4, exited(0, "e\n"));
  run.fake.finish(3, exited(0, "d\n"));
  Ending e = run.end();
  EXPECT_EQ(e.status, 0);
  EXPECT_EQ(run.fake.most_running(), 2u);
  EXPECT_EQ(run.out(), "b\nc\na\ne\nd\n");  // as they ended
}

TEST(Runner, KeepOrderPrintsInInputOrderWhateverTheFinishOrder) {
  FakeRun run({"-k", "-j", "3", "echo", ":::", "a", "b", "c", "d"});
  ASSERT_EQ(run.fake.started(), 3u);
  run.fake.finish(2, exited(0, "c\n"));
  run.fake.finish(1, exited(0, "b\n"));
  EXPECT_EQ(run.out(), "");  // held behind a
  ASSERT_EQ(run.fake.started(), 4u);  // d started
  run.fake.finish(0, exited(0, "a\n"));
  EXPECT_EQ(run.out(), "a\nb\nc\n");
  run.fake.finish(3, exited(0, "d\n"));
  EXPECT_EQ(run.end().status, 0);
  EXPECT_EQ(run.out(), "a\nb\nc\nd\n");
}

TEST(Runner, JoblogHasOneLinePerJobInFinishOrder) {
  std::string joblog = temp_path("joblog");
  {
    FakeRun run({"-j", "3", "--joblog", joblog.c_str(), "cmd", ":::", "a", "b", "c"});
    run.fake.finish(1, exited(2));
    run.fake.finish(2, killed_by(SIGKILL));
    run.fake.finish(0, exited(0));
    EXPECT_EQ(run.end().status, 2);  // two jobs failed
  }
  auto rows = joblog_rows(joblog);
  std::remove(joblog.c_str());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][seq_col], "2");
  EXPECT_EQ(rows[0][exitval_col], "2");
  EXPECT_EQ(rows[0][command_col], "cmd b");
  EXPECT_EQ(rows[1][seq_col], "3");
  EXPECT_EQ(rows[1][signal_col], "9");
  EXPECT_EQ(rows[2][seq_col], "1");
  EXPECT_EQ(rows[2][exitval_col], "0");
}

TEST(Runner, JsonRecordsAJobWithTheOutputItsLastTryPrinted) {
  FakeRun run({"--json", "--retries", "2", "cmd", ":::", "a"});
  run.fake.finish(0, exited(1, "first\n"));
  ASSERT_EQ(run.fake.started(), 2u);
  run.fake.finish(1, exited(0, "second\n"));
  EXPECT_EQ(run.end().status, 0);
  std::string out = run.out();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;  // one record
  EXPECT_NE(out.find("\"seq\":1"), std::string::npos) << out;
  EXPECT_NE(out.find("second"), std::string::npos) << out;
  EXPECT_EQ(out.find("first"), std::string::npos) << out;
}

TEST(Runner, RetriesRunAFailedJobAgainBeforeNewInput) {
  std::string joblog = temp_path("retries");
  {
    FakeRun run({"-j", "1", "--retries", "3", "--joblog", joblog.c_str(), "cmd", ":::", "a", "b"});
    run.fake.finish(0, exited(1, "no\n"));
    ASSERT_EQ(run.fake.started(), 2u);
    EXPECT_EQ(run.fake.line(1), run.fake.line(0));  // a again, not b
    run.fake.finish(1, exited(0, "a\n"));
    ASSERT_EQ(run.fake.started(), 3u);
    EXPECT_TRUE(ends_with(run.fake.line(2), "cmd b"));
    run.fake.finish(2, exited(0, "b\n"));
    EXPECT_EQ(run.end().status, 0);
    EXPECT_EQ(run.out(), "a\nb\n");  // a failed try's output is not shown
  }
  auto rows = joblog_rows(joblog);
  std::remove(joblog.c_str());
  ASSERT_EQ(rows.size(), 2u);  // one line a job, whatever its tries
  EXPECT_EQ(rows[0][seq_col], "1");
  EXPECT_EQ(rows[0][exitval_col], "0");
}

TEST(Runner, RetriesGiveUpAfterTheirTries) {
  FakeRun run({"--retries", "2", "cmd", ":::", "a"});
  run.fake.finish(0, exited(3));
  ASSERT_EQ(run.fake.started(), 2u);
  run.fake.finish(1, exited(3));
  EXPECT_EQ(run.fake.started(), 2u);
  EXPECT_EQ(run.end().status, 1);  // one job failed
}

TEST(Runner, HaltNowFailEndsTheRunningJobsAndStartsNoMore) {
  FakeRun run({"-j", "3", "--halt", "now,fail=1", "cmd", ":::", "a", "b", "c", "d"});
  run.fake.finish(1, exited(4));
  EXPECT_EQ(run.fake.end_alls(), 1);
  EXPECT_EQ(run.fake.started(), 3u);  // d never starts
  run.fake.finish(0, killed_by(SIGTERM));
  run.fake.finish(2, killed_by(SIGTERM));
  EXPECT_EQ(run.fake.started(), 3u);
  EXPECT_EQ(run.end().status, 4);  // as GNU parallel's: the failed job's own
  EXPECT_NE(run.err().find("This job failed:\ncmd b"), std::string::npos) << run.err();
}

TEST(Runner, HaltSoonFailWaitsForTheRunningJobs) {
  FakeRun run({"-j", "3", "--halt", "soon,fail=1", "cmd", ":::", "a", "b", "c", "d"});
  run.fake.finish(0, exited(1));
  EXPECT_EQ(run.fake.end_alls(), 0);
  EXPECT_NE(run.err().find("Starting no more jobs. Waiting for 2 jobs to finish."),
            std::string::npos)
      << run.err();
  run.fake.finish(2, exited(0));
  run.fake.finish(1, exited(0));
  EXPECT_EQ(run.fake.started(), 3u);
  EXPECT_EQ(run.end().status, 1);
}

TEST(Runner, HaltNowSuccessEndsTheRunWithStatusZero) {
  FakeRun run({"-j", "2", "--halt", "now,success=1", "cmd", ":::", "a", "b", "c"});
  run.fake.finish(0, exited(1));
  EXPECT_EQ(run.fake.started(), 3u);  // a failure does not count
  run.fake.finish(2, exited(0));
  EXPECT_EQ(run.fake.end_alls(), 1);
  run.fake.finish(1, killed_by(SIGTERM));
  EXPECT_EQ(run.end().status, 0);
}

TEST(Runner, KeepOrderWithHaltPrintsWhatEndedInInputOrder) {
  FakeRun run({"-k", "-j", "3", "--halt", "now,fail=1", "cmd", ":::", "a", "b", "c"});
  run.fake.finish(2, exited(0, "c\n"));
  run.fake.finish(1, exited(5, "b\n"));
  EXPECT_EQ(run.out(), "");
  run.fake.finish(0, killed_by(SIGTERM, "a\n"));
  EXPECT_EQ(run.end().status, 5);
  EXPECT_EQ(run.out(), "a\nb\nc\n");
}

TEST(Runner, OutOfFdsAJobWaitsForARunningOneAndFewerRunFromThenOn) {
  FakeRun run({"-j", "2", "cmd", ":::", "a", "b", "c", "d"});
  ASSERT_EQ(run.fake.started(), 2u);
  run.fake.refuse_next(not_started(EMFILE, "Too many open files"));
  run.fake.finish(0, exited(0));
  EXPECT_EQ(run.fake.refused(), 1u);
  EXPECT_EQ(run.fake.started(), 2u);  // c put back, to start once b ends
  EXPECT_NE(run.err().find("warning: Too many open files; running at most 1 jobs at once from "
                           "now on"),
            std::string::npos)
      << run.err();
  run.fake.finish(1, exited(0));
  ASSERT_EQ(run.fake.started(), 3u);
  EXPECT_TRUE(ends_with(run.fake.line(2), "cmd c"));
  EXPECT_EQ(run.fake.running(), 1u);  // d waits: one at a time now
  run.fake.finish(2, exited(0));
  ASSERT_EQ(run.fake.started(), 4u);
  run.fake.finish(3, exited(0));
  EXPECT_EQ(run.end().status, 0);
}

TEST(Runner, AJobThatCannotStartForItselfHasItsRecordAndTheRunGoesOn) {
  std::string joblog = temp_path("not_started");
  {
    FakeRun run({"-j", "1", "--joblog", joblog.c_str(), "cmd", ":::", "a", "b"});
    run.fake.refuse_next(not_started(ENOENT, "cmd: not found"));
    run.fake.finish(0, exited(0));
    EXPECT_EQ(run.fake.refused(), 1u);
    EXPECT_EQ(run.fake.running(), 0u);
    EXPECT_EQ(run.end().status, 1);  // one job failed
  }
  auto rows = joblog_rows(joblog);
  std::remove(joblog.c_str());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][seq_col], "2");
  EXPECT_EQ(rows[1][exitval_col], "127");  // as a shell says "not found"
}

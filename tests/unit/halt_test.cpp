// --halt's reading and its exit-status ladder, every form, against what
// GNU parallel 20221122 does with the same jobs: each expected status below
// is what `parallel -j1 --halt SPEC ::: "exit 3" "exit 4" "exit 0" "exit 0"`
// (or the jobs named) exits with.
#include "halt.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace shoal::cli {
namespace {

HaltSpec spec_of(const char* text) {
  auto spec = parse_halt(text);
  EXPECT_TRUE(spec) << text << ": " << spec.error();
  return spec ? *spec : HaltSpec{};
}

JobEnd exits(int code) { return {code == 0 ? Status::ok : Status::failed, code, 0}; }

// What a run of these jobs one at a time does: the exit status, and
// whether --halt stopped it (and how).
struct Outcome {
  int status = 0;
  HaltDecision::Action action = HaltDecision::Action::go_on;
  std::size_t ran = 0;  // jobs ended when it stopped
};

Outcome run(const char* text, const std::vector<JobEnd>& jobs) {
  HaltSpec spec = spec_of(text);
  HaltCounts counts;
  counts.total = jobs.size();
  for (const JobEnd& job : jobs) {
    ++(job.status == Status::ok ? counts.ok : counts.not_ok);
    HaltDecision d = decide_halt(spec, counts, counts, job);
    if (d.action != HaltDecision::Action::go_on)
      return {d.exit_status, d.action, counts.ok + counts.not_ok};
  }
  return {exit_status_unhalted(spec, counts, false), HaltDecision::Action::go_on, jobs.size()};
}

const std::vector<JobEnd> kJobs{exits(3), exits(4), exits(0), exits(0)};
using A = HaltDecision::Action;

TEST(Halt, NowAndSoonDecideWhetherRunningJobsEnd) {
  EXPECT_EQ(run("now,fail=1", kJobs).action, A::end_running);
  EXPECT_EQ(run("soon,fail=1", kJobs).action, A::stop_starting);
}

TEST(Halt, FailOneExitsWithTheJobsStatus) {
  EXPECT_EQ(run("now,fail=1", kJobs).status, 3);
  EXPECT_EQ(run("soon,fail=1", kJobs).status, 3);
  EXPECT_EQ(run("soon,fail=1", kJobs).ran, 1u);
}

TEST(Halt, FailNExitsWithTheFailuresSoFar) {
  Outcome o = run("soon,fail=2", kJobs);
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.ran, 2u);
}

TEST(Halt, SuccessExitsZero) {
  Outcome o = run("now,success=1", kJobs);
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.ran, 3u);  // the first job that succeeded
}

TEST(Halt, DoneCountsEveryJob) {
  EXPECT_EQ(run("now,done=1", kJobs).status, 3);
  Outcome two = run("soon,done=2", kJobs);
  EXPECT_EQ(two.status, 2);
  EXPECT_EQ(two.ran, 2u);
  // done=1 after a job that succeeded: its status, 0.
  EXPECT_EQ(run("now,done=1", {exits(0), exits(5)}).status, 0);
}

TEST(Halt, PercentExitsWithThePercentageFailed) {
  EXPECT_EQ(run("soon,fail=50%", kJobs).status, 50);
  // 30% of 4 is reached at the second failure: 2 of 4.
  EXPECT_EQ(run("now,fail=30%", kJobs).status, 50);
  EXPECT_EQ(run("now,fail=30%", kJobs).ran, 2u);
}

TEST(Halt, PercentThatComesToOneJobExitsWithItsStatus) {
  // GNU parallel makes 25% of 4 jobs a count of 1, then reads it as fail=1.
  EXPECT_EQ(run("25%", kJobs).status, 3);
  EXPECT_EQ(run("soon,fail=25%", kJobs).status, 3);
}

TEST(Halt, PercentNeverReachedStillGivesThePercentageFailed) {
  EXPECT_EQ(run("soon,fail=90%", {exits(3), exits(0), exits(0)}).status, 34);
  // ... but not with --stages: there the gate judges a stage's share.
  HaltCounts counts{2, 1, 3};
  EXPECT_EQ(exit_status_unhalted(spec_of("soon,fail=90%"), counts, true), 1);
}

TEST(Halt, LegacyForms) {
  EXPECT_EQ(run("0", kJobs).status, 2);  // never: the count of failures
  EXPECT_EQ(run("0", kJobs).action, A::go_on);
  EXPECT_EQ(run("1", kJobs).status, 3);
  EXPECT_EQ(run("1", kJobs).action, A::stop_starting);
  EXPECT_EQ(run("2", kJobs).status, 3);
  EXPECT_EQ(run("2", kJobs).action, A::end_running);
  EXPECT_EQ(run("-1", kJobs).status, 0);
  EXPECT_EQ(run("-1", kJobs).action, A::stop_starting);
  EXPECT_EQ(run("-2", kJobs).status, 0);
  EXPECT_EQ(run("-2", kJobs).action, A::end_running);
  EXPECT_EQ(run("50%", kJobs).status, 50);
  EXPECT_EQ(run("50%", kJobs).action, A::stop_starting);
  // -1 when no job succeeds: the count of failures.
  EXPECT_EQ(run("-1", {exits(3), exits(4)}).status, 2);
}

TEST(Halt, JobStatusReadAsAShellShowsIt) {
  // `kill -9 $$`: 128+9; a --timeout: 255; a command not found: 127.
  EXPECT_EQ(run("now,fail=1", {{Status::killed, 0, 9}}).status, 137);
  EXPECT_EQ(run("now,fail=1", {{Status::timeout, 0, 15}}).status, 255);
  EXPECT_EQ(run("now,fail=1", {{Status::error, 0, 0}}).status, 127);
  // ssh could not reach the host: its 255.
  EXPECT_EQ(run("now,fail=1", {{Status::error, 255, 0}}).status, 255);
}

TEST(Halt, ManyFailuresExit101) {
  std::vector<JobEnd> jobs(150, exits(1));
  EXPECT_EQ(run("soon,fail=120", jobs).status, 101);
}

TEST(Halt, JobsThatDoNotCountChangeNothing) {
  HaltSpec spec = spec_of("now,fail=1");
  HaltCounts counts{1, 0, 4};
  EXPECT_EQ(decide_halt(spec, counts, counts, exits(0)).action, A::go_on);
}

TEST(Halt, ParseRejectsWhatGnuParallelRejects) {
  for (const char* bad :
       {"", "3", "sometime,fail=1", "now,oops=1", "now,fail=", "now,fail=x", "now=1"}) {
    auto spec = parse_halt(bad);
    EXPECT_FALSE(spec) << bad;
    EXPECT_NE(spec.error().find("--halt"), std::string::npos);
  }
}

}  // namespace
}  // namespace shoal::cli

#include "joblog.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include <unistd.h>

using namespace shoal::cli;
using shoal::Result;
using shoal::Status;

namespace {
Result result(Status status, int exit_code = 0, int signal = 0, int error_code = 0) {
  Result r;
  r.status = status;
  r.exit_code = exit_code;
  r.signal = signal;
  r.error_code = error_code;
  r.wall_start = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795420530995));
  r.start = std::chrono::steady_clock::time_point(std::chrono::milliseconds(1000));
  r.end = r.start + std::chrono::milliseconds(4);
  return r;
}
}  // namespace

TEST(Joblog, HeaderIsGnuParallels) {
  EXPECT_EQ(joblog_header(),
            "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n");
}

TEST(Joblog, LineMatchesGnuParallelByteForByte) {
  // As GNU parallel 20221122 wrote it for the same job.
  auto e = joblog_entry(1, result(Status::ok), "sleep 0; exit 0");
  EXPECT_EQ(format_joblog_line(e), "1\t:\t1795420530.995\t     0.004\t0\t0\t0\t0\tsleep 0; exit 0\n");
}

TEST(Joblog, TimeoutIsMinusOneAndSignal15) {
  auto e = joblog_entry(2, result(Status::timeout, -1, 15), "sleep 3");
  EXPECT_EQ(e.exitval, -1);
  EXPECT_EQ(e.signal, 15);
}

TEST(Joblog, FailedKeepsItsExitCode) { EXPECT_EQ(joblog_entry(3, result(Status::failed, 3), "x").exitval, 3); }

TEST(Joblog, KilledIsExit0WithTheSignal) {
  auto e = joblog_entry(1, result(Status::killed, -1, 9), "kill -9 $$");
  EXPECT_EQ(e.exitval, 0);
  EXPECT_EQ(e.signal, 9);
}

TEST(Joblog, NotStartedLooksLikeTheShellsCodes) {
  EXPECT_EQ(joblog_entry(1, result(Status::error, -1, 0, ENOENT), "x").exitval, 127);
  EXPECT_EQ(joblog_entry(1, result(Status::error, -1, 0, EACCES), "x").exitval, 126);
}

TEST(Joblog, NewlinesInTheCommandBecomeNul) {
  auto e = joblog_entry(1, result(Status::ok), "echo a\necho b");
  std::string line = format_joblog_line(e);
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_NE(line.find(std::string("a\0echo", 6)), std::string::npos);
}

namespace {
// What read_joblog makes of a joblog that must be one.
JoblogHistory history_of(const std::string& path, bool per_host) {
  auto read = read_joblog(path, per_host);
  EXPECT_TRUE(read) << read.error();
  return read ? std::move(*read) : JoblogHistory{};
}
}  // namespace

TEST(JoblogRead, ParsesWhatItWrites) {
  auto e = joblog_entry(12, result(Status::failed, 3), "echo a\tb\necho c");
  std::string line = format_joblog_line(e);
  line.pop_back();
  JoblogEntry back;
  ASSERT_TRUE(parse_joblog_line(line, back));
  EXPECT_EQ(back.seq, 12u);
  EXPECT_EQ(back.exitval, 3);
  EXPECT_EQ(back.command, "echo a\tb\necho c");
}

TEST(JoblogRead, RejectsGarbage) {
  JoblogEntry e;
  EXPECT_FALSE(parse_joblog_line("not a joblog line", e));
  EXPECT_FALSE(parse_joblog_line("x\t:\t1.0\t1.0\t0\t0\t0\t0\tcmd", e));
}

namespace {
std::string write_joblog(const std::string& lines) {
  // A file of this test's own: ctest runs the tests of this binary at once,
  // each in its own process.
  std::string path = ::testing::TempDir() + "joblog_history_" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
                     std::to_string(::getpid());
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs((joblog_header() + lines).c_str(), f);
  std::fclose(f);
  return path;
}
}  // namespace

TEST(JoblogRead, PerHostHistoryKeepsEveryHostsLineOfOneSeq) {
  // --onall: seq 1 ran on two hosts, failed on one; a later line wins.
  std::string path = write_joblog(
      "1\th1\t1.0\t0.1\t0\t0\t0\t0\tcmd\n"
      "1\th2\t1.0\t0.1\t0\t0\t1\t0\tcmd\n"
      "2\th1\t1.0\t0.1\t0\t0\t1\t0\tcmd\n"
      "2\th1\t2.0\t0.1\t0\t0\t0\t0\tcmd\n");
  JoblogHistory h = history_of(path, true);
  EXPECT_EQ(h.jobs.size(), 3u);
  EXPECT_TRUE(h.succeeded({1, "h1"}));
  EXPECT_TRUE(h.done({1, "h2"}));
  EXPECT_FALSE(h.succeeded({1, "h2"}));
  EXPECT_TRUE(h.succeeded({2, "h1"}));
  EXPECT_FALSE(h.done({2, "h2"}));
}

TEST(JoblogRead, BySeqAloneTheLastLineOfASeqWinsWhateverItsHost) {
  // A spread job re-run on another host is the same job.
  std::string path = write_joblog(
      "1\th1\t1.0\t0.1\t0\t0\t1\t0\tcmd\n"
      "1\th2\t2.0\t0.1\t0\t0\t0\t0\tcmd\n");
  JoblogHistory h = history_of(path, false);
  EXPECT_EQ(h.jobs.size(), 1u);
  EXPECT_TRUE(h.succeeded({1, ""}));
}

TEST(JoblogRead, EveryColumnMustBeOneOfGnuParallelsNumbers) {
  JoblogEntry e;
  ASSERT_TRUE(parse_joblog_line("2\t:\t1.5\t     0.100\t0\t4\t-1\t15\tcmd\twith tab", e));
  EXPECT_EQ(e.command, "cmd\twith tab");
  // Torn lines glued to the next: a stray byte anywhere fails the line.
  EXPECT_FALSE(parse_joblog_line("1\t:\t179613\t:\t1.000\t     0.000\t0\t0\t0\t0\tcmd", e));
  EXPECT_FALSE(parse_joblog_line(" 2\t:\t1.5\t0.1\t0\t4\t0\t0\tcmd", e));
  EXPECT_FALSE(parse_joblog_line("0\t:\t1.5\t0.1\t0\t4\t0\t0\tcmd", e));
  EXPECT_FALSE(parse_joblog_line("2\t\t1.5\t0.1\t0\t4\t0\t0\tcmd", e));
  EXPECT_FALSE(parse_joblog_line("2\t:\tinf\t0.1\t0\t4\t0\t0\tcmd", e));
  EXPECT_FALSE(parse_joblog_line("2\t:\t1.5\t0.1\t-1\t4\t0\t0\tcmd", e));
  EXPECT_FALSE(parse_joblog_line("2\t:\t1.5\t0.1\t0\t4\t0\t-0x\tcmd", e));
}

TEST(JoblogRead, ALastLineWithoutItsNewlineWasCutShortAndDidNotHappen) {
  // Even when what is there parses: the command is cut short.
  std::string path = write_joblog("1\t:\t1.0\t0.1\t0\t0\t0\t0\tcmd\n2\t:\t1.0\t0.1\t0\t0\t0\t0\tcm");
  JoblogHistory h = history_of(path, false);
  EXPECT_TRUE(h.done({1, ""}));
  EXPECT_FALSE(h.done({2, ""}));
}

TEST(JoblogRead, AMalformedLineBeforeTheLastIsAnErrorNamingIt) {
  std::string path = write_joblog("1\t:\t1.0\t0.1\t0\t0\t0\t0\tcmd\n2\t:\t1.0\t0.1\t0\t0\t0\t0\tc1\t:\t2\n"
                                  "3\t:\t1.0\t0.1\t0\t0\t0\t0\tcmd\n");
  EXPECT_EQ(read_joblog(path, false).error(), "");  // a TAB in the command is fine
  path = write_joblog("1\t:\t1.0\t0.1\t0\t0\t0\t0\tcmd\n2\t:\t1.03\t:\t1.0\t0.1\t0\t0\t0\t0\tcmd\n"
                      "4\t:\t1.0\t0.1\t0\t0\t0\t0\tcmd\n");
  auto read = read_joblog(path, false);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().find("line 3 is not a joblog line"), std::string::npos) << read.error();
}

namespace {
// What a joblog file holds after a JoblogFile opened it `how` and added one
// line; `before` is there first (nullptr: no file).
std::string joblog_after(const char* before, JoblogOpen how) {
  std::string path = ::testing::TempDir() + "joblog_open_" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
                     std::to_string(::getpid());
  std::remove(path.c_str());
  if (before) {
    FILE* f = std::fopen(path.c_str(), "w");
    std::fputs(before, f);
    std::fclose(f);
  }
  {
    auto log = JoblogFile::open(path, how);
    EXPECT_EQ(log.error(), "");
    EXPECT_EQ(log ? log->append(joblog_entry(7, result(Status::ok), "cmd")).error() : "no log", "");
  }
  FILE* f = std::fopen(path.c_str(), "r");
  std::string text;
  for (int c; (c = std::fgetc(f)) != EOF;) text += static_cast<char>(c);
  std::fclose(f);
  std::remove(path.c_str());
  return text;
}
}  // namespace

// When GNU parallel writes the header: always on a new joblog; resuming,
// only where the file is empty; --joblog +FILE, never.
TEST(JoblogOpen, TheHeaderAsGnuParallelWritesIt) {
  std::string line = format_joblog_line(joblog_entry(7, result(Status::ok), "cmd"));
  std::string old = "1\t:\t1.0\t0.1\t0\t0\t0\t0\told\n";
  EXPECT_EQ(joblog_after(old.c_str(), JoblogOpen::create), joblog_header() + line);
  EXPECT_EQ(joblog_after(nullptr, JoblogOpen::resume), joblog_header() + line);
  EXPECT_EQ(joblog_after("", JoblogOpen::resume), joblog_header() + line);
  EXPECT_EQ(joblog_after(old.c_str(), JoblogOpen::resume), old + line);
  EXPECT_EQ(joblog_after(nullptr, JoblogOpen::append), line);
  EXPECT_EQ(joblog_after("", JoblogOpen::append), line);
  EXPECT_EQ(joblog_after((joblog_header() + old).c_str(), JoblogOpen::append), joblog_header() + old + line);
}

// The run report's records and page, without processes: what a joblog line
// or a --json line says a job was, how much of stderr is kept, and that
// nothing in a job's text can break out of the page's data.
#include <gtest/gtest.h>

#include <sstream>

#include "run_report.hpp"

namespace shoal::cli {
namespace {

RunRecord read(const std::string& text, std::string* error = nullptr) {
  RunRecord record;
  std::istringstream in(text);
  auto read = read_run_log(in, "log", record);
  if (error) *error = read.error();
  else EXPECT_TRUE(read) << read.error();
  return record;
}

TEST(RunReport, JoblogLinesTellEachStatus) {
  RunRecord r = read(
      "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n"
      "1\t:\t1700000000.000\t     1.000\t0\t0\t0\t0\ttrue\n"
      "2\t:\t1700000000.500\t     0.250\t0\t0\t3\t0\tfalse\n"
      "3\t:\t1700000001.000\t    10.000\t0\t0\t-1\t15\tsleep 99\n"
      "4\t:\t1700000001.000\t     0.100\t0\t0\t0\t9\tkill -9 $$\n"
      "5\tweb1\t1700000001.000\t     0.100\t0\t0\t255\t0\tuptime\n"
      "6\t:\t1700000001.000\t     0.100\t0\t0\t255\t0\texit 255\n");
  ASSERT_EQ(r.jobs.size(), 6u);
  EXPECT_EQ(r.jobs[0].status, Status::ok);
  EXPECT_EQ(r.jobs[1].status, Status::failed);
  EXPECT_EQ(r.jobs[1].exit_code, 3);
  EXPECT_EQ(r.jobs[2].status, Status::timeout);  // Exitval -1, Signal 15: GNU parallel's timeout
  EXPECT_EQ(r.jobs[3].status, Status::killed);
  EXPECT_EQ(r.jobs[4].status, Status::error);   // ssh's 255 on another host: unreachable
  EXPECT_EQ(r.jobs[5].status, Status::failed);  // 255 on this machine is the job's own
  EXPECT_DOUBLE_EQ(r.jobs[1].start, 1700000000.5);
  EXPECT_DOUBLE_EQ(r.jobs[1].duration, 0.25);
  EXPECT_FALSE(r.has_stderr);
  EXPECT_NE(r.no_stderr_reason.find("joblog"), std::string::npos);
}

TEST(RunReport, JsonLinesKeepTheStderrOfJobsNotOk) {
  RunRecord r = read(
      R"({"seq":1,"host":":","command":"a","status":"ok","exit":0,"signal":0,"start":10.0,"duration":1.5,"stderr":"noise\n"})"
      "\n"
      R"({"seq":2,"host":"db1","command":"b","status":"error","exit":255,"signal":0,"start":10.0,"duration":0.1,"error":"ssh: refused","stderr":""})"
      "\n"
      R"({"seq":3,"host":":","command":"c","status":"timeout","exit":null,"signal":15,"start":11.0,"duration":2.0,"stderr":"1\n2\n3\n4\n5\n6\n7\n"})"
      "\n");
  ASSERT_EQ(r.jobs.size(), 3u);
  EXPECT_TRUE(r.has_stderr);
  EXPECT_EQ(r.jobs[0].stderr_head, "");  // a job that succeeded keeps none
  EXPECT_EQ(r.jobs[1].stderr_head, "ssh: refused");
  EXPECT_EQ(r.jobs[1].host, "db1");
  EXPECT_EQ(r.jobs[2].exit_code, -1);
  EXPECT_EQ(r.jobs[2].stderr_head, "1\n2\n3\n4\n5\n\u2026");  // five lines, and a mark for the rest
}

TEST(RunReport, ALineThatIsNeitherIsNamed) {
  std::string error;
  read("1\t:\t1.0\t1.0\t0\t0\t0\t0\tok\nnot a line\n", &error);
  EXPECT_EQ(error.rfind("log line 2: not a joblog line", 0), 0u) << error;
  read("{\"seq\":1}\n", &error);
  EXPECT_EQ(error.rfind("log line 1: not a --json record", 0), 0u) << error;
  read("{\"seq\":1,\"status\":\"weird\",\"start\":1}\n", &error);
  EXPECT_EQ(error, "log line 1: unknown status 'weird'");
}

TEST(RunReport, StderrHeadIsBounded) {
  shoal::Output err;
  err.append(std::string(5000, 'x'));
  std::string head = stderr_head(err);
  EXPECT_LE(head.size(), kMaxStderrHead + 4);
  EXPECT_TRUE(head.ends_with("\u2026"));
}

TEST(RunReport, NothingInAJobBreaksOutOfThePage) {
  RunRecord r;
  r.command_line = "shoal </title><script>alert(1)</script>";
  ReportJob job;
  job.seq = 1;
  job.command = "echo '</script><script>alert(2)</script>'";
  job.status = Status::failed;
  job.exit_code = 1;
  job.stderr_head = "<!-- </script>";
  r.jobs.push_back(job);
  std::string page = render_report_html(r);
  EXPECT_EQ(page.find("alert(1)</script>"), std::string::npos);
  EXPECT_EQ(page.find("alert(2)</script>"), std::string::npos);
  EXPECT_EQ(page.find("<!-- </script>"), std::string::npos);
  EXPECT_NE(page.find("&lt;/title&gt;"), std::string::npos);  // the title, escaped
  EXPECT_NE(page.find("\\u003c/script>\\u003cscript>alert(2)"), std::string::npos);
  // One <script> of data and one of code: the page's own, nothing more.
  std::size_t scripts = 0;
  for (auto at = page.find("<script"); at != std::string::npos; at = page.find("<script", at + 1)) ++scripts;
  EXPECT_EQ(scripts, 2u);
}

TEST(RunReport, CommandsAreWrittenAsWhatTheyShareAndTheRest) {
  RunRecord r;
  for (int i = 0; i < 3; ++i) {
    ReportJob job;
    job.seq = static_cast<std::uint64_t>(i + 1);
    job.start = 100 + i;
    job.command = "nova delete vm-" + std::to_string(i);
    r.jobs.push_back(job);
  }
  std::string page = render_report_html(r);
  EXPECT_NE(page.find(R"("cp":[0,15,15])"), std::string::npos) << page.substr(page.find("\"cp\""), 40);
  EXPECT_NE(page.find(R"("cs":["nova delete vm-0","1","2"])"), std::string::npos);
  EXPECT_NE(page.find(R"("st":"000")"), std::string::npos);
  EXPECT_NE(page.find(R"("s":[0,1000000,1000000])"), std::string::npos);  // microseconds from the job before
}

}  // namespace
}  // namespace shoal::cli

#include "progress.hpp"

#include <gtest/gtest.h>

using namespace shoal::cli;

TEST(Duration, Formats) {
  EXPECT_EQ(format_duration(0.04), "0.0 s");
  EXPECT_EQ(format_duration(1.25), "1.2 s");
  EXPECT_EQ(format_duration(185), "3m05s");
  EXPECT_EQ(format_duration(7260), "2h01m");
}

TEST(StatusLine, ShowsDoneRunningFailuresRateAndEta) {
  Counts c{.ok = 40, .failed = 5, .timeout = 3, .running = 20, .total = 96};
  EXPECT_EQ(format_status_line(c, 4.8), "48/96 done, 20 running, 5 failed, 3 timed out | 10.0/s | ETA 4.8 s");
}

TEST(StatusLine, WithoutTotalNoEta) {
  Counts c{.ok = 10, .total = std::nullopt};
  EXPECT_EQ(format_status_line(c, 2), "10 done, 0 running | 5.0/s");
}

TEST(SlowestJobs, KeepsTheSlowestSlowestFirst) {
  SlowestJobs s(2);
  s.add(1.0, 1, "a");
  s.add(3.0, 2, "b");
  s.add(0.5, 3, "c");
  s.add(2.0, 4, "d");
  auto e = s.entries();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].seq, 2u);
  EXPECT_EQ(e[1].seq, 4u);
}

TEST(Summary, CountsEveryClassAndNamesTheSlowest) {
  Counts c{.ok = 7, .failed = 1, .error = 2, .total = std::nullopt};
  SlowestJobs s(1);
  s.add(2.5, 9, "nova delete x");
  std::string text = format_summary(c, 10, s);
  EXPECT_NE(text.find("10 jobs in 10.0 s (1.0/s): 7 ok, 1 failed, 0 timed out, 0 killed, 2 error"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#9  nova delete x"), std::string::npos) << text;
}

TEST(ProgressStyles, AsGnuParallelShapesThem) {
  Counts c{.ok = 3, .running = 2, .total = 10, .runtime_sum = 1.5};
  // AVG: the wall time so far per job done, as GNU parallel's.
  EXPECT_EQ(format_progress(ProgressStyle::progress, c, 3), "local:2/3/100%/1.0s ");
  EXPECT_EQ(format_progress(ProgressStyle::eta, c, 3), "ETA: 7s Left: 7 AVG: 1.00s  local:2/3/100%/1.0s ");
  // The bar: a line for zenity, the bare percentage, then the terminal's
  // width in reverse video up to 30%.
  EXPECT_EQ(format_progress(ProgressStyle::bar, c, 3, {"x y", 20}),
            "\r#   7 sec x y       \r30\r\033[7m30% 3:\033[0m7=7s x y      \033[0m");
  c.total.reset();
  EXPECT_EQ(format_progress(ProgressStyle::eta, c, 3), "ETA: ?s Left: ? AVG: 1.00s  local:2/3/100%/1.0s ");
}

TEST(ProgressStyles, HeaderAsGnuParallels) {
  EXPECT_EQ(format_progress_header(4, 2),
            "\nComputers / CPU cores / Max jobs to run\n1:local / 4 / 2\n\nComputer:jobs running/jobs "
            "completed/%of started jobs/Average seconds to complete\n");
}

TEST(HostOutcomes, NamesEachClassOfHostsFolded) {
  HostOutcomes h;
  EXPECT_EQ(format_host_outcomes(h), "");
  h.failed.add("web07");
  h.failed.add("web03");
  h.failed.add("web07");
  h.unreachable.add("db2");
  h.timed_out.add("web09");
  EXPECT_EQ(format_host_outcomes(h), "shoal: hosts failed: web[03,07]; timed out: web09; unreachable: db2\n");
}

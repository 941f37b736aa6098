// --line-buffer: whole lines as they arrive, never a line of one job torn by
// another's, a job's unfinished last line at its end. Through an
// OutputWriter without a loop, which writes at once, into temporary files.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "line_printer.hpp"
#include "output_writer.hpp"
#include "temp_file.hpp"

using namespace shoal::cli;

namespace {

struct Lines {
  explicit Lines(bool tag = false) : printer(writer, tag) {}
  test_support::TempFile out, err;
  OutputWriter writer{out.fd(), err.fd(), {}};
  LinePrinter printer;
};

}  // namespace

TEST(LinePrinter, LinesOfTwoJobsNeverTear) {
  Lines l;
  l.printer.output(1, "", 1, "one from 1, ");
  l.printer.output(2, "", 1, "one from 2\ntwo fr");
  EXPECT_EQ(l.out.contents(), "one from 2\n");
  l.printer.output(1, "", 1, "whole\n");
  l.printer.output(2, "", 1, "om 2\n");
  EXPECT_EQ(l.out.contents(), "one from 2\none from 1, whole\ntwo from 2\n");
}

TEST(LinePrinter, CompleteLinesGoAtOnceTheRestAtTheEnd) {
  Lines l;
  l.printer.output(1, "", 1, "a\nb\nc");
  EXPECT_EQ(l.out.contents(), "a\nb\n");
  l.printer.output(1, "", 1, "d");
  EXPECT_EQ(l.out.contents(), "a\nb\n");
  bool ended = false;
  l.printer.finished(1, "", [&](bool delivered) { ended = delivered; });
  EXPECT_TRUE(ended);
  EXPECT_EQ(l.out.contents(), "a\nb\ncd");
}

TEST(LinePrinter, StderrHasItsOwnLinesAndIsNotCounted) {
  Lines l;
  l.printer.output(1, "", 2, "warn");
  l.printer.output(1, "", 1, "out\n");
  l.printer.output(1, "", 2, "ing\nhalf");
  EXPECT_EQ(l.err.contents(), "warning\n");
  EXPECT_EQ(l.out.contents(), "out\n");
  EXPECT_EQ(l.printer.received(1), 4u);
  l.printer.finished(1, "", {});
  EXPECT_EQ(l.err.contents(), "warning\nhalf");
  EXPECT_EQ(l.printer.received(1), 0u);  // forgotten once the job has gone
}

TEST(LinePrinter, TagPrefixesEveryLineOfBothStreams) {
  Lines l(true);
  l.printer.output(7, "host", 1, "a\nb");
  l.printer.output(7, "host", 2, "e\n");
  l.printer.finished(7, "host", {});
  EXPECT_EQ(l.out.contents(), "host\ta\nhost\tb");
  EXPECT_EQ(l.err.contents(), "host\te\n");
}

TEST(LinePrinter, ThenRunsOnceForEachJob) {
  Lines l;
  std::vector<std::uint64_t> ended;
  l.printer.output(1, "", 1, "x\n");
  l.printer.finished(2, "", [&](bool) { ended.push_back(2); });  // printed nothing
  l.printer.finished(1, "", [&](bool) { ended.push_back(1); });
  EXPECT_EQ(ended, (std::vector<std::uint64_t>{2, 1}));
}

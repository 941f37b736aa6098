// The printer writes to fds; these tests give it a temporary file, not a
// process.
#include "printer.hpp"
#include "line_printer.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <vector>

using namespace shoal::cli;

namespace {

shoal::Output output(const std::string& bytes, std::size_t threshold = 1 << 20) {
  shoal::Output o(threshold, "");
  o.append(bytes);
  return o;
}

std::string contents(int fd) {
  std::string all;
  char buf[4096];
  ssize_t n;
  off_t off = 0;
  while ((n = ::pread(fd, buf, sizeof buf, off)) > 0) {
    all.append(buf, static_cast<std::size_t>(n));
    off += n;
  }
  return all;
}

struct Files {
  FILE* out = std::tmpfile();
  FILE* err = std::tmpfile();
  ~Files() {
    std::fclose(out);
    std::fclose(err);
  }
};

}  // namespace

TEST(Printer, GroupedInFinishingOrder) {
  Files f;
  OutputWriter w(fileno(f.out), fileno(f.err), {});
  Printer p({}, w);
  p.finished(2, "b", output("two\n"), output("e2\n"));
  p.finished(1, "a", output("one\n"), output(""));
  EXPECT_EQ(contents(fileno(f.out)), "two\none\n");
  EXPECT_EQ(contents(fileno(f.err)), "e2\n");
}

TEST(Printer, KeepOrderHoldsLaterJobsBack) {
  Files f;
  OutputWriter w(fileno(f.out), fileno(f.err), {});
  Printer p({.keep_order = true}, w);
  p.finished(3, "c", output("3\n"), output(""));
  p.finished(2, "b", output("2\n"), output(""));
  EXPECT_EQ(contents(fileno(f.out)), "");
  p.finished(1, "a", output("1\n"), output(""));
  EXPECT_EQ(contents(fileno(f.out)), "1\n2\n3\n");
}

TEST(Printer, TagPrefixesEveryLine) {
  Files f;
  OutputWriter w(fileno(f.out), fileno(f.err), {});
  Printer p({.tag = true}, w);
  p.finished(1, "host1", output("a\nb\nno newline"), output(""));
  EXPECT_EQ(contents(fileno(f.out)), "host1\ta\nhost1\tb\nhost1\tno newline");
}

TEST(Printer, TagAcrossChunksOfASpilledOutput) {
  Files f;
  OutputWriter w(fileno(f.out), fileno(f.err), {});
  Printer p({.tag = true}, w);
  shoal::Output big(4, "");  // spills after 4 bytes
  big.append("ab");
  big.append("c\nde");
  big.append("f\n");
  ASSERT_TRUE(big.spilled());
  p.finished(1, "t", std::move(big), output(""));
  EXPECT_EQ(contents(fileno(f.out)), "t\tabc\nt\tdef\n");
}

TEST(Printer, BeforeWriteRunsOnlyWhenThereIsSomethingToPrint) {
  Files f;
  int calls = 0;
  OutputWriter w(fileno(f.out), fileno(f.err), [&] { ++calls; });
  Printer p({}, w);
  p.finished(1, "a", output(""), output(""));
  EXPECT_EQ(calls, 0);
  p.finished(2, "b", output("x"), output(""));
  EXPECT_EQ(calls, 1);
}

TEST(Printer, ClosedStdoutIsNoticed) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  Files f;
  auto old = std::signal(SIGPIPE, SIG_IGN);
  OutputWriter w(fds[1], fileno(f.err), {});
  Printer p({}, w);
  p.finished(1, "a", output("x\n"), output("still printed\n"));
  EXPECT_TRUE(w.stdout_closed());
  EXPECT_EQ(contents(fileno(f.err)), "still printed\n");
  std::signal(SIGPIPE, old);
  ::close(fds[1]);
}

TEST(Printer, ThenRunsWhenTheJobIsPrintedNotWhenItEnds) {
  Files f;
  std::vector<std::uint64_t> delivered;
  OutputWriter w(fileno(f.out), fileno(f.err), {});
  Printer p({.keep_order = true}, w);
  auto then = [&](std::uint64_t seq) { return [&, seq](bool ok) { if (ok) delivered.push_back(seq); }; };
  p.finished(2, "b", output("2\n"), output(""), then(2));
  p.finished(3, "c", output(""), output(""), then(3));
  EXPECT_TRUE(delivered.empty());  // held behind job 1
  p.finished(1, "a", output("1\n"), output(""), then(1));
  EXPECT_EQ(delivered, (std::vector<std::uint64_t>{1, 2, 3}));
}

TEST(Printer, FlushPrintsWhatIsHeldBehindAJobThatNeverCame) {
  Files f;
  bool printed = false;
  OutputWriter w(fileno(f.out), fileno(f.err), {});
  Printer p({.keep_order = true}, w);
  p.finished(2, "b", output("2\n"), output(""), [&](bool ok) { printed = ok; });
  p.flush();
  EXPECT_TRUE(printed);
  EXPECT_EQ(contents(fileno(f.out)), "2\n");
}

TEST(Printer, OutputThatCouldNotBeWrittenIsNotDelivered) {
  int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(full, 0) << "/dev/full: " << std::strerror(errno);
  Files f;
  std::vector<bool> delivered;
  OutputWriter w(full, fileno(f.err), {});
  Printer p({}, w);
  p.finished(1, "a", output("x\n"), output(""), [&](bool ok) { delivered.push_back(ok); });
  p.finished(2, "b", output(""), output("only stderr\n"), [&](bool ok) { delivered.push_back(ok); });
  EXPECT_EQ(delivered, (std::vector<bool>{false, true}));
  EXPECT_EQ(w.write_error(), ENOSPC);
  ::close(full);
}

TEST(LinePrinter, CountsStdoutAndSaysWhetherItAllGotThrough) {
  Files f;
  OutputWriter w(fileno(f.out), fileno(f.err), {});
  LinePrinter lp(w, false);
  lp.output(1, "", 1, "ab\nc");
  lp.output(1, "", 2, "err\n");
  EXPECT_EQ(lp.received(1), 4u);
  std::vector<bool> delivered;
  lp.finished(1, "", [&](bool ok) { delivered.push_back(ok); });
  EXPECT_EQ(delivered, (std::vector<bool>{true}));
  EXPECT_EQ(contents(fileno(f.out)), "ab\nc");
  int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(full, 0) << "/dev/full: " << std::strerror(errno);
  OutputWriter to_full(full, fileno(f.err), {});
  LinePrinter lp_full(to_full, false);
  lp_full.output(2, "", 1, "x\n");
  lp_full.finished(2, "", [&](bool ok) { delivered.push_back(ok); });
  EXPECT_EQ(delivered, (std::vector<bool>{true, false}));
  EXPECT_EQ(to_full.write_error(), ENOSPC);
  ::close(full);
}

// The OutputWriter with real fds: a pipe nobody reads must not hold up the
// caller (the loop), and what waits is bounded in memory and in fds.
#include "output_writer.hpp"
#include "printer.hpp"

#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

using namespace shoal::cli;

namespace {

OutputWriter::Job job(int stream, std::string bytes, std::function<void(bool)> done) {
  OutputWriter::Job j;
  OutputWriter::Piece& piece = j.pieces.emplace_back();
  piece.stream = stream;
  piece.bytes = std::move(bytes);
  j.done = std::move(done);
  return j;
}

int open_fds() {
  int n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  while (::readdir(d)) ++n;
  ::closedir(d);
  return n;
}

std::string contents(FILE* f) {
  std::string all;
  char buf[1 << 16];
  ssize_t n;
  off_t off = 0;
  while ((n = ::pread(fileno(f), buf, sizeof buf, off)) > 0) {
    all.append(buf, static_cast<std::size_t>(n));
    off += n;
  }
  return all;
}

}  // namespace

TEST(OutputWriter, AReaderThatDoesNotReadHoldsUpNothingButItsOwnOutput) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  FILE* err = std::tmpfile();
  std::string got;
  std::vector<int> done;
  {
    shoal::Loop loop;
    OutputWriter w(fds[1], fileno(err), {}, &loop);
    // 1 MiB into a 64 KiB pipe nobody reads yet: submit returns at once.
    w.submit(job(1, std::string(1 << 20, 'x'), [&](bool ok) { done.push_back(ok ? 1 : -1); }));
    w.submit(job(2, "after\n", [&](bool ok) { done.push_back(ok ? 2 : -2); }));
    EXPECT_TRUE(w.busy());
    EXPECT_TRUE(done.empty());
    std::thread reader([&] {
      char buf[1 << 16];
      ssize_t n;
      while (got.size() < (1u << 20) && (n = ::read(fds[0], buf, sizeof buf)) > 0)
        got.append(buf, static_cast<std::size_t>(n));
    });
    w.on_idle([&] { loop.stop(); });
    loop.run();  // until both jobs have come back
    reader.join();
    EXPECT_FALSE(w.busy());
  }
  EXPECT_EQ(done, (std::vector<int>{1, 2}));
  EXPECT_EQ(got.size(), 1u << 20);
  EXPECT_EQ(contents(err), "after\n");
  ::close(fds[0]);
  ::close(fds[1]);
  std::fclose(err);
}

TEST(OutputWriter, OutputHeldByKeepOrderIsBoundedInMemory) {
  FILE* out = std::tmpfile();
  FILE* err = std::tmpfile();
  OutputWriter w(fileno(out), fileno(err), {});
  Printer p({.keep_order = true}, w);
  const std::size_t each = 1 << 20;
  const int jobs = 80;  // 80 MiB held behind job 1: more than the bound
  for (int seq = jobs; seq >= 2; --seq) {
    shoal::Output o(2 * each, "");  // never spills by itself
    o.append(std::string(each - 2, static_cast<char>('a' + seq % 26)) + "\n");
    p.finished(static_cast<std::uint64_t>(seq), "", std::move(o), shoal::Output());
    EXPECT_LE(w.memory_waiting(), OutputWriter::memory_limit);
  }
  EXPECT_EQ(w.spool_error(), "");
  p.finished(1, "1", shoal::Output(), shoal::Output());
  EXPECT_EQ(w.memory_waiting(), 0u);
  std::string all = contents(out);
  ASSERT_EQ(all.size(), (jobs - 1) * (each - 1));
  std::size_t at = 0;
  for (int seq = 2; seq <= jobs; ++seq) {
    std::string line = std::string(each - 2, static_cast<char>('a' + seq % 26)) + "\n";
    ASSERT_EQ(all.compare(at, line.size(), line), 0) << "job " << seq;
    at += line.size();
  }
  std::fclose(out);
  std::fclose(err);
}

TEST(OutputWriter, OutputsHeldInSpillFilesDoNotKeepThemOpen) {
  FILE* out = std::tmpfile();
  FILE* err = std::tmpfile();
  OutputWriter w(fileno(out), fileno(err), {});
  Printer p({.keep_order = true, .tag = true}, w);
  int before = open_fds();
  for (int seq = 100; seq >= 2; --seq) {
    shoal::Output o(4, "");  // a spill file of its own past 4 bytes
    o.append("job " + std::to_string(seq) + "\n");
    ASSERT_TRUE(o.spilled());
    p.finished(static_cast<std::uint64_t>(seq), "t", std::move(o), shoal::Output());
  }
  // The first few keep theirs; the rest share one file.
  EXPECT_LE(open_fds() - before, static_cast<int>(OutputWriter::most_files) + 1);
  p.finished(1, "", shoal::Output(), shoal::Output());
  std::string expected;
  for (int seq = 2; seq <= 100; ++seq) expected += "t\tjob " + std::to_string(seq) + "\n";
  EXPECT_EQ(contents(out), expected);
  EXPECT_EQ(open_fds(), before + 1);  // the shared file, empty now, stays for the next
  std::fclose(out);
  std::fclose(err);
}

// --results: GNU parallel's layout of each job's stdout, stderr and seq,
// with arguments made into directory names.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "results_dir.hpp"
#include "temp_file.hpp"

using namespace shoal::cli;
using test_support::read_file;

namespace {

// A job's stdout and stderr, as the engine hands them over.
struct Outputs {
  Outputs(std::string_view out_bytes, std::string_view err_bytes) {
    out.append(out_bytes);
    err.append(err_bytes);
  }
  shoal::Output out{1 << 20, ""}, err{1 << 20, ""};
};

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

TEST(ResultsDir, AnyArgumentIsOneDirectoryName) {
  const std::pair<std::string, std::string> names[] = {
      {"plain arg", "plain arg"},
      {"a/b", "a\\_b"},
      {"a\\b", "a\\\\b"},
      {"a\tb", "a\\tb"},
      {std::string("a\0b", 3), "a\\0b"},
      {"\\_", "\\\\_"},  // not "/" read back
  };
  for (const auto& [argument, name] : names) EXPECT_EQ(results_dir_name(argument), name) << argument;
}

TEST(ResultsDir, EachArgumentUnderItsNumber) {
  EXPECT_EQ(results_job_dir("out", {"a"}), "out/1/a");
  EXPECT_EQ(results_job_dir("out", {"a", "b/c"}), "out/1/a/2/b\\_c");
  EXPECT_EQ(results_job_dir("out", {"", "x"}), "out/1/2/x");  // an empty argument: no name
  EXPECT_EQ(results_job_dir("out", {"abcdef", "xy"}, 3), "out/1/abc/2/xy");
}

TEST(ResultsDir, WritesTheThreeFiles) {
  test_support::TempDir d;
  Outputs job("out\n", "err\n");
  EXPECT_EQ(write_results(d.path(), {"a", "b"}, 7, job.out, job.err).error(), "");
  std::string dir = d.path() + "/1/a/2/b/";
  EXPECT_EQ(read_file(dir + "stdout"), "out\n");
  EXPECT_EQ(read_file(dir + "stderr"), "err\n");
  EXPECT_EQ(read_file(dir + "seq"), "7");
  EXPECT_FALSE(exists(dir + ".stdout.shoal-tmp"));
}

TEST(ResultsDir, AnArgumentTooLongForANameIsCutToTheLongest) {
  test_support::TempDir d;
  std::string long_arg(300, 'x');
  Outputs job("o", "");
  EXPECT_EQ(write_results(d.path(), {long_arg}, 1, job.out, job.err).error(), "");
  long name_max = ::pathconf(d.path().c_str(), _PC_NAME_MAX);
  ASSERT_GT(name_max, 0);
  ASSERT_LT(name_max, 300);
  std::string cut(static_cast<std::size_t>(name_max), 'x');
  EXPECT_EQ(read_file(d.path() + "/1/" + cut + "/stdout"), "o");
}

TEST(ResultsDir, APathEndingInSlashIsADirectoryAnyOtherTheStdoutFile) {
  test_support::TempDir d;
  Outputs job("o", "e");
  EXPECT_EQ(write_results_at(d / "a/b/", 3, job.out, job.err).error(), "");
  EXPECT_EQ(read_file(d / "a/b/stdout"), "o");
  EXPECT_EQ(read_file(d / "a/b/stderr"), "e");
  EXPECT_EQ(read_file(d / "a/b/seq"), "3");
  Outputs other("O", "E");
  EXPECT_EQ(write_results_at(d / "c/job", 4, other.out, other.err).error(), "");
  EXPECT_EQ(read_file(d / "c/job"), "O");
  EXPECT_EQ(read_file(d / "c/job.err"), "E");
  EXPECT_EQ(read_file(d / "c/job.seq"), "4");
}

TEST(ResultsDir, AFailureIsNamedWithThePath) {
  test_support::TempDir d;
  ASSERT_EQ(::mkdir((d / "1").c_str(), 0755), 0);
  {
    std::FILE* f = std::fopen((d / "1/a").c_str(), "w");  // a file where the directory goes
    std::fclose(f);
  }
  Outputs job("o", "");
  auto written = write_results(d.path(), {"a"}, 1, job.out, job.err);
  EXPECT_FALSE(written);
  const std::string& e = written.error();
  EXPECT_NE(e.find("cannot"), std::string::npos) << e;
  EXPECT_NE(e.find(d.path() + "/1/a"), std::string::npos) << e;
}

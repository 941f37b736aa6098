#include "jobs_spec.hpp"

#include <gtest/gtest.h>

#include <cstdint>

using namespace shoal::cli;

namespace {
std::size_t jobs(const char* text, std::size_t cpus) {
  std::string error;
  auto spec = parse_jobs_spec(text, error);
  EXPECT_TRUE(spec) << text << ": " << error;
  return spec ? resolve_jobs(*spec, cpus) : 0;
}
}  // namespace

TEST(JobsSpec, Absolute) { EXPECT_EQ(jobs("16", 2), 16u); }
TEST(JobsSpec, PercentOfCpus) {
  EXPECT_EQ(jobs("100%", 8), 8u);
  EXPECT_EQ(jobs("50%", 8), 4u);
  EXPECT_EQ(jobs("250%", 2), 5u);
  EXPECT_EQ(jobs("10%", 2), 1u);  // never below one
}
TEST(JobsSpec, RelativeToCpus) {
  EXPECT_EQ(jobs("+2", 4), 6u);
  EXPECT_EQ(jobs("-1", 4), 3u);
  EXPECT_EQ(jobs("-8", 4), 1u);
}
TEST(JobsSpec, ZeroMeansAsManyAsAllowed) { EXPECT_EQ(jobs("0", 4), SIZE_MAX); }

TEST(JobsSpec, RejectsGarbageWithAMessageNamingIt) {
  for (const char* bad : {"", "x", "1.5", "%", "-", "4x", "nan", "inf"}) {
    std::string error;
    EXPECT_FALSE(parse_jobs_spec(bad, error)) << bad;
    EXPECT_NE(error.find("-j"), std::string::npos) << error;
  }
}
TEST(JobsSpec, KeepsTheTextForMessages) {
  // A huge -j resolves to SIZE_MAX; a message quotes what the user wrote.
  std::string error;
  auto spec = parse_jobs_spec("4294967297", error);
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->text, "4294967297");
  EXPECT_EQ(resolve_jobs(*spec, 4), SIZE_MAX);
}

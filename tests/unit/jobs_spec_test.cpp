#include "jobs_spec.hpp"

#include <gtest/gtest.h>

#include <cstdint>

using namespace shoal::cli;

namespace {
std::size_t jobs(const char* text, std::size_t cpus) {
  auto spec = parse_jobs_spec(text);
  EXPECT_TRUE(spec) << text << ": " << spec.error();
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
    auto spec = parse_jobs_spec(bad);
    EXPECT_FALSE(spec) << bad;
    EXPECT_NE(spec.error().find("-j"), std::string::npos) << spec.error();
  }
}
TEST(JobsSpec, KeepsTheTextForMessages) {
  // A huge -j resolves to SIZE_MAX; a message quotes what the user wrote.
  auto spec = parse_jobs_spec("4294967297");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->text, "4294967297");
  EXPECT_EQ(resolve_jobs(*spec, 4), SIZE_MAX);
}

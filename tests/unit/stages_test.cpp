// --stages' policy without hosts: the list, the cut into stages, the gate.
#include "remote/stages.hpp"

#include <gtest/gtest.h>

using namespace shoal::cli;
using Ends = std::vector<std::size_t>;

namespace {
std::vector<StageSize> sizes(std::string_view text) {
  auto s = parse_stages(text);
  EXPECT_TRUE(s) << text << ": " << s.error();
  return s ? *s : std::vector<StageSize>{};
}
std::string parse_error(std::string_view text) {
  auto s = parse_stages(text);
  EXPECT_FALSE(s) << text;
  return s.error();
}
HaltSpec halt(std::string_view text) {
  auto spec = parse_halt(text);
  EXPECT_TRUE(spec) << spec.error();
  return spec ? *spec : HaltSpec{};
}
}  // namespace

TEST(Stages, ACanaryThenAShareThenTheRest) {
  EXPECT_EQ(plan_stages(sizes("1,10%,100%"), 500), (Ends{1, 51, 500}));
  // 10% of 5 hosts rounds down to none: a stage has at least one host.
  EXPECT_EQ(plan_stages(sizes("1,10%,100%"), 5), (Ends{1, 2, 5}));
}

TEST(Stages, TheLastSizeRepeatsUntilEveryHostHasAStage) {
  EXPECT_EQ(plan_stages(sizes("2"), 5), (Ends{2, 4, 5}));
  EXPECT_EQ(plan_stages(sizes("1,25%"), 8), (Ends{1, 3, 5, 7, 8}));
}

TEST(Stages, SizesPastTheHostsEndAtTheLastHost) {
  EXPECT_EQ(plan_stages(sizes("10,100%"), 3), (Ends{3}));
  EXPECT_EQ(plan_stages(sizes("1"), 0), (Ends{}));
}

TEST(Stages, MalformedListsSayWhy) {
  for (auto bad : {"", "0", "1,", ",1", "-1", "1.5", "101%", "0%", "x", "10%%", "1,,2", "nan"})
    EXPECT_NE(parse_error(bad).find("invalid value for --stages"), std::string::npos) << bad;
  EXPECT_EQ(sizes("2.5%").size(), 1u);  // a share may be fractional
}

TEST(StageGate, WithoutHaltAnyJobNotOkStopsTheRollout) {
  EXPECT_TRUE(stage_passes(std::nullopt, 5, 0));
  EXPECT_FALSE(stage_passes(std::nullopt, 499, 1));
  EXPECT_TRUE(stage_passes(std::nullopt, 0, 0));  // a stage with nothing left to run
}

TEST(StageGate, HaltsThresholdCountsTheStagesOwnJobs) {
  EXPECT_TRUE(stage_passes(halt("soon,fail=50%"), 2, 1));
  EXPECT_FALSE(stage_passes(halt("soon,fail=50%"), 1, 1));
  EXPECT_TRUE(stage_passes(halt("soon,fail=3"), 10, 2));
  EXPECT_FALSE(stage_passes(halt("now,fail=3"), 10, 3));
  EXPECT_TRUE(stage_passes(halt("never"), 0, 10));
}

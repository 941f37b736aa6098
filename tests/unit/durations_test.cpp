// Time values as GNU parallel writes them on its command line (--timeout,
// --delay, --retry-delay, --rate): seconds, or s/m/h/d parts added up.
#include <gtest/gtest.h>

#include <chrono>
#include <utility>
#include <string>

#include "durations.hpp"

using namespace shoal::cli;
using namespace std::chrono_literals;

namespace {

// What `parse` makes of `text`, or -1 (checking that the message names it).
template <class Parse>
double parsed(Parse parse, const std::string& text) {
  auto value = parse(text);
  if (value) return *value;
  EXPECT_NE(value.error().find("'" + text + "'"), std::string::npos) << value.error();
  return -1;
}

double duration(const std::string& text) { return parsed(parse_duration, text); }
double rate(const std::string& text) { return parsed(parse_rate, text); }

}  // namespace

TEST(Durations, PlainSecondsOrPostfixesAddedUp) {
  const std::pair<const char*, double> seconds[] = {
      {"90", 90},   {"0", 0},      {"2.5", 2.5},  {"30s", 30},
      {"2m", 120},  {"1h", 3600},  {"1d", 86400}, {"1m30s", 90},
      {"0.5m", 30}, {"1d2h3m4s", 86400 + 7200 + 180 + 4},
      {"1h1h", 7200},  // as GNU parallel: every part counts
  };
  for (auto [text, value] : seconds) EXPECT_EQ(duration(text), value) << text;
}

TEST(Durations, MalformedTextIsRefusedByName) {
  for (const char* bad : {"", "abc", "1x", "-1", "m", "1.5.2", "nan", "inf", " 1", "1 "})
    EXPECT_EQ(duration(bad), -1) << "'" << bad << "'";
}

// Once dropped silently (60); GNU parallel's multiply_time_units reads
// "1m30" as 1*60+30.
TEST(Durations, ABareNumberAfterAPostfixCountsSeconds) {
  EXPECT_EQ(duration("1m30"), 90);
  EXPECT_EQ(duration("1h1m1"), 3661);
}

TEST(Durations, ToMillisRoundsAndClamps) {
  EXPECT_EQ(to_millis(1.5), 1500ms);
  EXPECT_EQ(to_millis(0.0004), 0ms);
  EXPECT_EQ(to_millis(0.0006), 1ms);
  EXPECT_EQ(to_millis(0), 0ms);
  EXPECT_EQ(to_millis(-3), 0ms);
  // Past a year is "never": clamped, not overflowed into the past.
  const auto year = std::chrono::milliseconds(365LL * 24 * 3600 * 1000);
  EXPECT_EQ(to_millis(1e300), year);
  EXPECT_EQ(to_millis(365.0 * 24 * 3600 + 1), year);
}

TEST(Rates, PerSecondMinuteOrHour) {
  const std::pair<const char*, double> per_second[] = {
      {"5", 5}, {"5/s", 5}, {"120/m", 2}, {"1800/h", 0.5}, {"0.5", 0.5}};
  for (auto [text, value] : per_second) EXPECT_EQ(rate(text), value) << text;
}

TEST(Rates, MalformedOrZeroIsRefusedByName) {
  for (const char* bad : {"", "0", "0/s", "-1", "5/d", "5/", "/s", "5/sec", "x"})
    EXPECT_EQ(rate(bad), -1) << "'" << bad << "'";
}

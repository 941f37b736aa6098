// --onall/--nonall's walk of items over hosts, --stages' replay and tally,
// and the jobs parked for their own host: the bookkeeping alone, driven
// by hand (cli/remote/fan_out.hpp).
#include "remote/fan_out.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace shoal::cli {
namespace {

// An input of items seq 1..n, then its end; or, with `waits`, nothing yet.
struct Input {
  std::deque<std::string> items;
  std::uint64_t seq = 0;
  bool waits = false;
  FanOut::Read operator()(FanOut::Item& item) {
    if (items.empty()) return waits ? FanOut::Read::wait : FanOut::Read::end;
    item.seq = ++seq;
    item.args = {items.front()};
    items.pop_front();
    return FanOut::Read::item;
  }
};

// "a@0 a@1 b@0 ...": every job handed out until none comes.
std::string walk(FanOut& fan, Input& input) {
  std::string out;
  auto read = [&input](FanOut::Item& item) { return input(item); };
  while (auto job = fan.next(read))
    out += job->args.at(0) + std::to_string(job->seq) + "@" + std::to_string(job->host) + " ";
  return out;
}

TEST(FanOut, EachItemOnEveryHostInTurn) {
  FanOut fan(3, {});
  Input input{{"a", "b"}};
  EXPECT_EQ(walk(fan, input), "a1@0 a1@1 a1@2 b2@0 b2@1 b2@2 ");
  EXPECT_FALSE(fan.staged());
  EXPECT_FALSE(fan.stage_pulled());  // without stages, the input's end is the Runner's
}

TEST(FanOut, WaitsForInputAndGoesOnWhereItWas) {
  FanOut fan(2, {});
  Input input{{"a"}, 0, true};
  EXPECT_EQ(walk(fan, input), "a1@0 a1@1 ");
  input.items.push_back("b");
  EXPECT_EQ(walk(fan, input), "b2@0 b2@1 ");
}

TEST(FanOut, StagesRunTheFirstStagesItemsAgainOnTheirOwnHosts) {
  FanOut fan(5, {1, 3, 5});
  Input input{{"a", "b"}};
  EXPECT_EQ(walk(fan, input), "a1@0 b2@0 ");
  EXPECT_TRUE(fan.stage_pulled());
  ASSERT_EQ(fan.items().size(), 2u);
  EXPECT_EQ(fan.items()[1].seq, 2u);
  EXPECT_TRUE(fan.more_stages());

  fan.next_stage();
  EXPECT_EQ(fan.stage(), 1u);
  EXPECT_FALSE(fan.stage_pulled());
  Input nothing;  // a later stage reads no input
  nothing.items = {"never read"};
  EXPECT_EQ(walk(fan, nothing), "a1@1 a1@2 b2@1 b2@2 ");
  EXPECT_EQ(nothing.items.size(), 1u);
  EXPECT_TRUE(fan.stage_pulled());

  fan.next_stage();
  EXPECT_EQ(fan.stage_begin(), 3u);
  EXPECT_EQ(fan.stage_end(), 5u);
  EXPECT_FALSE(fan.more_stages());
  EXPECT_EQ(walk(fan, nothing), "a1@3 a1@4 b2@3 b2@4 ");
}

TEST(FanOut, TallyAndNamingAreEachStagesOwn) {
  FanOut fan(4, {1, 4});
  EXPECT_TRUE(fan.announce_stage());
  EXPECT_FALSE(fan.announce_stage());
  fan.count(true);
  fan.count(false);
  fan.count(false);
  EXPECT_EQ(fan.stage_ok(), 1u);
  EXPECT_EQ(fan.stage_not_ok(), 2u);
  fan.next_stage();
  EXPECT_TRUE(fan.announce_stage());
  EXPECT_EQ(fan.stage_ok() + fan.stage_not_ok(), 0u);
}

TEST(FanOut, HostsNeverTouchedAreThoseNoJobNamed) {
  FanOut fan(4, {1, 4});
  Input input{{"a"}};
  walk(fan, input);
  EXPECT_EQ(fan.never_touched(), (std::vector<std::size_t>{1, 2, 3}));
}

TEST(ParkedJobs, TakesTheOldestJobOfTheFirstReadyHost) {
  ParkedJobs<std::string> parked;
  parked.park(2, "c1");
  parked.park(0, "a1");
  parked.park(2, "c2");
  EXPECT_EQ(parked.size(), 3u);
  EXPECT_FALSE(parked.take([](std::size_t) { return false; }));
  auto only_two = [](std::size_t host) { return host == 2; };
  EXPECT_EQ(parked.take(only_two).value_or(""), "c1");
  EXPECT_EQ(parked.take([](std::size_t) { return true; }).value_or(""), "a1");
  EXPECT_EQ(parked.take(only_two).value_or(""), "c2");
  EXPECT_TRUE(parked.empty());
}

TEST(ParkedJobs, ClearDropsThemAll) {
  ParkedJobs<std::string> parked;
  parked.park(1, "x");
  parked.clear();
  EXPECT_TRUE(parked.empty());
  EXPECT_FALSE(parked.take([](std::size_t) { return true; }));
}

}  // namespace
}  // namespace shoal::cli

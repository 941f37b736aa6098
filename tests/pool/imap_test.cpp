// GreenPile, imap and starmap: eventlet's GreenPool/GreenPile tests
// (tests/greenpool_test.py) rewritten for shoal, on a manual clock.
#include <gtest/gtest.h>

#include <ranges>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "shoal/imap.hpp"
#include "manual_clock.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

using ImapTest = test_support::ManualClock;

// eventlet's passthru sleeps a random while; here a fixed, varied one, so
// later inputs often finish first and the order must still hold.
Task<int> passthru(int x) {
  co_await shoal::sleep(std::chrono::milliseconds((x * 7) % 5));
  co_return x;
}

Task<std::string> passthru2(int a, int b) {
  co_await shoal::sleep(std::chrono::milliseconds((a * 3) % 4));
  co_return std::to_string(a) + "," + std::to_string(b);
}

}  // namespace

TEST_F(ImapTest, Imap) {
  Pool p(hub, 4);
  std::vector<int> got;
  for (auto& r : imap(p, passthru, std::views::iota(0, 10))) got.push_back(*r);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST_F(ImapTest, EmptyImap) {
  Pool p(hub, 4);
  auto it = imap(p, passthru, std::vector<int>{});
  EXPECT_FALSE(it.wait_next());
}

TEST_F(ImapTest, ImapMultiArgsZips) {
  Pool p(hub, 4);
  std::vector<std::string> got;
  std::vector<int> second{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21};  // the longer
  for (auto& r : imap(p, passthru2, std::views::iota(0, 10), second)) got.push_back(*r);
  ASSERT_EQ(got.size(), 10u);
  EXPECT_EQ(got[0], "0,10");
  EXPECT_EQ(got[9], "9,19");
}

// eventlet raises the error from next() and the iteration goes on; shoal
// gives it as an Error in its place.
TEST_F(ImapTest, ImapRaisesInPlaceAndGoesOn) {
  Pool p(hub, 4);
  auto raiser = [](int item) -> Task<int> {
    co_await shoal::sleep(1ms);
    if (item == 1 || item == 7) throw std::runtime_error("intentional error");
    co_return item;
  };
  std::vector<std::string> results;
  for (auto& r : imap(p, raiser, std::views::iota(0, 10)))
    results.push_back(r ? std::to_string(*r) : "r");
  EXPECT_EQ(results, (std::vector<std::string>{"0", "r", "2", "3", "4", "5", "6", "r", "8", "9"}));
}

TEST_F(ImapTest, Starmap) {
  Pool p(hub, 4);
  std::vector<std::tuple<int, int>> args;
  for (int i = 0; i < 10; ++i) args.emplace_back(i, i + 10);
  std::vector<std::string> got;
  for (auto& r : starmap(p, passthru2, args)) got.push_back(*r);
  ASSERT_EQ(got.size(), 10u);
  EXPECT_EQ(got[3], "3,13");
}

TEST_F(ImapTest, ImapKeepsAtMostItsWindowInFlight) {
  Pool p(hub, 3);
  auto it = imap(p, passthru, std::views::iota(0, 1000));
  std::size_t most = 0;
  int n = 0, last = -1;
  while (auto r = it.wait_next()) {
    most = std::max(most, it.in_flight());
    EXPECT_GT(**r, last);
    last = **r;
    ++n;
  }
  EXPECT_EQ(n, 1000);
  EXPECT_EQ(most, 6u);  // twice the pool's size
  EXPECT_LE(p.waiting(), 3u);
}

TEST_F(ImapTest, ImapInsideATask) {
  Pool p(hub, 4);
  Pool outer(hub, 1);
  auto sum = outer.spawn([&]() -> Task<int> {
                    auto results = imap(p, passthru, std::views::iota(0, 100));
                    int s = 0;
                    while (auto r = co_await results.next()) s += **r;
                    co_return s;
                  }).wait();
  EXPECT_EQ(*sum, 4950);
}

TEST_F(ImapTest, Pile) {
  Pool pool(hub, 4);
  GreenPile<int> p(pool);
  for (int i = 0; i < 10; ++i) p.spawn(passthru, i);
  std::vector<int> got;
  for (auto& r : p) got.push_back(*r);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(p.size(), 0u);
}

TEST_F(ImapTest, EmptyPile) {
  Pool pool(hub, 4);
  GreenPile<int> p(pool);
  EXPECT_FALSE(p.wait_next());
}

TEST_F(ImapTest, PilesConstructedFromOnePool) {
  Pool pool(hub, 2);
  Pool spawners(hub, 2);
  GreenPile<int> pile1(pool), pile2(pool);
  auto bunch_of_work = [](GreenPile<int>* pile, int unique) -> Task<void> {
    for (int i = 0; i < 10; ++i) co_await pile->spawn_when_free(passthru, i + unique);
  };
  spawners.spawn_n(bunch_of_work, &pile1, 0);
  spawners.spawn_n(bunch_of_work, &pile2, 100);
  hub.advance(0s);
  std::vector<int> got2, got1;
  ASSERT_TRUE(spawners.wait_all());
  for (auto& r : pile2) got2.push_back(*r);
  for (auto& r : pile1) got1.push_back(*r);
  EXPECT_EQ(got2, (std::vector<int>{100, 101, 102, 103, 104, 105, 106, 107, 108, 109}));
  EXPECT_EQ(got1, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

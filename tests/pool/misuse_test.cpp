// The library used wrongly (issue 13, item 12): a command with nothing to
// run is a failed Result, never `sh -c ''` reported ok; a Hub destroyed
// before its Pool stops the program with a message that says so -- in
// every build, before any freed memory is touched -- where it was a
// use-after-free; and a program that ends with exit() while its pools are
// busy still just ends.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "../engine/leak_check.hpp"
#include "shoal/shoal.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

using namespace shoal;
using namespace std::chrono_literals;

namespace {

class Misuse : public test_support::LeakCheck {};

constexpr const char* hub_gone = "shoal::Hub destroyed while a Pool still uses it";

// Each death test runs in a fresh process of this binary (threadsafe
// style): a forked copy would share the parent's event loop.
void fresh_process_per_death_test() { GTEST_FLAG_SET(death_test_style, "threadsafe"); }

// The tasks in flight when a program calls exit() are not freed (no loop
// will ever resume them); LeakSanitizer would report them from now on.
void in_flight_at_exit_is_no_leak() {
#if defined(__SANITIZE_ADDRESS__)
  __lsan_disable();
#endif
}

}  // namespace

TEST_F(Misuse, AnEmptyArgvIsAFailedResultNamingItThroughThePool) {
  Hub hub;
  Pool pool(hub, 2);
  auto r = pool.spawn(Command::exec({})).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::error);
  EXPECT_NE(r->error.find("empty argv"), std::string::npos) << r->error;

  auto in_a_task = pool.spawn([]() -> Task<Status> {
    Command nothing = Command::exec({});
    Result result = co_await shoal::run(std::move(nothing));
    co_return result.status;
  });
  EXPECT_EQ(*in_a_task.wait(), Status::error);
}

TEST(MisuseDeathTest, AHubDestroyedBeforeItsPoolSaysSoAndAborts) {
  fresh_process_per_death_test();
  EXPECT_DEATH(
      {
        auto hub = std::make_unique<Hub>();
        Pool pool(*hub, 2);
        (void)pool.spawn(Command::exec({"true"})).wait();
        hub.reset();
      },  // ~Pool: once a use of the freed hub
      hub_gone);
}

TEST(MisuseDeathTest, APoolUsedAfterItsHubSaysSoAndAborts) {
  fresh_process_per_death_test();
  EXPECT_DEATH(
      {
        auto hub = std::make_unique<Hub>();
        auto pool = std::make_unique<Pool>(*hub, 2);
        hub.reset();
        pool->spawn_n(Command::exec({"true"}));
      },
      hub_gone);
}

TEST(MisuseDeathTest, AHandleOfAJobItsHubCutShortGivesAnError) {
  fresh_process_per_death_test();
  EXPECT_DEATH(
      {
        auto hub = std::make_unique<Hub>();
        Pool pool(*hub, 2);
        auto h = pool.spawn(Command::exec({"sleep", "30"}));
        hub.reset();
        h.cancel();  // nothing left to cancel: not a use of the freed hub
        auto& r = h.wait();
        std::fprintf(stderr, "wait gave: %s\n", r ? "a value" : r.error().message.c_str());
        std::abort();  // before ~Pool, whose own message is the test above
      },
      "wait gave: the job's Hub was destroyed before the job ended");
}

TEST(MisuseDeathTest, AHubGoingWhileItsJobsRunOnAnEngineNotItsOwnSaysSo) {
  fresh_process_per_death_test();
  EXPECT_DEATH(
      {
        Loop loop;
        Engine engine(loop);
        auto hub = std::make_unique<Hub>(loop, engine);
        auto* pool = new Pool(*hub, 2);  // never destroyed: ~Hub must speak first
        pool->spawn_n(Command::exec({"sleep", "30"}));
        hub.reset();
      },
      "shoal::Hub destroyed while a Pool still uses it \\(its jobs still run on an Engine");
}

TEST(MisuseDeathTest, ExitWithBusyPoolsStillJustExits) {
  fresh_process_per_death_test();
  // exit() destroys the thread's default hub but not the pools on the
  // stack: that is a program ending, not a misuse.
  EXPECT_EXIT(
      {
        in_flight_at_exit_is_no_leak();
        Pool pool(2);
        pool.spawn_n(Command::exec({"sleep", "30"}));
        pool.spawn_after(1h, Command::exec({"true"}));
        std::exit(3);
      },
      ::testing::ExitedWithCode(3), "");
}

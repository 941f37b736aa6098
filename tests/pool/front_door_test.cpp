// The library's front door (issue 15): what a new user writes first, from
// the docs alone. Every documented form of retry co_awaited (GCC 12 did
// not compile the command form); sync_wait from main(); Pool(0) and
// Pool(-1) refused with a message; spawn(f, args...) passing copies as
// rvalues, std::ref for out-parameters. Real commands, real clock; each
// test checks that no child, zombie or fd is left behind.
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../engine/leak_check.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

class FrontDoor : public test_support::LeakCheck {};

struct Token {
  std::string text;
};

}  // namespace

// ---- retry: every form docs/library.md and retry.hpp show ------------------

TEST_F(FrontDoor, EveryDocumentedFormOfRetryCompilesAndRetries) {
  auto all_forms = []() -> Task<std::vector<int>> {
    std::vector<int> tries;
    Command ok = Command::shell("exit 0");
    Command fails = Command::shell("exit 3");
    // retry(cmd): the defaults (3 tries, 1 s apart); it works at once.
    Result r = co_await shoal::retry(ok);
    tries.push_back(r.tries);
    // retry(cmd, options), as in the docs.
    r = co_await shoal::retry(fails, {.tries = 3, .delay = 1ms, .backoff = 2});
    tries.push_back(r.tries);
    // retry(cmd, options, {statuses}): braced, in the co_await itself.
    r = co_await shoal::retry(fails, {.tries = 2, .delay = 1ms}, {Status::failed, Status::timeout});
    tries.push_back(r.tries);
    // ... a status that is not among them is not retried.
    r = co_await shoal::retry(fails, {.tries = 3, .delay = 1ms}, {Status::timeout});
    tries.push_back(r.tries);
    // ... one Status, and a std::vector (the old parameter's type).
    r = co_await shoal::retry(fails, {.tries = 2, .delay = 1ms}, Status::failed);
    tries.push_back(r.tries);
    std::vector<Status> on{Status::killed};
    r = co_await shoal::retry(fails, {.tries = 3, .delay = 1ms}, on);
    tries.push_back(r.tries);
    // The command built inside the co_await, as retry.hpp's comment had it
    // (GCC 12: only when no braced list is inside; see the docs).
    r = co_await shoal::retry(Command::shell("exit 0"), {.tries = 2});
    tries.push_back(r.tries);

    // The task forms: retry(f), retry(f, options), retry(f, options, pred).
    int calls = 0;
    auto fetch_token = [&calls](std::string url) -> Task<Token> {
      if (++calls % 2 == 1) throw std::runtime_error("503 from " + url);
      co_return Token{"t" + std::to_string(calls)};
    };
    std::string url = "https://keystone";
    auto t = co_await shoal::retry([&] { return fetch_token(url); });
    tries.push_back(calls);  // 2: thrown, then a token
    t = co_await shoal::retry([&] { return fetch_token(url); }, {.tries = 3, .delay = 1ms});
    tries.push_back(calls);  // 4
    t = co_await shoal::retry([&] { return fetch_token(url); }, {.tries = 5, .delay = 1ms},
                              [](const Expected<Token>& tok) { return !tok || tok->text != "t8"; });
    tries.push_back(calls);  // 8: retried past t6 as the predicate says
    int void_calls = 0;
    co_await shoal::retry([&]() -> Task<void> {
      if (++void_calls < 2) throw std::runtime_error("not yet");
      co_return;
    }, {.tries = 2, .delay = 1ms});
    tries.push_back(void_calls);
    co_return tries;
  };
  auto tries = sync_wait(all_forms());
  ASSERT_TRUE(tries) << tries.error().message;
  EXPECT_EQ(*tries, (std::vector<int>{1, 3, 2, 1, 2, 1, 1, 2, 4, 8, 2}));
}

TEST_F(FrontDoor, StatusSetHoldsWhatItWasGiven) {
  constexpr StatusSet d = StatusSet::not_ok();
  static_assert(d.contains(Status::failed) && d.contains(Status::timeout) && d.contains(Status::killed));
  static_assert(!d.contains(Status::ok) && !d.contains(Status::error));
  static_assert(StatusSet().empty() && !StatusSet(Status::ok).empty());
  StatusSet from_vector(std::vector<Status>{Status::error, Status::ok});
  EXPECT_TRUE(from_vector.contains(Status::error));
  EXPECT_TRUE(from_vector.contains(Status::ok));
  EXPECT_FALSE(from_vector.contains(Status::failed));
}

// ---- sync_wait --------------------------------------------------------------

TEST_F(FrontDoor, SyncWaitRunsATaskFromMainAndGivesItsValue) {
  auto amain = []() -> Task<std::string> {
    auto echo = Command::exec({"echo", "hello"});
    Result r = co_await shoal::run(std::move(echo));
    co_return r.out.str();
  };
  auto r = sync_wait(amain());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "hello\n");
  EXPECT_EQ(sync_wait(Hub::current(), amain()).value(), "hello\n");
}

TEST_F(FrontDoor, SyncWaitRunsTheHubsOtherJobsMeanwhile) {
  Pool pool(2);
  auto other = pool.spawn(Command::exec({"sleep", "0.1"}));
  auto waits_for_it = [&]() -> Task<bool> {
    auto& done = co_await other;
    co_return done && done->status == Status::ok;
  };
  auto r = sync_wait(waits_for_it());
  ASSERT_TRUE(r);
  EXPECT_TRUE(*r);
}

TEST_F(FrontDoor, SyncWaitGivesWhatTheTaskThrewAsAnError) {
  auto throws = []() -> Task<int> {
    co_await shoal::sleep();
    throw std::runtime_error("no such image");
  };
  auto r = sync_wait(throws());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::exception);
  EXPECT_EQ(r.error().message, "no such image");
  EXPECT_THROW(r.value(), std::runtime_error);
}

TEST_F(FrontDoor, SyncWaitOnATaskThatCanNeverEndUnwindsItAndSaysDeadlock) {
  bool unwound = false;
  auto forever = [&]() -> Task<void> {
    try {
      co_await shoal::sleep(Hub::Duration::max());
    } catch (const Cancelled&) {
      unwound = true;
      throw;
    }
  };
  auto r = sync_wait(forever());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::deadlock);
  EXPECT_TRUE(unwound) << "the task must be unwound before sync_wait returns";
}

TEST_F(FrontDoor, SyncWaitFromInsideATaskRefusesAndNeverStartsIt) {
  bool started = false;
  auto inner = [&]() -> Task<int> {
    started = true;
    co_return 1;
  };
  Pool pool(1);
  auto h = pool.spawn([&]() -> Task<Errc> {
    auto r = sync_wait(inner());
    co_return r ? Errc::exception : r.error().code;
  });
  auto& code = h.wait();
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, Errc::inside_loop);
  // The refused job's driver is still in the hub's ready queue; a yield
  // after it lets it end (it finds itself cancelled) before `started` goes.
  auto yield = []() -> Task<void> { co_await shoal::sleep(); };
  ASSERT_TRUE(sync_wait(yield()));
  EXPECT_FALSE(started);
}

// ---- Pool sizes -------------------------------------------------------------

namespace {
std::string what_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(nothing thrown)";
}
}  // namespace

TEST_F(FrontDoor, APoolOfNoSlotsOrANegativeNumberIsRefusedWithAMessage) {
  EXPECT_EQ(what_of([] { Pool pool(0); }),
            "shoal::Pool: size 0: a pool needs at least one slot, or no job would ever start");
  EXPECT_EQ(what_of([] { Pool pool(-1); }),
            "shoal::Pool: size -1 is negative; a pool needs at least one slot");
  Hub hub;
  EXPECT_EQ(what_of([&] { Pool pool(hub, 0); }),
            "shoal::Pool: size 0: a pool needs at least one slot, or no job would ever start");
  std::size_t none = 0;
  EXPECT_EQ(what_of([&] { Pool pool(hub, none - 3); }),
            "shoal::Pool: size -3 is negative; a pool needs at least one slot");
  Pool pool(hub, 2);
  EXPECT_EQ(what_of([&] { pool.resize(-1); }),
            "shoal::Pool: size -1 is negative; a pool needs at least one slot");
  EXPECT_EQ(pool.size(), 2u);
}

TEST_F(FrontDoor, ResizeToZeroPausesThePool) {
  Pool pool(2);
  pool.resize(0);
  auto h = pool.spawn(Command::exec({"true"}));
  EXPECT_EQ(pool.waiting(), 1u);
  EXPECT_EQ(h.wait().error().code, Errc::deadlock);  // nothing could start it
  pool.resize(1);
  auto& r = h.wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::ok);
}

// ---- spawn(f, args...) ------------------------------------------------------

namespace {
Task<void> fill(std::string& out, std::string what) {
  co_await shoal::sleep();
  out = what;
}
Task<int> take(std::unique_ptr<int> p) { co_return *p; }
template <class... A>
concept spawnable = requires(A&&... a) { detail::to_task(std::forward<A>(a)...); };
}  // namespace

TEST_F(FrontDoor, SpawnPassesCopiesAsRvaluesAndStdRefForOutParameters) {
  Pool pool(2);
  std::string out;
  auto h = pool.spawn(fill, std::ref(out), "filled");
  ASSERT_TRUE(h.wait());
  EXPECT_EQ(out, "filled");
  // A move-only argument is moved into a by-value parameter.
  EXPECT_EQ(pool.spawn(take, std::make_unique<int>(7)).wait().value(), 7);
  // An out-parameter without std::ref does not compile (it would fill a
  // copy nobody reads), as with std::thread.
  static_assert(!spawnable<Task<void> (&)(std::string&, std::string), std::string&, const char*>);
  static_assert(spawnable<Task<void> (&)(std::string&, std::string),
                          std::reference_wrapper<std::string>, const char*>);
}

// The pool with real commands and the real clock: results, command fields,
// concurrency limits, cancellation and timeouts reaching the whole process
// group, and a pool's destructor ending what it runs. Every test checks
// that no child, zombie or fd is left behind (LeakCheck).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "../engine/leak_check.hpp"
#include "../engine/run_one.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;
using test_support::process_running;
using test_support::wait_for_exit;

namespace {

// The calling thread's default hub opens its loop's fds on first use and
// keeps them; open them before any test counts fds.
class WarmDefaultHub : public ::testing::Environment {
  void SetUp() override {
    Pool pool(1);
    (void)pool.spawn(Command::exec({"true"})).wait();
  }
};
const auto* const warm = ::testing::AddGlobalTestEnvironment(new WarmDefaultHub);

class PoolRun : public test_support::LeakCheck {
 protected:
  void SetUp() override {
    LeakCheck::SetUp();
    char dir[] = "/tmp/shoal-pool-test-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    tmp = dir;
  }
  void TearDown() override {
    std::remove((tmp + "/pid").c_str());
    std::remove((tmp + "/fifo").c_str());
    ::rmdir(tmp.c_str());
    LeakCheck::TearDown();
  }

  // A command whose process group outlives its leader's first reaction to
  // TERM: a background sleep that ignores TERM, whose pid lands in a file.
  Command stubborn_group() {
    return Command::shell("trap '' TERM; sleep 30 & echo $! > " + tmp + "/pid.tmp; mv " + tmp +
                          "/pid.tmp " + tmp + "/pid; wait");
  }
  // Polls (on the loop, not by blocking) until the group has started.
  Task<pid_t> started_pid() {
    for (;;) {
      std::ifstream f(tmp + "/pid");
      pid_t pid = 0;
      if (f >> pid) co_return pid;
      co_await shoal::sleep(5ms);
    }
  }

  std::string tmp;
};

using Clock = std::chrono::steady_clock;

}  // namespace

TEST_F(PoolRun, ACommandsResultComesBack) {
  Pool pool(4);
  auto r = pool.spawn(Command::shell("echo out; echo err >&2; exit 3")).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::failed);
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->out.str(), "out\n");
  EXPECT_EQ(r->err.str(), "err\n");
  EXPECT_GE(r->end, r->start);
}

TEST_F(PoolRun, AMissingCommandIsAResultNotAnError) {
  Pool pool(4);
  auto r = pool.spawn(Command::exec({"shoal-no-such-command-xyz"})).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::error);
  EXPECT_NE(r->error.find("shoal-no-such-command-xyz"), std::string::npos);
}

TEST_F(PoolRun, EnvironmentDirectoryAndStdinReachTheChild) {
  Pool pool(4);
  Command c = Command::shell("echo \"$SHOAL_TEST_VAR\"; pwd; cat");
  c.env = {{"SHOAL_TEST_VAR", "from the pool"}};
  c.cwd = tmp;
  c.stdin_data = "from stdin\n";
  auto r = pool.spawn(std::move(c)).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::ok);
  EXPECT_EQ(r->out.str(), "from the pool\n" + tmp + "\nfrom stdin\n");
}

TEST_F(PoolRun, NeverMoreThanTheSizeRunAtOnce) {
  Pool pool(3);
  int now = 0, most = 0, ok = 0;
  auto job = [&]() -> Task<void> {
    most = std::max(most, ++now);
    Command nap = Command::exec({"sleep", "0.05"});  // (GCC 12: no braced list inside co_await)
    auto r = co_await run(std::move(nap));
    --now;
    if (r.status == Status::ok) ++ok;
  };
  for (int i = 0; i < 12; ++i) pool.spawn_n(job);
  ASSERT_TRUE(pool.wait_all());
  EXPECT_LE(most, 3);
  EXPECT_EQ(ok, 12);
}

TEST_F(PoolRun, CancelEndsTheCommandsWholeProcessGroup) {
  Pool pool(4);
  auto h = pool.spawn(stubborn_group());
  pid_t grandchild = *pool.spawn([this] { return started_pid(); }).wait();
  auto t0 = Clock::now();
  h.cancel();
  auto& r = h.wait();
  // A running command cancelled still gives its Result: killed, with
  // what it had printed.
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::killed);
  EXPECT_LT(Clock::now() - t0, 10s);  // TERM, then KILL after the 1 s grace
  EXPECT_TRUE(wait_for_exit(grandchild, 5000));
  EXPECT_FALSE(process_running(grandchild));
}

TEST_F(PoolRun, WithTimeoutEndsTheCommandRunningAtThatMoment) {
  Pool pool(4);
  auto steps = [this]() -> Task<std::string> {
    Command quick = Command::exec({"true"});
    auto first = co_await run(std::move(quick));
    if (first.status != Status::ok) co_return "first failed";
    auto second = co_await run(stubborn_group());
    co_return "second ended by itself: " + std::string(to_string(second.status));
  };
  auto limited = [&]() -> Task<Errc> {
    auto r = co_await with_timeout(300ms, steps());
    co_return r ? Errc::exception : r.error().code;
  };
  auto t0 = Clock::now();
  EXPECT_EQ(*pool.spawn(limited).wait(), Errc::timed_out);
  EXPECT_GE(Clock::now() - t0, 300ms);
  EXPECT_LT(Clock::now() - t0, 10s);
  std::ifstream f(tmp + "/pid");
  pid_t grandchild = 0;
  ASSERT_TRUE(f >> grandchild);
  EXPECT_TRUE(wait_for_exit(grandchild, 5000));
}

TEST_F(PoolRun, DestroyingThePoolEndsItsRunningCommands) {
  auto t0 = Clock::now();
  {
    Pool pool(2);
    for (int i = 0; i < 4; ++i) pool.spawn_n(Command::exec({"sleep", "30"}));
    Pool watcher(1);
    auto both_running = [&]() -> Task<void> {
      while (pool.hub().engine().running() < 2) co_await shoal::sleep(5ms);
    };
    ASSERT_TRUE(watcher.spawn(both_running).wait());
    EXPECT_EQ(pool.running(), 2u);
    EXPECT_EQ(pool.waiting(), 2u);
  }
  EXPECT_LT(Clock::now() - t0, 10s);
  EXPECT_EQ(Hub::current().engine().running(), 0u);
}

TEST_F(PoolRun, SpawnAfterWaitsAtLeastItsDelay) {
  Pool pool(4);
  auto t0 = Clock::now();
  auto r = pool.spawn_after(200ms, Command::exec({"true"})).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::ok);
  // The start is what is delayed: the command's own start time says when.
  EXPECT_GE(r->start - t0, 200ms);
  EXPECT_LT(r->start - t0, 3s);  // generous: the machine is small and shared
}

// A handshake, not a stopwatch: the command cannot end until the napper
// writes to its fifo, and the napper writes only once the command has the
// fifo open for reading -- which it finds between its sleeps. One after the
// other (either way round), neither could finish: the command would hit its
// timeout, the napper would give up.
TEST_F(PoolRun, SleepLetsCommandsRunMeanwhile) {
  std::string fifo = tmp + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Pool pool(4);
  Command reader = Command::shell("cat < " + fifo);
  reader.timeout = 10s;
  auto cmd = pool.spawn(reader);
  auto napper = pool.spawn([&]() -> Task<bool> {
    for (int naps = 0; naps < 1000; ++naps) {
      co_await shoal::sleep(10ms);
      // Opens only while a reader has the fifo open (ENXIO before).
      int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd < 0) continue;
      bool wrote = ::write(fd, "go\n", 3) == 3;
      ::close(fd);
      co_return wrote;
    }
    co_return false;
  });
  auto& napped = napper.wait();
  auto& ran = cmd.wait();
  ASSERT_TRUE(napped);
  EXPECT_TRUE(*napped) << "the napper never found the command running";
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->status, Status::ok);
  EXPECT_EQ(ran->out.str(), "go\n");
}

TEST_F(PoolRun, RetryRunsAFlakyCommandUntilItSucceeds) {
  Pool pool(2);
  // Fails on the first two tries, succeeds on the third.
  std::string counter = tmp + "/pid";  // removed by TearDown
  Command flaky = Command::shell("n=$(cat " + counter + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " +
                                 counter + "; echo try $n; [ $n -ge 3 ]");
  auto r = pool.spawn([&]() -> Task<Result> {
                 return retry(flaky, {.tries = 5, .delay = 10ms});
               }).wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::ok);
  EXPECT_EQ(r->tries, 3);
  EXPECT_EQ(r->out.str(), "try 3\n");

  auto never = pool.spawn([]() -> Task<Result> {
                     return retry(Command::shell("exit 4"), {.tries = 2, .delay = 10ms});
                   }).wait();
  ASSERT_TRUE(never);
  EXPECT_EQ(never->status, Status::failed);
  EXPECT_EQ(never->tries, 2);
}

// when_any over commands: the first to end wins; the other's whole process
// group has gone (TERM, KILL after its grace) before when_any gives its value.
TEST_F(PoolRun, WhenAnyEndsTheLosersCommands) {
  Pool pool(4);
  auto race = [this]() -> Task<std::size_t> {
    auto quick = []() -> Task<Result> {
      Command c = Command::exec({"sleep", "0.2"});
      co_return co_await run(std::move(c));
    };
    auto slow = [this]() -> Task<Result> { co_return co_await run(stubborn_group()); };
    auto first = co_await when_any(slow(), quick());
    co_return first.index;
  };
  auto h = pool.spawn(race);
  pid_t grandchild = *pool.spawn([this] { return started_pid(); }).wait();
  auto& r = h.wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 1u);
  EXPECT_FALSE(process_running(grandchild));
}

// A cancelled or timed-out command keeps what it had done: its Result has
// status killed, the output printed so far, and its times.
TEST_F(PoolRun, ACancelledCommandStillGivesItsPartialResult) {
  Pool pool(4);
  // It prints, then says so through the pid file, then sleeps.
  std::string printed_then_sleeps =
      "; echo $$ > " + tmp + "/pid.tmp; mv " + tmp + "/pid.tmp " + tmp + "/pid; exec sleep 30";
  auto h = pool.spawn(Command::shell("echo started" + printed_then_sleeps));
  ASSERT_TRUE(pool.spawn([this] { return started_pid(); }).wait());
  h.cancel();
  auto& r = h.wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::killed);
  EXPECT_EQ(r->signal, SIGTERM);
  EXPECT_EQ(r->out.str(), "started\n");
  EXPECT_GT(r->end, r->start);
  std::remove((tmp + "/pid").c_str());

  // Inside a task: run(...).partial() gives the Result to the task that
  // is being cancelled; its next co_await would throw.
  auto inner = pool.spawn([&]() -> Task<std::string> {
    Command c = Command::shell("echo partial" + printed_then_sleeps);
    Result r = co_await run(std::move(c)).partial();
    co_return std::string(to_string(r.status)) + ":" + r.out.str();
  });
  ASSERT_TRUE(pool.spawn([this] { return started_pid(); }).wait());
  inner.cancel();
  auto& partial = inner.wait();
  ASSERT_TRUE(partial);
  EXPECT_EQ(*partial, "killed:partial\n");
}

TEST_F(PoolRun, CancelUnstartedLeavesARunningJobAlone) {
  Pool pool(1);
  auto running = pool.spawn(Command::exec({"sleep", "0.3"}));
  auto queued = pool.spawn(Command::exec({"true"}));
  auto h = pool.spawn([]() -> Task<void> { co_await shoal::sleep(50ms); });
  (void)h;
  std::vector<std::string> log;
  running.link([&](Expected<Result>& r) { log.push_back(std::string("running ") + (r ? "ok" : "?")); });
  queued.link([&](Expected<Result>& r) {
    log.push_back(std::string("queued ") + (r ? "?" : std::string(to_string(r.error().code))));
  });
  EXPECT_TRUE(queued.cancel_unstarted());  // waiting for the slot: cancelled, its link runs
  EXPECT_EQ(log, (std::vector<std::string>{"queued cancelled"}));
  EXPECT_FALSE(queued.cancel_unstarted());  // done: nothing to do
  ASSERT_TRUE(pool.wait_all());
  EXPECT_FALSE(running.cancel_unstarted());
  EXPECT_EQ(running.wait()->status, Status::ok);
  EXPECT_EQ(log, (std::vector<std::string>{"queued cancelled", "running ok"}));
  bool late = false;
  running.link([&](Expected<Result>&) { late = true; });  // already done: at once
  EXPECT_TRUE(late);
}

// "Tail the log until READY": lines arrive while the command runs, split
// right whatever the pipe's chunks, and the command goes on after.
TEST_F(PoolRun, ALineReaderTailsARunningCommandUntilReady) {
  Pool pool(2);
  auto h = pool.spawn([]() -> Task<std::string> {
    LineReader server(Command::shell("printf 'start'; sleep 0.05; printf 'ing\\nREADY\\n'; exec sleep 30"));
    std::string seen;
    while (std::optional<std::string> line = co_await server.next_line()) {
      seen += *line + "|";
      if (*line == "READY") break;
    }
    if (!server.running()) co_return "ended too early: " + seen;
    server.cancel();
    Result r = co_await server.result();
    EXPECT_FALSE(co_await server.next_line());  // the end, and it stays the end
    EXPECT_FALSE(co_await server.next_line());
    co_return seen + std::string(to_string(r.status)) + "|" + r.out.str();
  });
  auto& r = h.wait();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "starting|READY|killed|starting\nREADY\n");
}

TEST_F(PoolRun, ALineReaderGivesALastLineWithoutNewlineThenTheEnd) {
  Pool pool(1);
  auto h = pool.spawn([]() -> Task<std::vector<std::string>> {
    LineReader lines(Command::shell("printf 'a\\n\\nb'"));
    std::vector<std::string> got;
    while (auto line = co_await lines.next_line()) got.push_back(*line);
    Result r = co_await lines.result();
    got.push_back(std::string(to_string(r.status)));
    co_return got;
  });
  EXPECT_EQ(*h.wait(), (std::vector<std::string>{"a", "", "b", "ok"}));
}

TEST_F(PoolRun, ALineReaderDestroyedEndsItsCommand) {
  Pool pool(1);
  auto h = pool.spawn([this]() -> Task<pid_t> {
    LineReader reader(stubborn_group());
    co_return co_await started_pid();
  });
  pid_t grandchild = *h.wait();
  // The reader is gone; its command's group gets TERM, then KILL after the
  // grace, which the loop has to run for -- until the engine has reaped
  // the leader too (it may see the leader's end after the grandchild's).
  auto gone = pool.spawn([grandchild]() -> Task<void> {
    while (process_running(grandchild) || Hub::current().engine().running() > 0)
      co_await shoal::sleep(5ms);
  });
  ASSERT_TRUE(gone.wait());
  EXPECT_FALSE(process_running(grandchild));
}

// A Command at the edges of its fields (issue 13, items 11 and 12): a
// command with nothing to run is an error, never `sh -c ''` reported ok;
// a negative kill_grace is no grace (once it was 584 million years, as
// libuv counts unsigned milliseconds); milliseconds::max() is no limit.
#include <csignal>
#include <limits>
#include <string>

#include "leak_check.hpp"
#include "run_one.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;
using test_support::run_cancelled;
using test_support::run_one;

namespace {

class CommandEdges : public test_support::LeakCheck {};

// Starts `c`; true if the engine refused it at once, without a process.
bool refused(const Command& c, Result& why) {
  Loop loop;
  Engine engine(loop);
  bool called = false;
  auto started = engine.start(c, [&](Result) { called = true; });
  if (auto* r = std::get_if<Result>(&started)) {
    why = std::move(*r);
    return true;
  }
  loop.run();
  return false;
}

}  // namespace

TEST_F(CommandEdges, AnEmptyArgvIsAnErrorNamingItNotAShell) {
  Result r;
  ASSERT_TRUE(refused(Command::exec({}), r)) << "Command::exec({}) was started";
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.error_code, EINVAL);
  EXPECT_NE(r.error.find("empty argv"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
}

TEST_F(CommandEdges, ACommandWithNeitherArgvNorScriptIsAnError) {
  Result r;
  ASSERT_TRUE(refused(Command{}, r)) << "a default Command was started";
  EXPECT_EQ(r.status, Status::error);
  ASSERT_TRUE(refused(Command::shell(""), r)) << "Command::shell(\"\") was started";
  EXPECT_EQ(r.status, Status::error);
  EXPECT_NE(r.error.find("nothing to run"), std::string::npos) << r.error;
}

TEST_F(CommandEdges, ANegativeKillGraceIsNoGrace) {
  // The shell and its sleep both ignore TERM: only the KILL ends them
  // before the sleep does.
  Command c = Command::shell("trap '' TERM; echo ready; sleep 20 & wait");
  Result out = run_cancelled(c, -1ms, test_support::CancelAt::first_line);
  EXPECT_EQ(out.status, Status::killed);
  EXPECT_EQ(out.signal, SIGKILL) << "no KILL was sent: the sleep ended on its own";
}

TEST_F(CommandEdges, ATimeoutOfMillisecondsMaxIsNoTimeout) {
  Command c = Command::exec({"echo", "done"});
  c.timeout = std::chrono::milliseconds::max();
  c.kill_grace = std::chrono::milliseconds::max();
  Result r = run_one(c);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.str(), "done\n");
}

// stdin_data with stdin_held_open: the data, then a pipe held open (what
// --sudo gives ssh: the password's line, then the remote watcher's end of
// file only when the job ends). Beside command_test.cpp's held-open case.
#include "leak_check.hpp"
#include "run_one.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;
using test_support::run_one;

const auto* const warm_up = ::testing::AddGlobalTestEnvironment(new test_support::WarmUp);

namespace {
class StdinThenHeld : public test_support::LeakCheck {};
}  // namespace

TEST_F(StdinThenHeld, TheDataArrivesAndEndOfFileDoesNot) {
  // The line is read; the cat after it waits for an end of file that the
  // pipe held open never gives (without the hold it would come at once).
  Command c = Command::shell("IFS= read -r line; echo \"got $line\"; cat");
  c.stdin_data = "a secret line\n";
  c.stdin_held_open = true;
  c.timeout = 2s;
  Result r = run_one(c);
  EXPECT_EQ(r.status, Status::timeout);
  EXPECT_EQ(r.out.str(), "got a secret line\n");
}

// What a Command can bring besides its argv: environment, working
// directory, standard input; and ending a job on request (cancel).
#include <csignal>
#include <string>

#include "leak_check.hpp"
#include "run_one.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;
using test_support::CancelAt;
using test_support::run_cancelled;
using test_support::run_one;

namespace {
class CommandRun : public test_support::LeakCheck {};
}  // namespace

TEST_F(CommandRun, EnvironmentIsOursWithTheCommandsVariablesSet) {
  Command c = Command::shell("echo \"$SHOAL_TEST_A|$HOME|${PATH:+has-path}\"");
  c.env = {{"SHOAL_TEST_A", "a value; with $hell"}, {"HOME", "/elsewhere"}};
  Result r = run_one(c);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.str(), "a value; with $hell|/elsewhere|has-path\n");
}

TEST_F(CommandRun, MalformedVariableNameIsAnError) {
  Command c = Command::exec({"true"});
  c.env = {{"A=B", "x"}};
  Result r = run_one(c);
  EXPECT_EQ(r.status, Status::error);
  EXPECT_NE(r.error.find("A=B"), std::string::npos) << r.error;
}

TEST_F(CommandRun, WorkingDirectory) {
  Command c = Command::exec({"pwd"});
  c.cwd = "/usr/bin";
  Result r = run_one(c);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.str(), "/usr/bin\n");
}

TEST_F(CommandRun, MissingWorkingDirectoryIsAnErrorNamingIt) {
  Command c = Command::exec({"true"});
  c.cwd = "/nonexistent-shoal-dir";
  Result r = run_one(c);
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.error_code, ENOENT);
  EXPECT_NE(r.error.find("/nonexistent-shoal-dir"), std::string::npos) << r.error;
}

TEST_F(CommandRun, StdinDataIsReadThenEndOfFile) {
  Command c = Command::exec({"cat"});
  c.stdin_data = std::string("hello\nwor\0ld", 12);
  Result r = run_one(c);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.str(), std::string("hello\nwor\0ld", 12));
}

TEST_F(CommandRun, StdinDataLargerThanAPipeIsWrittenAsTheChildReads) {
  Command c = Command::shell("wc -c");
  c.stdin_data = std::string(4 << 20, 'x');
  Result r = run_one(c);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(std::stoul(r.out.str()), 4u << 20);
}

TEST_F(CommandRun, ChildThatDoesNotReadItsStdinDoesNotHurtUs) {
  // SIGPIPE at its default here: a leaked one would end this test binary.
  struct sigaction dfl{}, old{};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(SIGPIPE, &dfl, &old);
  Command c = Command::exec({"true"});
  c.stdin_data = std::string(4 << 20, 'x');
  Result r = run_one(c);
  ::sigaction(SIGPIPE, &old, nullptr);
  EXPECT_EQ(r.status, Status::ok);
  sigset_t pending;
  sigpending(&pending);
  EXPECT_FALSE(sigismember(&pending, SIGPIPE));
}

TEST_F(CommandRun, HeldOpenStdinNeverReachesEndOfFile) {
  Command held = Command::exec({"cat"});
  held.stdin_held_open = true;
  held.timeout = 200ms;
  EXPECT_EQ(run_one(held).status, Status::timeout);  // cat still waiting

  Command empty = Command::exec({"cat"});
  empty.stdin_data = "";
  EXPECT_EQ(run_one(empty).status, Status::ok);  // the same cat, given end of file
}

TEST_F(CommandRun, CancelEndsTheWholeGroup) {
  // TERM is obeyed: the grace would hang the test if waited for.
  Result out = run_cancelled(Command::shell("sleep 1000 & sleep 1000; wait"), 60s, CancelAt::start);
  EXPECT_EQ(out.status, Status::killed);
  EXPECT_EQ(out.signal, SIGTERM);
}

TEST_F(CommandRun, CancelKillsWhatIgnoresTermAfterTheGrace) {
  // Cancelled once the shell has set its trap (it said so).
  Command c = Command::shell("trap '' TERM; echo ready; sleep 1000 & wait");
  Result out = run_cancelled(c, 100ms, CancelAt::first_line);
  EXPECT_EQ(out.status, Status::killed);
  EXPECT_EQ(out.signal, SIGKILL);
}

TEST_F(CommandRun, CancelReachesGrandchildrenThatIgnoreTerm) {
  // The leader dies of TERM at once; its child ignores TERM and must get
  // the KILL after the grace, as with a timeout.
  Command c = Command::shell("sh -c 'trap \"\" TERM; echo $$; exec sleep 1000' & wait");
  std::string pid_text;
  Result out = run_cancelled(c, 200ms, CancelAt::first_line, &pid_text);
  EXPECT_EQ(out.status, Status::killed);
  pid_t grandchild = std::stoi(pid_text);
  EXPECT_TRUE(test_support::wait_for_exit(grandchild, 5000)) << "the TERM-ignoring child survived";
}

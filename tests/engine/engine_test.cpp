// The engine with real processes: statuses, output capture, timeouts that
// reach grandchildren, what a child inherits, limits. Every test checks that
// nothing is left behind (LeakCheck).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "leak_check.hpp"
#include "run_one.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;

namespace {

class EngineRun : public test_support::LeakCheck {};

using test_support::run_one;

Command sh(const std::string& script) { return Command::shell(script); }

// Runs `c` with a timeout, and a grace between its TERM and its KILL.
Result run_timed(Command c, std::chrono::milliseconds timeout, std::chrono::milliseconds grace) {
  c.timeout = timeout;
  c.kill_grace = grace;
  return run_one(c);
}

}  // namespace

TEST_F(EngineRun, ExitZeroIsOk) {
  Result r = run_one(Command::exec({"true"}));
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_GE(r.end, r.start);
}

TEST_F(EngineRun, NonZeroExitIsFailedWithItsCode) {
  Result r = run_one(sh("exit 3"));
  EXPECT_EQ(r.status, Status::failed);
  EXPECT_EQ(r.exit_code, 3);
}

TEST_F(EngineRun, SignalDeathIsKilled) {
  Result r = run_one(sh("kill -9 $$"));
  EXPECT_EQ(r.status, Status::killed);
  EXPECT_EQ(r.signal, SIGKILL);
}

TEST_F(EngineRun, MissingCommandIsAnErrorNotACrash) {
  Result r = run_one(Command::exec({"shoal-no-such-command-xyz", "arg"}));
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.error_code, ENOENT);
  EXPECT_NE(r.error.find("shoal-no-such-command-xyz"), std::string::npos);
  EXPECT_FALSE(r.resource_exhausted());
}

TEST_F(EngineRun, NotExecutableIsAnError) {
  char path[] = "/tmp/shoal-test-noexec-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  Result r = run_one(Command::exec({path}));
  ::unlink(path);
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.error_code, EACCES);
}

TEST_F(EngineRun, NulByteInAnArgumentIsAnError) {
  Result r = run_one(Command::exec({"echo", std::string("a\0b", 3)}));
  EXPECT_EQ(r.status, Status::error);
  EXPECT_NE(r.error.find("NUL"), std::string::npos);
}

TEST_F(EngineRun, StdoutAndStderrAreCapturedApart) {
  Result r = run_one(sh("echo out; echo err >&2; printf tail"));
  EXPECT_EQ(r.out.str(), "out\ntail");
  EXPECT_EQ(r.err.str(), "err\n");
}

TEST_F(EngineRun, StdinIsDevNull) {
  Result r = run_one(Command::exec({"cat"}));
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.str(), "");
}

TEST_F(EngineRun, HundredMegabytesCapturedByteExactAndSpilled) {
  // 100,000,000 bytes of a known pattern on stdout, a little on stderr.
  Result r = run_one(sh("yes 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ | "
                        "head -c 100000000; echo done >&2"));
  ASSERT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.size(), 100000000u);
  EXPECT_TRUE(r.out.spilled());
  EXPECT_EQ(r.err.str(), "done\n");
  const std::string line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\n";
  std::size_t pos = 0;
  bool same = true;
  r.out.for_each_chunk([&](std::string_view chunk) {
    for (char c : chunk) same = same && c == line[pos++ % line.size()];
    return same;
  });
  EXPECT_TRUE(same);
  EXPECT_EQ(pos, 100000000u);
}

TEST_F(EngineRun, ChildInheritsOnlyStdioOfOurs) {
  // An fd the engine opened without O_CLOEXEC would show up here. Fds this
  // test process itself inherited open are passed on, as by any program.
  std::set<std::string> expected{"0", "1", "2"};
  for (int fd = 3; fd < 1024; ++fd) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0 && !(flags & FD_CLOEXEC)) expected.insert(std::to_string(fd));
  }
  // ls's own directory fd: the lowest number free in the child.
  for (int fd = 3;; ++fd)
    if (expected.insert(std::to_string(fd)).second) break;
  Result r = run_one(Command::exec({"ls", "/proc/self/fd"}));
  std::set<std::string> fds;
  std::istringstream in(r.out.str());
  for (std::string fd; in >> fd;) fds.insert(fd);
  EXPECT_EQ(fds, expected);
}

TEST_F(EngineRun, ChildGetsDefaultSignalsAndEmptyMask) {
  // A spawn before the program starts ignoring signals: which ones are
  // ignored must be read again at the next spawn, not remembered.
  ASSERT_EQ(run_one(Command::exec({"true"})).status, Status::ok);
  auto old_int = std::signal(SIGINT, SIG_IGN);
  auto old_pipe = std::signal(SIGPIPE, SIG_IGN);
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old_mask);
  Result r = run_one(Command::exec({"grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"}));
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  std::signal(SIGINT, old_int);
  std::signal(SIGPIPE, old_pipe);
  unsigned long long blocked = 0, ignored = 0;
  ASSERT_EQ(std::sscanf(r.out.str().c_str(), "SigBlk:\t%llx\nSigIgn:\t%llx", &blocked, &ignored), 2)
      << r.out.str();
  EXPECT_EQ(blocked, 0u);
  // Signals 1-31 and the real-time ones from 34 on are at their defaults.
  // glibc's posix_spawn leaves its two internal signals (32, 33) ignored;
  // glibc programs re-install them at start, and no other program uses them.
  EXPECT_EQ(ignored & ~0x180000000ULL, 0u);
}

TEST_F(EngineRun, EachJobLeadsItsOwnProcessGroup) {
  Result r = run_one(Command::exec({"cat", "/proc/self/stat"}));
  std::string stat = r.out.str();
  std::istringstream rest(stat.substr(stat.rfind(')') + 2));
  std::string state, ppid, pgrp;
  rest >> state >> ppid >> pgrp;
  EXPECT_EQ(pgrp, stat.substr(0, stat.find(' ')));
  EXPECT_NE(pgrp, std::to_string(::getpgrp()));
}

TEST_F(EngineRun, TimeoutEndsTheWholeGroupGrandchildrenToo) {
  // The shell and its grandchild both ignore TERM, so only the KILL after
  // the grace period can end them.
  Result r = run_timed(sh("trap '' TERM; sleep 1000 & echo $!; wait"), 200ms, 300ms);
  EXPECT_EQ(r.status, Status::timeout);
  pid_t grandchild = std::stoi(r.out.str());
  // The KILL has been sent; its delivery completes asynchronously.
  EXPECT_TRUE(test_support::wait_for_exit(grandchild, 5000));
  EXPECT_GE(r.duration(), 200ms);
}

TEST_F(EngineRun, TimeoutOfAJobThatObeysTermDoesNotWaitForTheGrace) {
  // A grace of 60 s would hang the test if waited for.
  Result r = run_timed(Command::exec({"sleep", "1000"}), 100ms, 60s);
  EXPECT_EQ(r.status, Status::timeout);
  EXPECT_EQ(r.signal, SIGTERM);
}

TEST_F(EngineRun, SignalReachesTheGroup) {
  Loop loop;
  shoal::Engine engine(loop);
  Result out;
  auto started = engine.start(sh("sleep 1000 & wait"), [&](Result r) { out = std::move(r); });
  ASSERT_TRUE(std::holds_alternative<JobId>(started));
  Timer later(loop);
  later.start(100ms, [&] { engine.signal_all(SIGTERM); });
  loop.run();
  EXPECT_EQ(out.status, Status::killed);
  EXPECT_EQ(out.signal, SIGTERM);
}

namespace {

// Starts `command`, waits -- without running the loop -- until its leader
// has exited, then cancels it: the exit is not yet seen by the loop.
Result cancel_after_the_leader_exited(const Command& command, pid_t* leader = nullptr) {
  Loop loop;
  shoal::Engine engine(loop);
  Result out;
  auto started = engine.start(command, [&](Result r) { out = std::move(r); });
  EXPECT_TRUE(std::holds_alternative<JobId>(started));
  if (!std::holds_alternative<JobId>(started)) return out;
  pid_t pid = 0;
  std::ifstream("/proc/self/task/" + std::to_string(::getpid()) + "/children") >> pid;
  EXPECT_GT(pid, 0);
  EXPECT_TRUE(test_support::wait_for_exit(pid, 5000));  // a zombie: not reaped yet
  if (leader) *leader = pid;
  engine.cancel(std::get<JobId>(started));
  loop.run();
  return out;
}

}  // namespace

// cancel() ends a job; one that had already ended on its own was not
// ended by it, and keeps its own status (`ssh -f` whose master has gone
// into the background is up, not killed).
TEST_F(EngineRun, CancelAfterTheLeaderExitedKeepsItsOwnStatus) {
  Result ok = cancel_after_the_leader_exited(Command::exec({"true"}));
  EXPECT_EQ(ok.status, Status::ok);
  EXPECT_EQ(ok.exit_code, 0);
  Result failed = cancel_after_the_leader_exited(sh("exit 3"));
  EXPECT_EQ(failed.status, Status::failed);
  EXPECT_EQ(failed.exit_code, 3);
}

// What the leader left in its group still gets the TERM.
TEST_F(EngineRun, CancelAfterTheLeaderExitedStillEndsItsGroup) {
  std::string marker = ::testing::TempDir() + "/shoal-cancel-bg-" + std::to_string(::getpid());
  Result r = cancel_after_the_leader_exited(sh("sleep 1000 & echo $! > " + marker));
  EXPECT_EQ(r.status, Status::ok);
  pid_t background = 0;
  std::ifstream(marker) >> background;
  ::unlink(marker.c_str());
  ASSERT_GT(background, 0);
  EXPECT_TRUE(test_support::wait_for_exit(background, 5000));
}

TEST_F(EngineRun, MoreThan1024JobsAtOnce) {
  // Beyond select()'s FD_SETSIZE: 1,100 jobs hold 3,300 fds at once.
  ASSERT_GE(ensure_capacity(1100).jobs, 1100u);
  Loop loop;
  shoal::Engine engine(loop);
  int ok = 0;
  std::size_t peak = 0;
  for (int i = 0; i < 1100; ++i) {
    auto started = engine.start(Command::exec({"sleep", "0.5"}), [&](Result r) {
      ok += r.status == Status::ok;
    });
    ASSERT_TRUE(std::holds_alternative<JobId>(started)) << std::get<Result>(started).error;
    peak = std::max(peak, engine.running());
  }
  loop.run();
  EXPECT_EQ(peak, 1100u);
  EXPECT_EQ(ok, 1100);
}

TEST_F(EngineRun, RunningOutOfFdsIsARetryableErrorNotACrash) {
  rlimit old{};
  ::getrlimit(RLIMIT_NOFILE, &old);
  rlimit low = old;
  low.rlim_cur = static_cast<rlim_t>(test_support::count_open_fds() + 12);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  {
    Loop loop;
    shoal::Engine engine(loop);
    int finished = 0, exhausted = 0;
    for (int i = 0; i < 20; ++i) {
      auto started = engine.start(Command::exec({"sleep", "0.2"}), [&](Result) { ++finished; });
      if (auto* r = std::get_if<Result>(&started)) {
        EXPECT_TRUE(r->resource_exhausted()) << r->error;
        ++exhausted;
      }
    }
    loop.run();
    EXPECT_GT(exhausted, 0);
    EXPECT_GT(finished, 0);
    EXPECT_EQ(finished + exhausted, 20);
  }
  ::setrlimit(RLIMIT_NOFILE, &old);
}

TEST_F(EngineRun, DestroyingTheEngineEndsWhatRuns) {
  pid_t pid = 0;
  {
    Loop loop;
    shoal::Engine engine(loop);
    engine.start(sh("echo $$; exec sleep 1000"), [](Result) {});
    // Wait until the child has printed its pid, then drop everything.
    Timer poll(loop);
    poll.start(20ms, [&] {
      std::ifstream f("/proc/self/task/" + std::to_string(::getpid()) + "/children");
      f >> pid;
      if (pid > 0) loop.stop();
    }, 20ms);
    loop.run();
  }
  ASSERT_GT(pid, 0);
  EXPECT_FALSE(test_support::process_running(pid));  // reaped by the engine: gone
}

TEST_F(EngineRun, TimeoutOfAShellAndItsChildDoesNotWaitForTheGrace) {
  // The shell and its child both die of the TERM; the child a moment after
  // the shell. The job ends then, not at the end of a 60 s grace period.
  Result r = run_timed(sh("sleep 1000; true"), 100ms, 60s);
  EXPECT_EQ(r.status, Status::timeout);
}

TEST_F(EngineRun, ScriptWithoutShebangRunsWithSh) {
  char path[] = "/tmp/shoal-test-noshebang-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  const char script[] = "echo \"hi $1\"\n";
  ASSERT_EQ(::write(fd, script, sizeof script - 1), static_cast<ssize_t>(sizeof script - 1));
  ::fchmod(fd, 0700);
  ::close(fd);
  Result r = run_one(Command::exec({path, "there"}));
  ::unlink(path);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.str(), "hi there\n");
}

// A fresh engine starts its jobs with their pipes unwatched (see
// CapturePolicy): a job that writes more than its pipes hold blocks
// until the late watch comes, and then every byte of both streams arrives.
TEST_F(EngineRun, AJobStartedUnwatchedThatFillsBothPipesLosesNothing) {
  Loop loop;
  shoal::Engine engine(loop);
  std::vector<Result> results;
  for (int i = 0; i < 3; ++i) {
    // The second and third start after a chatty job: watched from the start.
    auto started = engine.start(
        sh("head -c 1048576 /dev/zero; head -c 307200 /dev/zero >&2; echo end"),
        [&](Result r) { results.push_back(std::move(r)); });
    ASSERT_TRUE(std::holds_alternative<JobId>(started));
    if (i == 0) loop.run();
  }
  loop.run();
  ASSERT_EQ(results.size(), 3u);
  for (const Result& r : results) {
    EXPECT_EQ(r.status, Status::ok);
    EXPECT_EQ(r.out.size(), 1048576u + 4);
    EXPECT_EQ(r.err.size(), 307200u);
  }
}

// After a chatty job the next jobs get a grown stdout pipe that nobody
// reads while they run (see CapturePolicy): when one ends, the pipe becomes
// its output as it is. A job whose output is followed is read as it comes.
TEST_F(EngineRun, AfterAChattyJobOutputWaitsInItsPipeUnlessItIsFollowed) {
  Loop loop;
  EngineOptions options;
  options.late_watch_delay = 10s;  // every job here ends long before
  shoal::Engine engine(loop, options);
  const std::string script = "head -c 60000 /dev/zero; echo end";  // fits a plain pipe too
  std::vector<Result> results;
  auto keep = [&](Result r) { results.push_back(std::move(r)); };
  engine.start(sh(script), keep);  // the first of a run: read at its end
  loop.run();
  EXPECT_EQ(Output::pipes_held(), 0);
  engine.start(sh(script), keep);  // after a chatty one: held in its pipe
  loop.run();
  EXPECT_EQ(Output::pipes_held(), 1);
  std::string followed;
  engine.start(sh(script), keep, [&](int, std::string_view bytes) { followed += bytes; });
  loop.run();
  EXPECT_EQ(Output::pipes_held(), 1);
  ASSERT_EQ(results.size(), 3u);
  for (const Result& r : results) {
    EXPECT_EQ(r.status, Status::ok);
    EXPECT_EQ(r.out.size(), 60004u);
    EXPECT_EQ(r.out.str(), std::string(60000, '\0') + "end\n");
  }
  EXPECT_EQ(Output::pipes_held(), 0);  // str() read it
  EXPECT_EQ(followed.size(), 60004u);
}

// Big pipes are few: past 16 the kernel would shrink every new pipe of the
// user. A job that cannot have one is read from its start -- it never
// waits for the late watch on a full pipe -- and nothing is lost.
TEST_F(EngineRun, HeldPipesAreBoundedAndJobsPastTheBoundAreReadAtOnce) {
  Loop loop;
  EngineOptions options;
  options.late_watch_delay = 10s;  // a job that waited for it would show
  shoal::Engine engine(loop, options);
  engine.start(sh("head -c 40000 /dev/zero"), [](Result) {});
  loop.run();
  std::vector<Result> results;
  for (int i = 0; i < 40; ++i) {  // each more than a plain pipe holds
    engine.start(sh("seq 30000; echo " + std::to_string(i)),
                 [&](Result r) { results.push_back(std::move(r)); });
  }
  loop.run();
  EXPECT_GT(Output::pipes_held(), 0);
  EXPECT_LE(Output::pipes_held(), 16);
  std::string numbers;
  for (int n = 1; n <= 30000; ++n) numbers += std::to_string(n) + "\n";
  ASSERT_EQ(results.size(), 40u);
  std::set<std::string> lasts;
  for (const Result& r : results) {
    EXPECT_EQ(r.status, Status::ok);
    EXPECT_LT(r.duration().count(), 5.0);
    std::string out = r.out.str();
    ASSERT_GT(out.size(), numbers.size());
    EXPECT_EQ(out.substr(0, numbers.size()), numbers);
    lasts.insert(out.substr(numbers.size()));
  }
  EXPECT_EQ(lasts.size(), 40u);
  EXPECT_EQ(Output::pipes_held(), 0);
}

namespace {

// Runs `first` to its end, then `second` on the same engine: the second's
// Result (what a held pipe, grown by the first, does to the next job).
Result run_after(const std::string& first, const Command& second, EngineOptions options = {}) {
  Loop loop;
  shoal::Engine engine(loop, options);
  engine.start(sh(first), [](Result) {});
  loop.run();
  Result r;
  engine.start(second, [&](Result got) { r = std::move(got); });
  loop.run();
  return r;
}

}  // namespace

// Only stdout is held: after jobs chatty on stderr, new jobs are read from
// their start, or each would wait on its full stderr pipe.
TEST_F(EngineRun, JobsChattyOnStderrAreReadAtOnce) {
  EngineOptions options;
  options.late_watch_delay = 10s;
  Result r = run_after("head -c 40000 /dev/zero >&2", sh("head -c 300000 /dev/zero >&2"), options);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.err.size(), 300000u);
  EXPECT_LT(r.duration().count(), 5.0);
}

// A job given a grown pipe that prints more than it holds waits for the
// late watch once, then is read to its end.
TEST_F(EngineRun, AHeldPipeThatOverflowsIsReadAndLosesNothing) {
  Result r = run_after("head -c 100000 /dev/zero", sh("head -c 3000000 /dev/zero; echo end"));
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.size(), 3000004u);
  EXPECT_EQ(Output::pipes_held(), 0);
}

// A job killed by its timeout keeps what it wrote, after a chatty job too.
TEST_F(EngineRun, ATimedOutJobAfterAChattyOneKeepsItsOutput) {
  Command slow = sh("head -c 70000 /dev/zero; echo partial >&2; sleep 30");
  slow.timeout = 200ms;
  Result r = run_after("head -c 100000 /dev/zero", slow);
  EXPECT_EQ(r.status, Status::timeout);
  EXPECT_EQ(r.out.size(), 70000u);
  EXPECT_EQ(r.err.str(), "partial\n");
}

// Its leader has exited, but a background process it started still holds
// its stdout: the job ends with what it had written,
// without waiting for the pipe's end of file.
TEST_F(EngineRun, OutputHeldOpenByABackgroundProcessDoesNotHoldTheJob) {
  char dir[] = "/tmp/shoal-test-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  std::string pid_file = std::string(dir) + "/pid";
  enum Capture { pipes_watched_late, pipe_held, pipes_followed };
  for (Capture capture : {pipes_watched_late, pipe_held, pipes_followed}) {
    SCOPED_TRACE(capture);
    Loop loop;
    shoal::Engine engine(loop);
    if (capture == pipe_held) {  // a chatty job first, so the next gets a grown pipe
      engine.start(sh("head -c 100000 /dev/zero"), [](Result) {});
      loop.run();
    }
    Result r;
    std::string followed;
    Engine::OutputListener listener;
    if (capture == pipes_followed) listener = [&](int, std::string_view b) { followed += b; };
    engine.start(sh("sleep 60 & echo $! > " + pid_file + "; echo before"),
                 [&](Result got) { r = std::move(got); }, listener);
    loop.run();
    if (capture == pipes_followed) {
      EXPECT_EQ(followed, "before\n");
    }
    std::ifstream in(pid_file);
    pid_t background = 0;
    in >> background;
    ASSERT_GT(background, 0);
    EXPECT_TRUE(test_support::process_running(background));
    EXPECT_EQ(r.status, Status::ok);
    if (capture != pipes_followed) {
      EXPECT_EQ(r.out.str(), "before\n");
    }
    EXPECT_LT(r.duration().count(), 30.0);
    ::kill(background, SIGKILL);
    EXPECT_TRUE(test_support::wait_for_exit(background, 5000));
  }
  std::remove(pid_file.c_str());
  ::rmdir(dir);
}

// Output is never captured through files: a job may reopen its stdout
// (`> /dev/stdout`), which would truncate a file and lose what it wrote
// before. A pipe reopened is the same pipe.
TEST_F(EngineRun, ChattyJobsReopeningStdoutLoseNothing) {
  Loop loop;
  shoal::Engine engine(loop);
  std::vector<Result> results;
  for (int i = 0; i < 3; ++i) {
    engine.start(sh("head -c 100000 /dev/zero; echo after > /dev/stdout"),
                 [&](Result r) { results.push_back(std::move(r)); });
    loop.run();
  }
  ASSERT_EQ(results.size(), 3u);
  for (const Result& r : results) EXPECT_EQ(r.out.size(), 100000u + 6);
}

namespace {

// An engine on a loop of its own that has run `script` to its end; the
// script printed the pid of what it left in the background: `background`.
class LeftBehind {
 public:
  explicit LeftBehind(const std::string& script) {
    Result out;
    auto started = engine.start(sh(script), [&](Result r) { out = std::move(r); });
    EXPECT_TRUE(std::holds_alternative<JobId>(started));
    loop.run();
    EXPECT_EQ(out.status, Status::ok);
    std::istringstream(out.out.str()) >> background;
    EXPECT_GT(background, 0);
  }

  Loop loop;
  shoal::Engine engine{loop};
  pid_t background = 0;
};

}  // namespace

// A job is over when its leader is; what it left in its group runs on (a
// daemon it meant to leave) until the caller asks for it to end: TERM
// first.
TEST_F(EngineRun, WhatAnEndedJobLeftRunsOnUntilEnded) {
  LeftBehind left("sleep 1000 >/dev/null & echo $!");
  ASSERT_GT(left.background, 0);
  EXPECT_TRUE(test_support::process_running(left.background));
  bool done = false;
  left.engine.end_left_behind(60s, [&] { done = true; });  // a grace waited for would hang the test
  left.loop.run();
  EXPECT_TRUE(done);
  EXPECT_FALSE(test_support::process_running(left.background));
}

// A member that ignores TERM (and SIGINT, as sh makes background commands
// do) gets the KILL a grace later.
TEST_F(EngineRun, EndingWhatAJobLeftKillsWhatIgnoresTerm) {
  LeftBehind left("(trap '' TERM; exec sleep 1000) >/dev/null & echo $!");
  ASSERT_GT(left.background, 0);
  bool done = false;
  left.engine.end_left_behind(100ms, [&] { done = true; });
  left.loop.run();
  EXPECT_TRUE(done);
  EXPECT_TRUE(test_support::wait_for_exit(left.background, 5000));
}

TEST_F(EngineRun, SignalLeftBehindReachesGroupsWhoseLeaderExited) {
  LeftBehind left("sleep 1000 >/dev/null & echo $!");
  ASSERT_GT(left.background, 0);
  left.engine.signal_left_behind(SIGKILL);
  EXPECT_TRUE(test_support::wait_for_exit(left.background, 5000));
}

// A group with nobody alive in it is not signalled (its number may be
// someone else's by then): nothing to wait for.
TEST_F(EngineRun, EndingWhenNothingIsLeftIsDoneAtOnce) {
  LeftBehind left("sleep 1000 >/dev/null & echo $!");
  ASSERT_GT(left.background, 0);
  ::kill(left.background, SIGKILL);
  ASSERT_TRUE(test_support::wait_for_exit(left.background, 5000));
  bool done = false;
  left.engine.end_left_behind(60s, [&] { done = true; });
  EXPECT_TRUE(done);
}

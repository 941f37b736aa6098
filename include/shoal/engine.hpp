// The engine: starts commands as child processes on a Loop and reports each
// one's Result when it has ended. It holds no policy -- it does not decide
// how many run, in which order, or what happens to the output; the caller
// (the `shoal` command, or a Pool) does.
//
// Guarantees: every child runs in its own process group with default signal
// dispositions and an empty signal mask; only its stdin (/dev/null unless
// the command brings data), stdout and stderr pipes are inherited; its exit is noticed through a pidfd, not a
// timer; its output is captured in full; a timeout ends the whole group.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <chrono>
#include <csignal>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "shoal/command.hpp"
#include "shoal/loop.hpp"
#include "shoal/result.hpp"

namespace shoal {

using JobId = std::uint64_t;

struct EngineOptions {
  std::size_t spill_threshold = 1 << 20;  // bytes per stream kept in memory
  std::string spill_dir;                  // empty: $TMPDIR, else /tmp
  // A signal this process ignores stays ignored across exec, so every spawn
  // finds out which are ignored (one rt_sigaction call a signal, about
  // 17 us) and sets them back to the default in the child. A program that
  // never changes which signals it ignores once it has started its first
  // job (the shoal command) sets this: the list is read once per process.
  bool ignored_signals_fixed = false;
  // A job whose output is not followed starts with its pipes unwatched;
  // they are watched if it still runs after one to two of these (see
  // design.md, "How output is captured"). Tests lengthen it to make a
  // short job's timing certain.
  std::chrono::milliseconds late_watch_delay{4};
};

class Engine {
 public:
  using Done = std::function<void(Result)>;
  // Sees the job's output as it arrives: stream 1 (stdout) or 2 (stderr).
  using OutputListener = std::function<void(int stream, std::string_view bytes)>;

  explicit Engine(Loop& loop, EngineOptions options = {});
  // Ends whatever still runs (SIGKILL to each process group) and reaps it.
  // What ended jobs left behind is left alone.
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Starts `command` now. On success returns its id and later calls `done`
  // exactly once, from the loop. If it cannot start, returns the Result at
  // once (status error; resource_exhausted() tells a retryable shortage) and
  // never calls `done`.
  std::variant<JobId, Result> start(const Command& command, Done done,
                                    OutputListener listener = {});

  // Sends `signum` to the job's whole process group.
  void signal(JobId id, int signum);
  // Ends the job as a timeout would: TERM to its group, KILL after the
  // command's kill_grace. Its Result has status killed, whatever the
  // process did on TERM -- unless its leader had already exited when
  // cancel() was called (the loop had not seen it yet): the job then ended
  // on its own and keeps its own status, and what is left of its group
  // still gets the TERM. Does nothing for a job that has already finished.
  void cancel(JobId id);
  // Sends `signum` to every running job's whole process group.
  void signal_all(int signum);
  // Ends every running job as a timeout would (its command's termseq, or
  // TERM and KILL kill_grace later), but its status is what the signals
  // made of it.
  void end_all();

  // What ended jobs left behind. A job has ended when its leader has;
  // processes it started in the background may live on in its process
  // group (a daemon it meant to leave, a child that ignored the signal that
  // ended its shell). The engine keeps each such group while anything is in
  // it, and does nothing to it unless asked to by one of these two.
  //
  // Sends `signum` to each such group that still has a live member.
  void signal_left_behind(int signum);
  // TERM to each such group that still has a live member, and KILL `grace`
  // later to those that still have one. Calls `done`, from the loop, once
  // none has (at once if none had), or `grace` after the KILL at the
  // latest. One call at a time. A group is known by number only, and
  // forgotten once found empty (looked at every second while the loop
  // runs), since its number may then come back as someone else's group.
  void end_left_behind(std::chrono::milliseconds grace, std::function<void()> done);

  std::size_t running() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace shoal

#pragma GCC visibility pop

// What ended jobs leave behind. A job has ended when its leader has; what it
// started in the background may live on in its process group -- a daemon it
// meant to leave (`nohup ... &`), or a child that ignored the signal that
// ended its shell (sh makes a background command ignore SIGINT). The engine
// keeps those groups here and touches them only when asked to: the `shoal`
// command asks when it is stopped (Ctrl-C, SIGTERM, --halt now), so that
// nothing of its jobs outlives it then, and not after a run that ended on
// its own.
//
// A group is known by its number only. The number stays the group's while
// any member, even a zombie, is left in it; once the group is empty the
// number may come back, after a wrap-around of the pid space, as someone
// else's group. So a group is forgotten as soon as it is found empty
// (looked at once a second while the loop runs), and is signalled only
// right after a scan of /proc has found a live member in it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <vector>

#include "shoal/loop.hpp"

namespace shoal {

class LeftBehind {
 public:
  explicit LeftBehind(Loop& loop) : loop_(loop) {}

  // A job's leader has exited and been reaped: its group is kept if
  // anything is still in it.
  void job_ended(pid_t pgid);
  // Sends `signum` to each group kept that has a live member.
  void signal(int signum);
  // TERM to each group kept that has a live member, and KILL `grace` later
  // to those that still have one. Calls `done` (from the loop) once none
  // has; at once if none had; or `grace` after the KILL if a member is
  // still there (stuck in the kernel, say). One end() at a time.
  void end(std::chrono::milliseconds grace, std::function<void()> done);

 private:
  void forget_emptied();
  // Those of `groups` with a live member, never shoal's own group.
  static std::vector<pid_t> live(const std::vector<pid_t>& groups);
  void recheck_later();
  void on_deadline();
  void ended();

  Loop& loop_;
  std::vector<pid_t> groups_;
  Timer watch_;  // forgets emptied groups; keeps no loop alive
  // While end() runs: the groups signalled that still had a live member
  // when last looked at.
  std::vector<pid_t> ending_;
  std::function<void()> done_;
  std::chrono::milliseconds grace_{0};
  std::chrono::milliseconds recheck_every_{5};
  bool killed_ = false;
  Timer recheck_, deadline_;
};

}  // namespace shoal

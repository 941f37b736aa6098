#include "left_behind.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "process_group.hpp"

namespace shoal {

using std::chrono::milliseconds;

void LeftBehind::job_ended(pid_t pgid) {
  // kill() counts zombies too: a group of zombies is kept until the watch
  // finds it empty, which is safe (its number is not handed out meanwhile).
  if (pgid <= 1 || ::kill(-pgid, 0) != 0) return;
  groups_.push_back(pgid);
  if (watch_.active()) return;
  watch_ = Timer(loop_);
  watch_.start(milliseconds(1000), [this] { forget_emptied(); }, milliseconds(1000));
  watch_.set_keeps_loop_alive(false);
}

void LeftBehind::forget_emptied() {
  std::erase_if(groups_, [](pid_t g) { return ::kill(-g, 0) != 0 && errno == ESRCH; });
  if (groups_.empty()) watch_.stop();
}

std::vector<pid_t> LeftBehind::live(const std::vector<pid_t>& groups) {
  std::vector<pid_t> found = groups_with_live_members(groups);
  std::erase(found, ::getpgrp());
  return found;
}

void LeftBehind::signal(int signum) {
  forget_emptied();
  for (pid_t g : live(groups_)) ::kill(-g, signum);
}

void LeftBehind::end(milliseconds grace, std::function<void()> done) {
  forget_emptied();
  ending_ = live(groups_);
  if (ending_.empty()) {
    done();
    return;
  }
  for (pid_t g : ending_) ::kill(-g, SIGTERM);
  done_ = std::move(done);
  grace_ = grace;
  killed_ = false;
  recheck_every_ = milliseconds(5);
  recheck_later();
  deadline_ = Timer(loop_);
  deadline_.start(grace_, [this] { on_deadline(); });
}

// Nothing tells of the death of a process that is not our child: look
// again after 5, 10, 20 ... ms (most members die a moment after the TERM),
// at least every 100 ms.
void LeftBehind::recheck_later() {
  recheck_ = Timer(loop_);
  recheck_.start(recheck_every_, [this] {
    ending_ = live(ending_);
    if (ending_.empty()) {
      ended();
      return;
    }
    recheck_every_ = std::min(recheck_every_ * 2, milliseconds(100));
    recheck_later();
  });
}

void LeftBehind::on_deadline() {
  if (killed_) {
    ended();  // given up on: a member that does not die even of KILL
    return;
  }
  killed_ = true;
  ending_ = live(ending_);
  for (pid_t g : ending_) ::kill(-g, SIGKILL);
  recheck_every_ = milliseconds(5);
  recheck_later();
  deadline_ = Timer(loop_);
  deadline_.start(grace_, [this] { on_deadline(); });
}

void LeftBehind::ended() {
  recheck_ = Timer();
  deadline_ = Timer();
  ending_.clear();
  std::function<void()> done = std::move(done_);
  done_ = nullptr;
  done();
}

}  // namespace shoal

// What may start next: the concurrency limit, slot numbers ({%}), stopping,
// and the response to running out of fds or processes. Pure policy: it never
// spawns anything, so it is tested without processes.
#pragma once

#include <cstddef>
#include <functional>
#include <queue>
#include <vector>

namespace shoal::cli {

class Scheduler {
 public:
  explicit Scheduler(std::size_t limit) : limit_(limit == 0 ? 1 : limit) {}

  bool can_start() const { return !stopping_ && running_ < limit_; }
  // Takes a slot for a job that is starting: the lowest free one, 1-based.
  std::size_t start();
  void finish(std::size_t slot);

  // A job could not start for lack of fds or processes. When other jobs run,
  // the limit drops to their number (the machine's real capacity) and the
  // job should be tried again once one of them ends: returns true. With
  // nothing running there is nothing to wait for: returns false.
  bool resource_exhausted();
  // True once, after resource_exhausted() first lowered the limit.
  bool take_cap_notice();

  void stop() { stopping_ = true; }
  bool stopping() const { return stopping_; }
  std::size_t running() const { return running_; }
  std::size_t limit() const { return limit_; }

 private:
  std::size_t limit_;
  std::size_t running_ = 0;
  std::size_t highest_slot_ = 0;
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> free_slots_;
  bool stopping_ = false;
  bool capped_ = false;
  bool cap_noticed_ = false;
};

}  // namespace shoal::cli

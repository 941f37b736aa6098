#include "scheduler.hpp"

namespace shoal::cli {

std::size_t Scheduler::start() {
  ++running_;
  if (!free_slots_.empty()) {
    std::size_t slot = free_slots_.top();
    free_slots_.pop();
    return slot;
  }
  return ++highest_slot_;
}

void Scheduler::finish(std::size_t slot) {
  --running_;
  free_slots_.push(slot);
}

bool Scheduler::resource_exhausted() {
  if (running_ == 0) return false;
  if (running_ < limit_) {
    limit_ = running_;
    capped_ = true;
  }
  return true;
}

bool Scheduler::take_cap_notice() {
  if (!capped_ || cap_noticed_) return false;
  cap_noticed_ = true;
  return true;
}

}  // namespace shoal::cli

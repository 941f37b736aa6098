#include "remote/fan_out.hpp"

#include <utility>

namespace shoal::cli {

FanOut::FanOut(std::size_t hosts, std::vector<std::size_t> stage_ends)
    : hosts_(hosts), stage_ends_(std::move(stage_ends)), touched_(hosts, false) {}

std::optional<FanOut::Job> FanOut::next(const std::function<Read(Item&)>& read) {
  if (!have_item_ || next_host_ == stage_end()) {
    have_item_ = false;
    if (!next_item(read)) return std::nullopt;
    have_item_ = true;
    next_host_ = stage_begin();
  }
  std::size_t host = next_host_++;
  if (staged()) touched_[host] = true;
  return Job{item_.seq, item_.args, host};
}

// The first stage (or a run without stages) reads its items from the
// input; a later one replays them.
bool FanOut::next_item(const std::function<Read(Item&)>& read) {
  if (stage_ > 0) {
    if (replay_ == items_.size()) {
      stage_pulled_ = true;
      return false;
    }
    item_ = items_[replay_++];
    return true;
  }
  Item item;
  switch (read(item)) {
    case Read::item: break;
    case Read::wait: return false;
    case Read::end:
      if (staged()) stage_pulled_ = true;
      return false;
  }
  item_ = std::move(item);
  if (staged()) items_.push_back(item_);
  return true;
}

std::vector<std::size_t> FanOut::never_touched() const {
  std::vector<std::size_t> never;
  for (std::size_t h = 0; h < touched_.size(); ++h)
    if (!touched_[h]) never.push_back(h);
  return never;
}

void FanOut::next_stage() {
  ++stage_;
  stage_ok_ = stage_not_ok_ = 0;
  stage_pulled_ = stage_said_ = false;
  replay_ = 0;
  have_item_ = false;
}

}  // namespace shoal::cli

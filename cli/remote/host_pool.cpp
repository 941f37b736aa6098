#include "remote/host_pool.hpp"

#include <fmt/format.h>

namespace shoal::cli {

HostPool::HostPool(std::vector<SshLogin> logins, std::size_t default_slots, bool connect_first) {
  for (auto& l : logins) {
    Host h;
    h.slots = l.slots > 0 ? l.slots : std::max<std::size_t>(1, default_slots);
    h.state = connect_first && !l.local() ? State::idle : State::up;
    h.login = std::move(l);
    by_name_.emplace(h.login.name(), hosts_.size());
    hosts_.push_back(std::move(h));
  }
}

HostPool::Placement HostPool::place_anywhere() const {
  Placement best;
  bool any_may_come = false;
  std::size_t most_free = 0;
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    const Host& h = hosts_[i];
    if (h.state == State::down) continue;
    any_may_come = true;
    if (h.state != State::up) continue;
    std::size_t free = h.slots - h.running;
    if (free > most_free) {
      most_free = free;
      best = {Placement::Kind::run, i, {}};
    }
  }
  if (best.kind == Placement::Kind::run) return best;
  if (any_may_come) return {Placement::Kind::wait, 0, {}};
  std::string reason = "no host could be reached";
  for (const auto& h : hosts_) reason += fmt::format("; {}: {}", h.login.name(), h.down_reason);
  return {Placement::Kind::fail, 0, reason};
}

HostPool::Placement HostPool::place_on(std::size_t host) const {
  const Host& h = hosts_[host];
  if (h.state == State::down) return {Placement::Kind::fail, host, h.down_reason};
  if (h.state == State::up && h.running < h.slots) return {Placement::Kind::run, host, {}};
  return {Placement::Kind::wait, host, {}};
}

std::optional<std::size_t> HostPool::find(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

void HostPool::set_down(std::size_t host, std::string reason) {
  if (hosts_[host].state != State::down) newly_down_.push_back(host);
  hosts_[host].state = State::down;
  hosts_[host].down_reason = std::move(reason);
}

std::size_t HostPool::total_slots() const {
  std::size_t n = 0;
  for (const auto& h : hosts_) n += h.slots;
  return n;
}

}  // namespace shoal::cli

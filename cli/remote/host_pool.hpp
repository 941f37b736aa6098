// Which host a job runs on. Each host has its slots (`N/host`, else -j),
// and a state: a host whose shared connection is still being opened takes
// no job yet, and a host that could not be reached takes none at all -- its
// jobs go to the others, or, when a job belongs to that host (--onall,
// --nonall), end as errors carrying ssh's message. Pure bookkeeping, tested
// without ssh.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "shoal/ssh.hpp"

namespace shoal::cli {

class HostPool {
 public:
  enum class State { idle, connecting, up, down };

  struct Host {
    SshLogin login;
    std::size_t slots = 1;
    std::size_t running = 0;
    State state = State::idle;
    std::string down_reason;  // ssh's message
  };

  // `default_slots` for logins without N/. When `connect_first`, hosts start
  // idle and take jobs once set_up(); otherwise they are up at once. The
  // local host (`:`) never needs a connection.
  HostPool(std::vector<SshLogin> logins, std::size_t default_slots, bool connect_first);

  // Where a job may run now.
  struct Placement {
    enum class Kind { run, wait, fail } kind = Kind::wait;
    std::size_t host = 0;  // run: on this host; wait: host to connect, if idle
    std::string reason;    // fail: why no host can take it
  };
  // A job free to run anywhere: the up host with the most free slots; wait
  // while some host may still take it; fail when every host is down.
  Placement place_anywhere() const;
  // A job bound to one host.
  Placement place_on(std::size_t host) const;

  void take(std::size_t host) { ++hosts_[host].running; }
  void release(std::size_t host) { --hosts_[host].running; }
  void set_connecting(std::size_t host) { hosts_[host].state = State::connecting; }
  void set_up(std::size_t host) { hosts_[host].state = State::up; }
  void set_down(std::size_t host, std::string reason);

  // The hosts set down since the last call, in the order they went down:
  // for the records of hosts no job of their own will report (spread runs).
  std::vector<std::size_t> take_newly_down() { return std::exchange(newly_down_, {}); }

  std::size_t total_slots() const;
  std::size_t size() const { return hosts_.size(); }
  const Host& operator[](std::size_t i) const { return hosts_[i]; }
  // The host whose login name() is `name`.
  std::optional<std::size_t> find(const std::string& name) const;

 private:
  std::vector<Host> hosts_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::vector<std::size_t> newly_down_;
};

}  // namespace shoal::cli

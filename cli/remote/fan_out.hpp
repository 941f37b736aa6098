// --onall/--nonall: each input item becomes one job on every host, and
// --stages walks those hosts a stage at a time. This file is that
// bookkeeping alone -- which (item, host) comes next, the items a later
// stage runs again, the jobs parked until their own host is ready, each
// stage's tally for its gate -- with no loop, engine or process, so that
// it is tested on its own (tests/unit/fan_out_test.cpp). The Runner
// (runner_hosts.cpp) drives it: it reads the input, asks the joblog what
// ran before, and starts the jobs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shoal::cli {

// Jobs waiting for their own host (to connect, or to end the job before
// theirs), so that one slow host holds up no other. `Job` is the Runner's
// record of a job; only its order and its host matter here.
template <typename Job>
class ParkedJobs {
 public:
  void park(std::size_t host, Job job) {
    by_host_[host].push_back(std::move(job));
    ++count_;
  }

  // The oldest job of the first host (lowest index) that `ready(host)`
  // says can take one now; none when no such host has a job parked.
  template <typename Ready>
  std::optional<Job> take(Ready&& ready) {
    for (auto it = by_host_.begin(); it != by_host_.end(); ++it) {
      if (!ready(it->first)) continue;
      std::optional<Job> job(std::move(it->second.front()));
      it->second.pop_front();
      if (it->second.empty()) by_host_.erase(it);
      --count_;
      return job;
    }
    return std::nullopt;
  }

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Stopping: parked jobs never started, so (like input not read yet) they
  // get no record.
  void clear() {
    by_host_.clear();
    count_ = 0;
  }

 private:
  std::map<std::size_t, std::deque<Job>> by_host_;
  std::size_t count_ = 0;
};

// The walk of input items over hosts: for each item, every host of the
// stage running, in host order; all jobs of an item share its seq (GNU
// parallel's joblog numbers them so: the Host column tells them apart).
// The first stage reads items from the input; a later one runs those same
// items again on its own hosts.
class FanOut {
 public:
  struct Item {
    std::uint64_t seq = 0;
    std::vector<std::string> args;
  };
  // One job to run: an item on a host.
  struct Job {
    std::uint64_t seq = 0;
    std::vector<std::string> args;
    std::size_t host = 0;
  };
  // What reading the input gave: an item, nothing yet, or its end.
  enum class Read { item, wait, end };

  // `hosts` hosts; `stage_ends` as plan_stages() makes them, or empty for
  // a run without --stages (one stage of every host).
  FanOut(std::size_t hosts, std::vector<std::size_t> stage_ends);

  // The next job, or none for now: `read` waits for input, or this stage
  // has had every job (stage_pulled()). `read` is asked for an item only
  // in the first stage. With --stages, the host a job names is touched.
  std::optional<Job> next(const std::function<Read(Item&)>& read);

  bool staged() const { return !stage_ends_.empty(); }
  std::size_t stage() const { return stage_; }  // from 0
  std::size_t stage_count() const { return stage_ends_.size(); }
  // The hosts of the stage running: indices [stage_begin(), stage_end()).
  std::size_t stage_begin() const { return stage_ == 0 ? 0 : stage_ends_[stage_ - 1]; }
  std::size_t stage_end() const { return stage_ends_.empty() ? hosts_ : stage_ends_[stage_]; }
  bool more_stages() const { return staged() && stage_ + 1 < stage_ends_.size(); }
  // --stages: every job of the stage running has been handed out.
  bool stage_pulled() const { return stage_pulled_; }
  // The items the first stage read (kept only with --stages).
  const std::vector<Item>& items() const { return items_; }

  // True once per stage, the first time it is asked: the stage is named
  // when its first job starts.
  bool announce_stage() { return !std::exchange(stage_said_, true); }
  // A job of the stage running ended (or the joblog had its result).
  void count(bool ok) { ++(ok ? stage_ok_ : stage_not_ok_); }
  std::size_t stage_ok() const { return stage_ok_; }
  std::size_t stage_not_ok() const { return stage_not_ok_; }
  // The hosts on which no job ran nor was found in the joblog.
  std::vector<std::size_t> never_touched() const;

  // The gate passed: the next stage begins, replaying the items.
  void next_stage();

 private:
  bool next_item(const std::function<Read(Item&)>& read);

  std::size_t hosts_;
  std::vector<std::size_t> stage_ends_;
  std::size_t stage_ = 0;
  bool stage_pulled_ = false;
  bool stage_said_ = false;
  std::size_t stage_ok_ = 0, stage_not_ok_ = 0;
  std::vector<bool> touched_;
  Item item_;  // the item being run on every host
  bool have_item_ = false;
  std::size_t next_host_ = 0;
  std::vector<Item> items_;
  std::size_t replay_ = 0;
};

}  // namespace shoal::cli

// The pool's accounting: slots, the FIFO of jobs waiting for one, delayed
// jobs, and the list of live jobs that cancel_all and the destructor walk.
#include "shoal/pool.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace shoal {

namespace detail {

PoolCore::PoolCore(Hub& h, std::size_t n) : hub(&h), size(n) { h.attach(*this); }

PoolCore::~PoolCore() {
  if (hub) hub->detach(*this);
}

Hub& PoolCore::live_hub() {
  if (!hub) hub_gone("the Pool was destroyed or used after it");
  return *hub;
}

void PoolCore::hub_gone(const char* how) {
  std::fprintf(stderr,
               "shoal::Hub destroyed while a Pool still uses it (%s); destroy each Pool, and let "
               "its jobs end, before its Hub\n",
               how);
  std::abort();
}

void PoolCore::submit(const std::shared_ptr<PoolCore>& self, std::shared_ptr<JobBase> job,
                      std::optional<Hub::Duration> delay) {
  job->pool = self;
  job->next = live;
  if (live) live->prev = job.get();
  live = job.get();
  ++live_count;
  if (delay) {
    job->stage = Stage::delayed;
    ++delayed;
    // The frame holds the job alive while it is scheduled.
    hub->schedule(*job, hub->deadline_in(*delay));
    return;
  }
  delay_over(std::move(job));
}

void PoolCore::delay_over(std::shared_ptr<JobBase> job) {
  job->stage = Stage::queued;
  queue.push_back(std::move(job));
  start_waiting();
}

void PoolCore::start_waiting() {
  while (running < size && !queue.empty()) {
    std::shared_ptr<JobBase> job = std::move(queue.front());
    queue.pop_front();
    start(*job);
  }
}

void PoolCore::start(JobBase& job) {
  job.stage = Stage::running;
  ++running;
  // Resumed from the ready queue: in spawn order, and never inside the
  // caller of spawn() or inside the job that just gave its slot back.
  hub->post(std::exchange(job.driver, {}));
}

void PoolCore::remove_queued(JobBase& job) {
  auto it = std::find_if(queue.begin(), queue.end(),
                         [&](const std::shared_ptr<JobBase>& j) { return j.get() == &job; });
  if (it != queue.end()) queue.erase(it);
}

void PoolCore::ended(JobBase& job, bool was_running) {
  if (job.prev)
    job.prev->next = job.next;
  else
    live = job.next;
  if (job.next) job.next->prev = job.prev;
  job.prev = job.next = nullptr;
  --live_count;
  if (was_running) --running;
  start_waiting();
}

void PoolCore::cancel_all() {
  // Not-started jobs end (and leave the list) at once; running ones only
  // get their context cancelled. Collect first: the list changes under us.
  std::vector<std::shared_ptr<JobBase>> jobs;
  jobs.reserve(live_count);
  for (JobBase* j = live; j; j = j->next) jobs.push_back(j->shared_from_this());
  for (auto& j : jobs) j->cancel();
}

}  // namespace detail

namespace {

// A size_t past PTRDIFF_MAX was, in every program there is, a negative
// number converted on the way in (Pool(-1), Pool(n - 1) with n == 0).
std::size_t checked_size(std::size_t size, bool zero_allowed) {
  if (size > static_cast<std::size_t>(PTRDIFF_MAX))
    throw std::invalid_argument("shoal::Pool: size " +
                                std::to_string(static_cast<std::ptrdiff_t>(size)) +
                                " is negative; a pool needs at least one slot");
  if (size == 0 && !zero_allowed)
    throw std::invalid_argument(
        "shoal::Pool: size 0: a pool needs at least one slot, or no job would ever start");
  return size;
}

}  // namespace

Pool::Pool(std::size_t size) : Pool(Hub::current(), size) {}

Pool::Pool(Hub& hub, std::size_t size)
    : core_(std::make_shared<detail::PoolCore>(hub, checked_size(size, false))) {}

Pool::~Pool() {
  Hub& hub = core_->live_hub();
  core_->cancel_all();
  if (!hub.driving()) (void)hub.run_until([this] { return core_->live_count == 0; });
}

void Pool::resize(std::size_t size) {
  core_->live_hub();
  checked_size(size, true);
  core_->size = size;
  core_->start_waiting();
}

Expected<void> Pool::wait_all() {
  return core_->live_hub().run_until([this] { return core_->live_count == 0; });
}

void Pool::cancel_all() {
  core_->live_hub();
  core_->cancel_all();
}

}  // namespace shoal

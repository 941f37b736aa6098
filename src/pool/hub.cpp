// The hub's ready queue, deadline heap and the blocking run_until. See
// include/shoal/hub.hpp for why they exist.
#include "shoal/hub.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "shoal/pool.hpp"

namespace shoal {

Hub::Hub() : owned_loop_(std::make_unique<Loop>()), loop_(owned_loop_.get()) {
  owned_engine_ = std::make_unique<Engine>(*loop_);
  engine_ = owned_engine_.get();
  ready_timer_ = Timer(*loop_);
  due_timer_ = Timer(*loop_);
}

Hub::Hub(Loop& loop, EngineOptions options) : loop_(&loop) {
  owned_engine_ = std::make_unique<Engine>(loop, std::move(options));
  engine_ = owned_engine_.get();
  ready_timer_ = Timer(*loop_);
  due_timer_ = Timer(*loop_);
}

Hub::Hub(Loop& loop, Engine& engine) : loop_(&loop), engine_(&engine) {
  ready_timer_ = Timer(*loop_);
  due_timer_ = Timer(*loop_);
}

Hub::~Hub() {
  // Pools still here are either about to be destroyed in the wrong order
  // (they find out, and say so: PoolCore::live_hub) or never will be,
  // because the program is ending (exit() destroys the thread's default
  // hub, not the pools on main's stack). Nothing of theirs can run any
  // more: no loop will resume their tasks, and our own engine, destroyed
  // next, kills their processes. But an engine that is not ours goes on
  // and would resume a task, on this freed hub, when its command ends.
  for (detail::PoolCore* pool : pools_) {
    if (!owned_engine_ && pool->running > 0)
      detail::PoolCore::hub_gone("its jobs still run on an Engine the Hub does not own");
    pool->hub = nullptr;
  }
  // Whatever is still scheduled belongs to frames that will never resume;
  // forget them so nothing points into freed memory.
  for (auto& [due, entry] : due_) entry->scheduled_ = false;
}

Hub& Hub::current() {
  static thread_local Hub hub;
  return hub;
}

Hub::Clock::time_point Hub::now() const { return manual_ ? manual_now_ : Clock::now(); }

namespace {
// t + d, where d > 0 may be anything up to Duration::max(): compared
// before adding, since the sum itself would overflow.
Hub::Clock::time_point later(Hub::Clock::time_point t, Hub::Duration d) {
  if (d <= Hub::Duration::zero()) return t;
  if (d >= Hub::never() - t) return Hub::never();
  return t + d;
}
}  // namespace

Hub::Clock::time_point Hub::deadline_in(Duration d) const { return later(now(), d); }

void Hub::use_manual_clock() {
  manual_ = true;
  manual_now_ = Clock::now();
  ready_timer_.stop();
  ready_armed_ = false;
  due_timer_.stop();
}

// ---- the ready queue ------------------------------------------------------

void Hub::post(std::coroutine_handle<> ready) {
  ready_.push_back(ready);
  if (ready_armed_ || manual_) return;
  // A zero-delay timer runs on the next iteration, after the loop has
  // looked at I/O: a task that yields in a loop cannot starve the others.
  ready_armed_ = true;
  ready_timer_.start(std::chrono::milliseconds{0}, [this] {
    ready_armed_ = false;
    run_ready();
  });
}

void Hub::run_ready() {
  // Only what was ready when this batch began; what the batch makes ready
  // waits for the next iteration.
  std::swap(running_batch_, ready_);
  for (auto h : running_batch_) h.resume();
  running_batch_.clear();
}

// ---- deadlines ------------------------------------------------------------

void Hub::schedule(detail::TimerEntry& entry, Clock::time_point due) {
  if (entry.scheduled_) unschedule(entry);
  bool first = due_.empty() || due < due_.begin()->first;
  entry.pos_ = due_.emplace(due, &entry);
  entry.scheduled_ = true;
  if (first) arm_due_timer();
}

void Hub::unschedule(detail::TimerEntry& entry) {
  if (!entry.scheduled_) return;
  due_.erase(entry.pos_);
  entry.scheduled_ = false;
  // A timer left armed for an earlier deadline finds nothing due and
  // re-arms: cheaper than re-arming on every cancel.
  if (due_.empty() && !manual_) due_timer_.stop();
}

bool Hub::has_deadline() const { return !due_.empty() && due_.begin()->first != never(); }

void Hub::arm_due_timer() {
  if (manual_) return;
  if (!has_deadline()) {  // nothing, or only what waits for never()
    due_timer_.stop();
    return;
  }
  // The loop's timers count whole milliseconds: round up, so that a wake-up
  // is never early by a fraction and then spins.
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(due_.begin()->first - Clock::now());
  if (wait.count() < 0) wait = std::chrono::milliseconds{0};
  due_timer_.start(wait, [this] { fire_due(Clock::now()); });
}

void Hub::fire_due(Clock::time_point now) {
  while (has_deadline() && due_.begin()->first <= now) {
    detail::TimerEntry* entry = due_.begin()->second;
    due_.erase(due_.begin());
    entry->scheduled_ = false;
    entry->fire();  // may schedule or unschedule others
  }
  arm_due_timer();
}

void Hub::advance(Duration by) {
  Clock::time_point target = later(manual_now_, by);
  run_ready();
  while (has_deadline() && due_.begin()->first <= target) {
    manual_now_ = std::max(manual_now_, due_.begin()->first);
    fire_due(manual_now_);
    while (!ready_.empty()) run_ready();
  }
  manual_now_ = target;
  while (!ready_.empty()) run_ready();
}

// ---- the pools ------------------------------------------------------------

void Hub::attach(detail::PoolCore& pool) { pools_.push_back(&pool); }

void Hub::detach(detail::PoolCore& pool) { std::erase(pools_, &pool); }

// ---- blocking waits -------------------------------------------------------

void Hub::notify() {
  progress_ = true;
  if (driving_ && !manual_) loop_->stop();
}

Expected<void> Hub::run_until(const std::function<bool()>& done) {
  if (done()) return {};
  if (driving_)
    return Error{Errc::inside_loop,
                 "wait() called from inside the event loop; co_await the handle instead", {}};
  driving_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{driving_};

  while (!done()) {
    if (manual_) {
      // Virtual time: run what is ready, else jump to the next deadline.
      if (!ready_.empty()) {
        run_ready();
      } else if (has_deadline()) {
        manual_now_ = std::max(manual_now_, due_.begin()->first);
        fire_due(manual_now_);
      } else if (engine_->running() > 0) {
        return Error{Errc::deadlock, "a manual-clock hub cannot wait for running commands", {}};
      } else {
        return Error{Errc::deadlock, "nothing left that could finish what is waited for", {}};
      }
      continue;
    }
    progress_ = false;
    loop_->run();
    // run() returns on stop() (something finished) or when nothing keeps
    // the loop alive: then nothing ever will finish what we wait for.
    if (!progress_ && !done())
      return Error{Errc::deadlock, "nothing left that could finish what is waited for", {}};
  }
  return {};
}

}  // namespace shoal

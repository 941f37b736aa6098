// A spawned job's life: delayed -> queued -> running -> done, or straight to
// done when cancelled before it ran. Ending wakes whoever waits for it and
// gives its slot back to the pool.
#include <cstdio>
#include <exception>

#include "shoal/green_thread.hpp"
#include "shoal/pool.hpp"
#include "shoal/wait_list.hpp"

namespace shoal::detail {

JobBase::~JobBase() = default;

bool JobBase::orphaned() const { return !done() && pool && !pool->hub; }

bool JobBase::Waiter::suspend(Context* c, std::coroutine_handle<> handle) {
  ctx = c;
  if (ctx && ctx->cancelled) return false;  // await_resume throws
  h = handle;
  next = job->waiters;
  job->waiters = this;
  if (ctx) ctx->pending = this;
  return true;
}

void JobBase::Waiter::cancel() {
  // The awaiting task is cancelled, not the job: leave the job's list.
  for (Waiter** w = &job->waiters; *w; w = &(*w)->next) {
    if (*w == this) {
      *w = next;
      break;
    }
  }
  ctx->hub->post(h);
}

void JobBase::cancel() {
  auto self = shared_from_this();  // ending may drop the queue's reference
  switch (stage) {
    case Stage::delayed:
      ctx.hub->unschedule(*this);
      --pool->delayed;
      end_unstarted();
      break;
    case Stage::queued:
      pool->remove_queued(*this);
      end_unstarted();
      break;
    case Stage::running:
      ctx.cancel();
      break;
    case Stage::done:
      break;
  }
}

void JobBase::fire() {
  --pool->delayed;
  pool->delay_over(shared_from_this());
}

void JobBase::end_unstarted() {
  auto self = shared_from_this();  // the frame destroyed next may hold the last reference
  std::exchange(driver, {}).destroy();
  set_cancelled();
  if (WaitList* w = std::exchange(on_start, nullptr)) w->wake_all();
  complete();
}

void JobBase::complete() {
  auto self = shared_from_this();
  bool was_running = stage == Stage::running;
  stage = Stage::done;
  ctx.pending = nullptr;
  // Waiters resume from the ready queue, in the order they began to wait.
  Waiter* reversed = nullptr;
  while (waiters) {
    Waiter* w = std::exchange(waiters, waiters->next);
    w->next = reversed;
    reversed = w;
  }
  for (Waiter* w = reversed; w; w = w->next) {
    if (w->ctx && w->ctx->pending == w) w->ctx->pending = nullptr;
    ctx.hub->post(w->h);
  }
  if (detached) {
    if (const Error* e = failure(); e && e->code != Errc::cancelled)
      std::fprintf(stderr, "shoal: a job spawned with spawn_n failed: %s\n", e->message.c_str());
  }
  ctx.hub->notify();
  std::shared_ptr<PoolCore> core = std::move(pool);
  core->ended(*this, was_running);
  for (std::unique_ptr<Link> l = std::move(links); l; l = std::move(l->next)) {
    try {
      l->call();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "shoal: a callback linked to a job threw: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "shoal: a callback linked to a job threw\n");
    }
  }
}

void JobBase::add_link(std::function<void()> call) {
  std::unique_ptr<Link>* tail = &links;
  while (*tail) tail = &(*tail)->next;
  *tail = std::make_unique<Link>(Link{std::move(call), nullptr});
}

}  // namespace shoal::detail

// The non-template halves of sleep() and run(): how each suspends a task,
// resumes it, and gives up when the task is cancelled.
#include <utility>

#include "shoal/hub.hpp"
#include "shoal/run.hpp"
#include "shoal/sleep.hpp"

namespace shoal {

// ---- sleep ----------------------------------------------------------------

bool SleepAwaiter::suspend(detail::Context* ctx, std::coroutine_handle<> h) {
  ctx_ = ctx;
  if (ctx->cancelled) return false;  // await_resume throws
  h_ = h;
  if (duration_ <= Hub::Duration::zero()) {
    // A yield: back of the ready queue. Nothing to cancel -- it resumes in
    // a moment anyway, and then sees the cancellation.
    ctx->hub->post(h);
    return true;
  }
  ctx->pending = this;
  ctx->hub->schedule(*this, ctx->hub->deadline_in(duration_));
  return true;
}

void SleepAwaiter::fire() {
  ctx_->pending = nullptr;
  h_.resume();
}

void SleepAwaiter::cancel() {
  // Resumed from the ready queue, not from inside cancel(): whoever
  // cancels (another task, a pool's destructor) goes on undisturbed.
  ctx_->hub->unschedule(*this);
  ctx_->hub->post(h_);
}

// ---- run ------------------------------------------------------------------

bool RunAwaiter::start(detail::Context* ctx, std::coroutine_handle<> h) {
  ctx_ = ctx;
  if (ctx->cancelled) return false;  // await_resume throws
  h_ = h;
  auto started = ctx->hub->engine().start(command_, [this](Result r) {
    result_ = std::move(r);
    if (ctx_->pending == this) ctx_->pending = nullptr;
    h_.resume();
  });
  if (auto* not_started = std::get_if<Result>(&started)) {
    result_ = std::move(*not_started);
    return false;
  }
  id_ = std::get<JobId>(started);
  started_ = true;
  ctx->pending = this;
  return true;
}

void RunAwaiter::cancel() {
  // The engine ends the group (TERM, then KILL after the command's grace)
  // and calls back as for any end; the task resumes then.
  ctx_->hub->engine().cancel(id_);
}

}  // namespace shoal

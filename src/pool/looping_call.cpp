// The non-template parts of the looping calls: the interruptible wait
// between runs, the back-off arithmetic (oslo.service's, with its jitter),
// and the default warnings.
#include "shoal/looping_call.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace shoal {

void FixedIntervalOptions::warn_overrun(Hub::Duration late) {
  std::fprintf(stderr, "shoal: looping call run outlasted its interval by %.2f s\n",
               detail::seconds(late));
}

void FixedIntervalOptions::warn_exception(const Error& error) {
  std::fprintf(stderr, "shoal: looping call run failed: %s\n", error.message.c_str());
}

namespace detail {

double seconds(Hub::Duration d) { return std::chrono::duration<double>(d).count(); }

namespace {
// Back from seconds, saturating: a wait grown (or configured) past what a
// Duration holds is Duration::max(), which the hub takes as never; the
// plain conversion would overflow (in practice to a large negative wait,
// and the loop would run again at once).
Hub::Duration from_seconds(double s) {
  if (!(s > 0)) return Hub::Duration::zero();  // negative, or not a number
  if (s >= seconds(Hub::Duration::max())) return Hub::Duration::max();
  return std::chrono::duration_cast<Hub::Duration>(std::chrono::duration<double>(s));
}
}  // namespace

// ---- the wait between runs ------------------------------------------------

bool LoopControl::suspend(Context* ctx, std::coroutine_handle<> h, Hub::Duration d) {
  ctx_ = ctx;
  if (ctx->cancelled || stop_requested) return false;
  h_ = h;
  sleeping_ = true;
  ctx->pending = this;
  // Even a zero wait goes through the hub (due now): the loop yields to
  // the other tasks, and stop() or a cancel can still reach it.
  ctx->hub->schedule(*this, ctx->hub->deadline_in(d));
  return true;
}

void LoopControl::resumed() {
  if (ctx_->cancelled) throw Cancelled();
}

void LoopControl::fire() {
  sleeping_ = false;
  ctx_->pending = nullptr;
  h_.resume();
}

void LoopControl::cancel() {
  if (!sleeping_) return;
  sleeping_ = false;
  ctx_->hub->unschedule(*this);
  ctx_->hub->post(h_);
}

void LoopControl::stop() {
  stop_requested = true;
  if (!sleeping_) return;  // a run is under way; the loop stops after it
  if (ctx_->pending == this) ctx_->pending = nullptr;
  cancel();
}

// ---- back-off -------------------------------------------------------------

BackOff::BackOff(const BackOffOptions& options)
    : o_(options), interval_(seconds(options.starting_interval)), state_(options.seed) {
  if (state_ == 0) state_ = (std::uint64_t{std::random_device{}()} << 32) | std::random_device{}();
}

// A normal deviate N(jitter, jitter_spread): splitmix64 for the uniforms,
// Box-Muller for the shape. Nothing here needs more than that.
double BackOff::gauss() {
  if (o_.jitter_spread == 0) return o_.jitter;
  auto uniform = [this] {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (static_cast<double>(z >> 11) + 0.5) / 9007199254740992.0;  // (0, 1)
  };
  double u1 = uniform(), u2 = uniform();
  return o_.jitter + o_.jitter_spread * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

std::optional<Hub::Duration> BackOff::next(bool success) {
  double min = seconds(o_.min_interval), max = seconds(o_.max_interval);
  if (success) {
    interval_ = seconds(o_.starting_interval);
    error_time_ = 0;
  } else {
    interval_ = std::clamp(interval_ * 2 * gauss(), min, std::max(min, max));
    double timeout = seconds(o_.timeout);
    if (timeout > 0 && error_time_ + interval_ > timeout) return std::nullopt;
    error_time_ += interval_;
  }
  return from_seconds(interval_);
}

}  // namespace detail
}  // namespace shoal

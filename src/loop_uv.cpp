// The Loop backend on libuv. libuv is used only as a portable readiness loop
// (epoll here, kqueue elsewhere): timers, signals, and one fd standing for
// all the watched fds (see fd_watch_epoll.cpp). Process
// spawning is NOT libuv's (uv_spawn forks, and reaps through a global
// SIGCHLD handler); see spawn.cpp for ours.
//
// libuv frees a handle only after uv_close's callback, one loop iteration
// later, so each handle's memory is owned by the loop from close onwards.
#include <unistd.h>
#include <uv.h>

#include <algorithm>
#include <system_error>
#include <utility>

#include "loop_impl.hpp"
#include "private.hpp"
#include "shoal/loop.hpp"

namespace shoal {

namespace {

// libuv's errors are negated errnos. A host program gets them as the
// std::system_error a constructor throws (docs/library.md, "Errors").
[[noreturn]] void throw_uv(const char* what, int rc) {
  throw std::system_error(-rc, std::generic_category(), what);
}

template <class T>
void close_and_delete(T* impl) {
  if (!impl) return;
  uv_close(reinterpret_cast<uv_handle_t*>(&impl->handle),
           [](uv_handle_t* h) { delete static_cast<T*>(h->data); });
}

// A handle's move assignment: the one it had is closed, the other's taken.
template <class T>
void take_handle(T*& mine, T*& theirs) {
  if (&mine == &theirs) return;
  close_and_delete(mine);
  mine = std::exchange(theirs, nullptr);
}

}  // namespace

Loop::Loop() : impl_(std::make_unique<Impl>()) {
  // Fails when the process is out of fds (the loop's epoll fd): thrown,
  // since a constructor has no other way to refuse.
  if (int rc = uv_loop_init(&impl_->uv); rc != 0) {
    // libuv (1.44) gives back what a failed init made but its epoll fd,
    // which only uv_loop_close closes: a host that catches this and goes
    // on would lose an fd each time.
    if (int backend = uv_backend_fd(&impl_->uv); backend >= 0) ::close(backend);
    throw_uv("shoal::Loop: uv_loop_init", rc);
  }
}

Loop::~Loop() {
  impl_->close_watch_set();
  // Let pending close callbacks run so that every handle's memory is freed.
  uv_run(&impl_->uv, UV_RUN_NOWAIT);
  if (uv_loop_close(&impl_->uv) == UV_EBUSY) {
    uv_walk(&impl_->uv, [](uv_handle_t* h, void*) {
      if (!uv_is_closing(h)) uv_close(h, nullptr);
    }, nullptr);
    uv_run(&impl_->uv, UV_RUN_DEFAULT);
    uv_loop_close(&impl_->uv);
  }
}

void Loop::run() { uv_run(&impl_->uv, UV_RUN_DEFAULT); }
void Loop::stop() { uv_stop(&impl_->uv); }

// ---- Timer ----------------------------------------------------------------

struct SHOAL_PRIVATE Timer::Impl {
  uv_timer_t handle;
  std::function<void()> fire;
};

Timer::Timer(Loop& loop) : impl_(new Impl) {
  uv_timer_init(&loop.impl().uv, &impl_->handle);
  impl_->handle.data = impl_;
}

Timer::Timer(Timer&& o) noexcept : impl_(std::exchange(o.impl_, nullptr)) {}
Timer& Timer::operator=(Timer&& o) noexcept {
  take_handle(impl_, o.impl_);
  return *this;
}
Timer::~Timer() { close_and_delete(impl_); }

void Timer::start(std::chrono::milliseconds delay, std::function<void()> fire,
                  std::chrono::milliseconds period) {
  impl_->fire = std::move(fire);
  // libuv counts from the time cached when this loop iteration began; work
  // done since (a long write, say) would shorten the delay. Count from now.
  uv_update_time(impl_->handle.loop);
  // libuv counts in unsigned milliseconds: a negative delay would become
  // some 584 million years (a kill_grace of -1 ms: no KILL, ever). Negative
  // is now; a huge delay libuv itself clamps to its last instant.
  delay = std::max(delay, std::chrono::milliseconds{0});
  period = std::max(period, std::chrono::milliseconds{0});
  uv_timer_start(
      &impl_->handle,
      [](uv_timer_t* t) {
        // Copy first: the callback may destroy or restart this timer.
        auto fire = static_cast<Impl*>(t->data)->fire;
        fire();
      },
      static_cast<uint64_t>(delay.count()), static_cast<uint64_t>(period.count()));
}

void Timer::stop() {
  if (impl_) uv_timer_stop(&impl_->handle);
}

bool Timer::active() const {
  return impl_ && uv_is_active(reinterpret_cast<const uv_handle_t*>(&impl_->handle));
}

void Timer::set_keeps_loop_alive(bool keep) {
  if (keep)
    uv_ref(reinterpret_cast<uv_handle_t*>(&impl_->handle));
  else
    uv_unref(reinterpret_cast<uv_handle_t*>(&impl_->handle));
}

// ---- SignalWatch ----------------------------------------------------------

struct SHOAL_PRIVATE SignalWatch::Impl {
  uv_signal_t handle;
  std::function<void()> received;
};

SignalWatch::SignalWatch(Loop& loop, int signum, std::function<void()> received)
    : impl_(new Impl) {
  impl_->received = std::move(received);
  // The first signal watch of a loop opens its signal pipe: out of fds, or
  // a signal number that is none, is thrown as the Loop's own failure is.
  if (int rc = uv_signal_init(&loop.impl().uv, &impl_->handle); rc != 0) {
    delete std::exchange(impl_, nullptr);
    throw_uv("shoal::SignalWatch: uv_signal_init", rc);
  }
  impl_->handle.data = impl_;
  if (int rc = uv_signal_start(
          &impl_->handle, [](uv_signal_t* s, int) { static_cast<Impl*>(s->data)->received(); },
          signum);
      rc != 0) {
    close_and_delete(std::exchange(impl_, nullptr));
    throw_uv("shoal::SignalWatch: uv_signal_start", rc);
  }
  uv_unref(reinterpret_cast<uv_handle_t*>(&impl_->handle));
}

SignalWatch::SignalWatch(SignalWatch&& o) noexcept : impl_(std::exchange(o.impl_, nullptr)) {}
SignalWatch& SignalWatch::operator=(SignalWatch&& o) noexcept {
  take_handle(impl_, o.impl_);
  return *this;
}
SignalWatch::~SignalWatch() { close_and_delete(impl_); }

}  // namespace shoal

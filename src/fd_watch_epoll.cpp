// FdWatch on Linux: each watched fd is registered in the Loop's own epoll
// set (level-triggered EPOLLIN or EPOLLOUT); libuv reports
// that set readable and dispatch() calls the watches that are ready. Another
// platform's backend would implement them with uv_poll_t instead.
#include <sys/epoll.h>
#include <unistd.h>

#include <cstdint>
#include <utility>

#include "loop_impl.hpp"

namespace shoal {

namespace detail {
struct WatchEntry {
  Loop::Impl* loop;
  int fd;
  std::function<void()> ready;
  bool stopped = false;
};
}  // namespace detail

using detail::WatchEntry;

bool Loop::Impl::open_watch_set() {
  if (watch_set) return true;
  watch_set.reset(::epoll_create1(EPOLL_CLOEXEC));
  if (!watch_set) return false;
  // libuv failing here leaves the watch not ok(), as an fd epoll refuses
  // does: the caller reads that fd some other way.
  if (uv_poll_init(&uv, &watch_set_poll, watch_set.get()) != 0) {
    watch_set.reset();
    return false;
  }
  watch_set_poll.data = this;
  uv_poll_start(&watch_set_poll, UV_READABLE,
                [](uv_poll_t* p, int, int) { static_cast<Loop::Impl*>(p->data)->dispatch(); });
  // Only watches keep the loop alive, not the set itself.
  uv_unref(reinterpret_cast<uv_handle_t*>(&watch_set_poll));
  return true;
}

void Loop::Impl::dispatch() {
  epoll_event ready[256];
  int n = ::epoll_wait(watch_set.get(), ready, 256, 0);
  dispatching = true;
  for (int i = 0; i < n; ++i) {
    auto* watch = static_cast<WatchEntry*>(ready[i].data.ptr);
    // A callback earlier in this batch may have stopped this watch: it is
    // kept alive (and skipped) until the batch is over.
    if (!watch->stopped) watch->ready();
  }
  dispatching = false;
  for (auto* watch : stopped_while_dispatching) delete watch;
  stopped_while_dispatching.clear();
  // More than 256 ready: level-triggered, libuv reports the set again.
}

void Loop::Impl::close_watch_set() {
  if (!watch_set) return;
  uv_poll_stop(&watch_set_poll);
  uv_close(reinterpret_cast<uv_handle_t*>(&watch_set_poll), nullptr);
  uv_run(&uv, UV_RUN_NOWAIT);  // runs the close so the fd may go
  watch_set.reset();
}

namespace {

// Null if the fd cannot be watched (EPERM: a regular file, always ready).
WatchEntry* watch_fd(Loop::Impl& l, int fd, std::uint32_t events, std::function<void()> ready) {
  if (!l.open_watch_set()) return nullptr;
  auto* w = new WatchEntry{&l, fd, std::move(ready)};
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = w;
  if (::epoll_ctl(l.watch_set.get(), EPOLL_CTL_ADD, fd, &ev) != 0) {
    delete w;
    return nullptr;
  }
  if (l.active_watches++ == 0) uv_ref(reinterpret_cast<uv_handle_t*>(&l.watch_set_poll));
  return w;
}

void unwatch_fd(WatchEntry* w) {
  Loop::Impl& l = *w->loop;
  // Removed at once, so the caller may close the fd right after. Closing
  // alone is not enough: epoll forgets an fd only when its open file
  // description is gone, and a child between its clone and its
  // exec still holds copies of every fd -- the parent may already run then.
  ::epoll_ctl(l.watch_set.get(), EPOLL_CTL_DEL, w->fd, nullptr);
  if (--l.active_watches == 0) uv_unref(reinterpret_cast<uv_handle_t*>(&l.watch_set_poll));
  w->stopped = true;
  if (l.dispatching)
    l.stopped_while_dispatching.push_back(w);
  else
    delete w;
}

}  // namespace

FdWatch::FdWatch(Loop& loop, int fd, Ready when, std::function<void()> ready)
    : impl_(watch_fd(loop.impl(), fd, when == readable ? EPOLLIN : EPOLLOUT, std::move(ready))),
      ok_(impl_ != nullptr) {}

FdWatch::FdWatch(FdWatch&& o) noexcept
    : impl_(std::exchange(o.impl_, nullptr)), ok_(std::exchange(o.ok_, false)) {}

FdWatch& FdWatch::operator=(FdWatch&& o) noexcept {
  if (this != &o) {
    stop();
    impl_ = std::exchange(o.impl_, nullptr);
    ok_ = std::exchange(o.ok_, false);
  }
  return *this;
}

FdWatch::~FdWatch() { stop(); }

void FdWatch::stop() {
  if (impl_) unwatch_fd(std::exchange(impl_, nullptr));
}

}  // namespace shoal

// ReadWatch on Linux: each watched fd is registered in the Loop's own epoll
// set (level-triggered EPOLLIN); libuv reports that set readable and
// dispatch() calls the watches that are ready. Another platform's backend
// would implement ReadWatch with uv_poll_t instead.
#include <sys/epoll.h>
#include <unistd.h>

#include <utility>

#include "loop_impl.hpp"

namespace shoal {

struct ReadWatch::Impl {
  Loop::Impl* loop;
  int fd;
  std::function<void()> readable;
  bool stopped = false;
};

bool Loop::Impl::open_watch_set() {
  if (watch_set >= 0) return true;
  watch_set = ::epoll_create1(EPOLL_CLOEXEC);
  if (watch_set < 0) return false;
  uv_poll_init(&uv, &watch_set_poll, watch_set);
  watch_set_poll.data = this;
  uv_poll_start(&watch_set_poll, UV_READABLE,
                [](uv_poll_t* p, int, int) { static_cast<Loop::Impl*>(p->data)->dispatch(); });
  // Only watches keep the loop alive, not the set itself.
  uv_unref(reinterpret_cast<uv_handle_t*>(&watch_set_poll));
  return true;
}

void Loop::Impl::dispatch() {
  epoll_event ready[256];
  int n = ::epoll_wait(watch_set, ready, 256, 0);
  dispatching = true;
  for (int i = 0; i < n; ++i) {
    auto* watch = static_cast<ReadWatch::Impl*>(ready[i].data.ptr);
    // A callback earlier in this batch may have stopped this watch: it is
    // kept alive (and skipped) until the batch is over.
    if (!watch->stopped) watch->readable();
  }
  dispatching = false;
  for (auto* watch : stopped_while_dispatching) delete watch;
  stopped_while_dispatching.clear();
  // More than 256 ready: level-triggered, libuv reports the set again.
}

void Loop::Impl::close_watch_set() {
  if (watch_set < 0) return;
  uv_poll_stop(&watch_set_poll);
  uv_close(reinterpret_cast<uv_handle_t*>(&watch_set_poll), nullptr);
  uv_run(&uv, UV_RUN_NOWAIT);  // runs the close so the fd may go
  ::close(watch_set);
  watch_set = -1;
}

ReadWatch::ReadWatch(Loop& loop, int fd, std::function<void()> readable) {
  Loop::Impl& l = loop.impl();
  if (!l.open_watch_set()) return;
  impl_ = new Impl{&l, fd, std::move(readable)};
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = impl_;
  // EPERM for a regular file, which is always readable anyway.
  if (::epoll_ctl(l.watch_set, EPOLL_CTL_ADD, fd, &ev) != 0) {
    delete impl_;
    impl_ = nullptr;
    return;
  }
  if (l.active_watches++ == 0) uv_ref(reinterpret_cast<uv_handle_t*>(&l.watch_set_poll));
  ok_ = true;
}

ReadWatch::ReadWatch(ReadWatch&& o) noexcept
    : impl_(std::exchange(o.impl_, nullptr)), ok_(std::exchange(o.ok_, false)) {}

ReadWatch& ReadWatch::operator=(ReadWatch&& o) noexcept {
  if (this != &o) {
    stop();
    impl_ = std::exchange(o.impl_, nullptr);
    ok_ = std::exchange(o.ok_, false);
  }
  return *this;
}

ReadWatch::~ReadWatch() { stop(); }

void ReadWatch::stop() {
  if (!impl_) return;
  Loop::Impl& l = *impl_->loop;
  // Removed at once, so the caller may close the fd right after. Closing
  // alone is not enough: epoll forgets an fd only when its open file
  // description is gone, and a child between posix_spawn's clone and its
  // exec still holds copies of every fd -- the parent may already run then.
  ::epoll_ctl(l.watch_set, EPOLL_CTL_DEL, impl_->fd, nullptr);
  if (--l.active_watches == 0) uv_unref(reinterpret_cast<uv_handle_t*>(&l.watch_set_poll));
  impl_->stopped = true;
  if (l.dispatching)
    l.stopped_while_dispatching.push_back(impl_);
  else
    delete impl_;
  impl_ = nullptr;
}

}  // namespace shoal

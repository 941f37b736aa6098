// What a Loop is inside: the libuv loop, and the epoll set that holds every
// FdWatch's fd. Private to src/.
#pragma once

#include <uv.h>

#include <vector>

#include "shoal/loop.hpp"
#include "shoal/unique_fd.hpp"
#include "private.hpp"

namespace shoal {

struct SHOAL_PRIVATE Loop::Impl {
  uv_loop_t uv;

  // Job fds (pipes, pidfds) live in an epoll set of our own, which libuv
  // watches as a single fd. Adding an fd is then one epoll_ctl; a uv_poll_t
  // per fd costs five or six syscalls more (a check, O_NONBLOCK games, and
  // an ADD/DEL pair), which at thousands of jobs a second shows.
  UniqueFd watch_set;
  uv_poll_t watch_set_poll;
  std::size_t active_watches = 0;
  bool dispatching = false;
  std::vector<detail::WatchEntry*> stopped_while_dispatching;

  bool open_watch_set();
  void dispatch();
  void close_watch_set();
};

}  // namespace shoal

// shoal::sync_wait: runs one task to its end from ordinary code -- main(),
// a test, a callback-free program -- and gives its outcome:
//
//   shoal::Task<int> amain();
//   int main() { return shoal::sync_wait(amain()).value(); }
//
// It is asyncio.run(main()) and the sync_wait that C++ users know from
// std::execution (P2300), cppcoro and libcoro; the name is theirs because a
// C++ reader looks for it. Like a handle's wait() -- and unlike cppcoro's,
// which rethrows -- it gives an Expected<T>: the task's value, or the Error
// it ended with (an exception it let out is Errc::exception; value()
// rethrows it). It drives the hub's loop until the task has ended, so every
// other job of the hub runs meanwhile.
//
// Underneath it is a one-slot Pool on the hub, made and destroyed here: a
// task that ends in a deadlock (nothing left that could finish it: a sleep
// for Duration::max(), say) is cancelled and unwound before sync_wait
// returns Errc::deadlock, so nothing of it outlives the call. Called from
// inside the loop (from a task) it cannot block: Errc::inside_loop, and
// the task never starts -- co_await the task there instead.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <utility>

#include "shoal/expected.hpp"
#include "shoal/hub.hpp"
#include "shoal/pool.hpp"
#include "shoal/task.hpp"

namespace shoal {

template <class T>
Expected<T> sync_wait(Hub& hub, Task<T> task) {
  Pool pool(hub, 1);
  return pool.spawn(std::move(task)).wait();
}

// On the calling thread's default hub.
template <class T>
Expected<T> sync_wait(Task<T> task) {
  return sync_wait(Hub::current(), std::move(task));
}

}  // namespace shoal

#pragma GCC visibility pop

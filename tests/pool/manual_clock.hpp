// The one fixture of the tests that run tasks on a manual clock: a hub whose
// time moves only when the test (or a wait with nothing else to do) moves
// it, so timings are checked exactly, not with tolerances. Each test file
// names it after what it tests (`using When = ManualClock;`), so the test
// names say what they are about.
#pragma once

#include <gtest/gtest.h>

#include <chrono>

#include "shoal/shoal.hpp"

namespace shoal::test_support {

class ManualClock : public ::testing::Test {
 protected:
  ManualClock() {
    hub.use_manual_clock();
    start = hub.now();
  }
  // Virtual time since the test began.
  Hub::Duration elapsed() const { return hub.now() - start; }
  // eventlet's sleep(0) from the main greenlet: runs every task that is
  // ready, and nothing else.
  void yield() { hub.advance(std::chrono::seconds(0)); }
  // How `task` ends under with_timeout(limit), run on `pool`:
  // Errc::timed_out, say, or Errc::exception when it ended in time.
  template <class T>
  Errc ending_under(Pool& pool, Hub::Duration limit, Task<T> task) {
    auto r = pool.spawn([&]() -> Task<Errc> {
                   auto x = co_await with_timeout(limit, std::move(task));
                   co_return x ? Errc::exception : x.error().code;
                 }).wait();
    return r ? *r : r.error().code;
  }

  Hub hub;
  Hub::Clock::time_point start;
};

}  // namespace shoal::test_support

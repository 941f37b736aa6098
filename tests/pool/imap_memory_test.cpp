// imap's memory stays flat however long its input: ten million inputs
// through a Pool(100) (one million under the sanitizers, which are ten
// times slower) never have more than a few hundred jobs alive. Measured by
// counting the bytes operator new hands out and has not had back -- this
// binary replaces the global operator new for that, so it is a program of
// its own -- not by timing anything.
#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <ranges>

#include "shoal/imap.hpp"
#include "shoal/shoal.hpp"

namespace {
std::atomic<long> live_bytes{0};
std::atomic<long> peak_bytes{0};

void* counted(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  long now = live_bytes += static_cast<long>(malloc_usable_size(p));
  long peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
  return p;
}
void uncounted(void* p) {
  if (!p) return;
  live_bytes -= static_cast<long>(malloc_usable_size(p));
  std::free(p);
}
}  // namespace

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t) noexcept { uncounted(p); }

using namespace shoal;

#if defined(__SANITIZE_ADDRESS__)
constexpr int kInputs = 1'000'000;
#else
constexpr int kInputs = 10'000'000;
#endif

TEST(ImapMemory, TenMillionInputsThroughAPoolOfAHundredStayUnderAFewMB) {
  Hub hub;
  hub.use_manual_clock();
  Pool pool(hub, 100);
  auto work = [](int x) -> Task<long> {
    co_await shoal::sleep();  // a real suspension: every job takes a turn of the loop
    co_return x;
  };
  auto results = imap(pool, work, std::views::iota(0, kInputs));
  long sum = 0, n = 0;
  long base = 0;
  while (auto r = results.wait_next()) {
    sum += **r;
    if (++n == 1000) {
      base = live_bytes.load();  // the window is full by now
      peak_bytes = base;
    }
  }
  EXPECT_EQ(n, kInputs);
  EXPECT_EQ(sum, static_cast<long>(kInputs) * (kInputs - 1) / 2);
  long growth = peak_bytes.load() - base;
  std::printf("imap of %d inputs through Pool(100): %ld bytes live after 1000, peak %ld above that\n",
              kInputs, base, growth);
  EXPECT_LT(base, 4L << 20);   // the whole window, hub and pool
  EXPECT_LT(growth, 64L << 10);  // and it never grows
}

// The same guard, proved able to fail: GreenPile with everything spawned
// up front holds every job at once.
TEST(ImapMemory, APileOfEverythingUpFrontDoesGrow) {
  Hub hub;
  hub.use_manual_clock();
  Pool pool(hub, 100);
  long before = live_bytes.load();
  GreenPile<long> pile(pool);
  auto work = [](int x) -> Task<long> { co_return x; };
  for (int i = 0; i < 10'000; ++i) pile.spawn(work, i);
  long held = live_bytes.load() - before;
  EXPECT_GT(held, 10'000L * 200);  // hundreds of bytes a pending job
  std::printf("10,000 jobs spawned up front: %ld bytes (%ld a job)\n", held, held / 10'000);
  long n = 0;
  while (pile.wait_next()) ++n;
  EXPECT_EQ(n, 10'000);
}

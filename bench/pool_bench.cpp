// The library's pool and tasks under load (Google Benchmark): how many
// coroutine tasks a second go through a yield, what one suspended task
// costs in memory, and how many commands a second a Pool runs. Numbers go
// to docs/performance.md as measured; this is not a test.
//
//   build/pool_bench                       all three
//   build/pool_bench --benchmark_filter=Commands
#include <benchmark/benchmark.h>
#include <malloc.h>

#include "shoal/shoal.hpp"

using namespace std::chrono_literals;

namespace {

shoal::Task<void> yield_once() { co_await shoal::sleep(0ms); }

// 100,000 tasks, all spawned at once, each yielding once (sleep(0)).
void SleepZeroTasks(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  shoal::Hub hub;
  for (auto _ : state) {
    shoal::Pool pool(hub, n);
    for (std::size_t i = 0; i < n; ++i) pool.spawn_n(yield_once());
    if (!pool.wait_all()) state.SkipWithError("wait_all failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(SleepZeroTasks)->Arg(100000)->Unit(benchmark::kMillisecond);

shoal::Task<void> sleep_long() { co_await shoal::sleep(1h); }

// Heap bytes per task suspended in a sleep, with and without a handle kept.
void MemoryPerPendingTask(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool keep_handles = state.range(1) != 0;
  // Virtual time: advance(0) runs every task up to its sleep, and the hour
  // never has to pass.
  shoal::Hub hub;
  hub.use_manual_clock();
  double per_task = 0;
  for (auto _ : state) {
    std::vector<shoal::GreenThread<void>> handles;
    if (keep_handles) handles.reserve(n);
    shoal::Pool pool(hub, n);
    std::size_t before = mallinfo2().uordblks;
    for (std::size_t i = 0; i < n; ++i) {
      if (keep_handles)
        handles.push_back(pool.spawn(sleep_long()));
      else
        pool.spawn_n(sleep_long());
    }
    hub.advance(0s);  // every task now suspended in its sleep
    std::size_t after = mallinfo2().uordblks;
    per_task = static_cast<double>(after - before) / static_cast<double>(n);
    pool.cancel_all();
    if (!pool.wait_all()) state.SkipWithError("wait_all failed");
  }
  state.counters["bytes_per_task"] = per_task;
}
BENCHMARK(MemoryPerPendingTask)->Args({100000, 0})->Args({100000, 1})->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// 10,000 `true` commands through a Pool of 100 (or of range(1)).
void Commands(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto size = static_cast<std::size_t>(state.range(1));
  shoal::Hub hub;
  std::size_t failed = 0;
  for (auto _ : state) {
    shoal::Pool pool(hub, size);
    std::vector<shoal::GreenThread<shoal::Result>> handles;
    handles.reserve(n);
    for (std::size_t i = 0; i < n; ++i) handles.push_back(pool.spawn(shoal::Command::exec({"true"})));
    if (!pool.wait_all()) state.SkipWithError("wait_all failed");
    for (auto& h : handles)
      if (!h.wait() || h.wait()->status != shoal::Status::ok) ++failed;
  }
  if (failed) state.SkipWithError("some commands failed");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(Commands)->Args({10000, 100})->Iterations(1)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

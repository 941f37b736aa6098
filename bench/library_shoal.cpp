// library_shoal.cpp: libshoal's side of bench/library.sh, the comparison
// with eventlet, gevent and asyncio (bench/library_peers.py is theirs).
// One workload a run, so each tool's peak RSS is the workload's alone:
//
//   library_shoal commands N   N `true` commands through a Pool(100), each a
//                              task that co_awaits shoal::run
//   library_shoal threads N    N tasks spawned at once, each sleep(0) once
//   library_shoal memory N     N tasks blocked on one Event; bytes a task
//   library_shoal imap N       imap of x -> 2x over 0..N-1 through a Pool(100)
//
// It prints one line, the same as library_peers.py does:
//
//   wall_s cpu_s maxrss_kb count bytes_per_task
//
// wall and own CPU (getrusage RUSAGE_SELF: not the commands' children) of
// the workload alone, after setup; the process's peak RSS; how many came
// out right (the script checks it is N); bytes per pending task (memory
// only, else 0). A result that is wrong (a command failed, imap out of
// order) is counted out, and said on stderr.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ranges>
#include <string>
#include <vector>

#include "shoal/shoal.hpp"
#include "shoal/event.hpp"
#include "shoal/imap.hpp"
#include "shoal/sync_wait.hpp"

using namespace std::chrono_literals;

namespace {

constexpr std::size_t pool_size = 100;

struct Usage {
  double wall;
  double cpu;
  long maxrss_kb;
};

Usage usage_now() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  return {wall, secs(ru.ru_utime) + secs(ru.ru_stime), ru.ru_maxrss};
}

// Made outside the coroutine: GCC 12 rejects a braced list of string
// literals inside one ("array used as initializer"; clang takes it).
shoal::Command true_command() { return shoal::Command::exec({"true"}); }

shoal::Task<bool> run_true() {
  shoal::Result r = co_await shoal::run(true_command());
  co_return r.status == shoal::Status::ok;
}

std::size_t commands(std::size_t n) {
  shoal::Pool pool(pool_size);
  std::vector<shoal::GreenThread<bool>> handles;
  handles.reserve(n);
  for (std::size_t i = 0; i < n; ++i) handles.push_back(pool.spawn(run_true));
  std::size_t ok = 0;
  for (auto& h : handles) {
    shoal::Expected<bool> r = std::move(h).wait();
    if (r && *r) ++ok;
  }
  return ok;
}

shoal::Task<void> yield_once(std::size_t& done) {
  co_await shoal::sleep(0ms);
  ++done;
}

std::size_t threads(std::size_t n) {
  std::size_t done = 0;
  shoal::Pool pool(n);
  for (std::size_t i = 0; i < n; ++i) pool.spawn_n(yield_once, std::ref(done));
  if (!pool.wait_all()) std::fprintf(stderr, "library_shoal: wait_all failed\n");
  return done;
}

shoal::Task<void> wait_for_event(shoal::Event<>& event, std::size_t& woken) {
  co_await event.wait();
  ++woken;
}

// Runs the loop until every task has reached its wait.
shoal::Task<void> until_waiting(shoal::Event<>& event, std::size_t n) {
  while (event.waiting() < n) co_await shoal::sleep(0ms);
}

std::size_t memory(std::size_t n, double& bytes_per_task) {
  shoal::Event<> event;
  std::size_t woken = 0;
  shoal::Pool pool(n);
  long before = usage_now().maxrss_kb;
  for (std::size_t i = 0; i < n; ++i) pool.spawn_n(wait_for_event, std::ref(event), std::ref(woken));
  if (!shoal::sync_wait(until_waiting(event, n))) std::fprintf(stderr, "library_shoal: sync_wait failed\n");
  long after = usage_now().maxrss_kb;
  bytes_per_task = static_cast<double>(after - before) * 1024.0 / static_cast<double>(n);
  event.set();
  if (!pool.wait_all()) std::fprintf(stderr, "library_shoal: wait_all failed\n");
  return woken;
}

shoal::Task<long> twice(long x) { co_return 2 * x; }

std::size_t imap(std::size_t n) {
  shoal::Pool pool(pool_size);
  std::size_t right = 0;
  long i = 0;
  for (shoal::Expected<long>& r : shoal::imap(pool, twice, std::views::iota(0L, static_cast<long>(n)))) {
    if (r && *r == 2 * i) ++right;
    else if (right == static_cast<std::size_t>(i)) std::fprintf(stderr, "library_shoal: imap result %ld wrong or out of order\n", i);
    ++i;
  }
  return right;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: library_shoal commands|threads|memory|imap N\n");
    return 2;
  }
  std::string what = argv[1];
  auto n = static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10));
  double bytes_per_task = 0;
  std::size_t count = 0;
  Usage start = usage_now();
  if (what == "commands") count = commands(n);
  else if (what == "threads") count = threads(n);
  else if (what == "memory") count = memory(n, bytes_per_task);
  else if (what == "imap") count = imap(n);
  else {
    std::fprintf(stderr, "library_shoal: unknown workload %s\n", what.c_str());
    return 2;
  }
  Usage end = usage_now();
  std::printf("%.4f %.4f %ld %zu %.0f\n", end.wall - start.wall, end.cpu - start.cpu, end.maxrss_kb, count,
              bytes_per_task);
  return 0;
}

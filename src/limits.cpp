#include "shoal/limits.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <string>

namespace shoal {

namespace {

// Kept free for shoal itself: stdio, the loop, joblog, spill files, input.
// shoal holds about 12 of its own while jobs run; 64 leaves room for spill
// files and inputs when the limit can be raised to fit it. A small limit
// that cannot be raised (`ulimit -n 40`) keeps a quarter, at least 16: a
// fixed 64 left no room at all there, and ran one job at a time. Running
// out anyway is not fatal: the scheduler lowers the concurrency on EMFILE.
constexpr std::size_t reserved_fds = 64;
constexpr std::size_t min_reserved_fds = 16;

std::size_t jobs_for_fds(rlim_t fds) {
  if (fds == RLIM_INFINITY) return SIZE_MAX;
  auto reserve = std::clamp<rlim_t>(fds / 4, min_reserved_fds, reserved_fds);
  return fds > reserve + fds_per_job ? (fds - reserve) / fds_per_job : 1;
}

}  // namespace

Capacity ensure_capacity(std::size_t wanted) {
  rlimit nofile{};
  ::getrlimit(RLIMIT_NOFILE, &nofile);
  rlim_t needed = static_cast<rlim_t>(std::min<std::size_t>(wanted, SIZE_MAX / fds_per_job / 2) *
                                      fds_per_job + reserved_fds);
  if (nofile.rlim_cur != RLIM_INFINITY && nofile.rlim_cur < needed) {
    rlimit raised = nofile;
    raised.rlim_cur = nofile.rlim_max == RLIM_INFINITY ? needed : std::min(needed, nofile.rlim_max);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) nofile = raised;
  }
  Capacity cap{wanted, {}};
  std::size_t by_fds = jobs_for_fds(nofile.rlim_cur);
  if (by_fds < cap.jobs) {
    cap.jobs = by_fds;
    cap.limited = "open files (" + std::to_string(nofile.rlim_cur) + ")";
  }
  rlimit nproc{};
  if (::getrlimit(RLIMIT_NPROC, &nproc) == 0 && nproc.rlim_cur != RLIM_INFINITY && getuid() != 0) {
    // Other processes of this user count too; leave some room for them.
    std::size_t by_procs = nproc.rlim_cur > 64 ? nproc.rlim_cur - 64 : 1;
    if (by_procs < cap.jobs) {
      cap.jobs = by_procs;
      cap.limited = "processes (" + std::to_string(nproc.rlim_cur) + ")";
    }
  }
  return cap;
}

}  // namespace shoal

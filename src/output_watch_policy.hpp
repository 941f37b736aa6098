// When to start watching a job's output pipes: at once, or only if the job
// lives long enough to need it.
//
// Watching a pipe costs two epoll_ctl calls, and its end of file wakes the
// loop on its own -- usually a moment before the pidfd says the job has
// exited, so a job that writes nothing costs one or two wake-ups more than
// its exit needs. Most bulk jobs write less than a pipe holds (64 KiB): for
// them nothing needs reading before they exit, and the pidfd alone will do.
// A job that writes more blocks on its full pipe until someone reads, so a
// job not watched at its start is watched a few milliseconds later, and a
// run whose jobs are chatty watches every new job at once.
//
// This is the policy; the engine is the mechanism. It is kept apart so the
// tests can drive it without processes.
#pragma once

#include <cstddef>

namespace shoal {

class OutputWatchPolicy {
 public:
  // A job that wrote more than this to one stream counts as chatty: about
  // half of a default pipe, so that a job that got close to blocking counts.
  static constexpr std::size_t chatty_bytes = 32 * 1024;
  // Quiet jobs in a row before new jobs start unwatched again.
  static constexpr int quiet_jobs_needed = 32;

  // Whether a job starting now has its pipes watched from the start. A job
  // whose output someone follows as it comes (a listener) always has.
  bool watch_at_start(bool output_followed) const {
    return output_followed || quiet_streak_ < quiet_jobs_needed;
  }

  // A job ended having written `largest_stream` bytes to its busier stream.
  void job_ended(std::size_t largest_stream) {
    if (largest_stream > chatty_bytes)
      quiet_streak_ = 0;
    else if (quiet_streak_ < quiet_jobs_needed)
      ++quiet_streak_;
  }

 private:
  // A run starts trusting its jobs to be quiet: a chatty first wave waits
  // one watch delay, once, and then every job is watched at its start.
  int quiet_streak_ = quiet_jobs_needed;
};

}  // namespace shoal

// How a starting job's output pipes are watched: at once, only if the job
// lives a few milliseconds, or -- for a job likely to print a lot -- late,
// with its stdout pipe grown first so the whole output can wait in it.
//
// Watching a pipe costs two epoll_ctl calls, and its end of file wakes the
// loop on its own -- usually a moment before the pidfd says the job has
// exited, so a job that writes nothing costs one or two wake-ups more than
// its exit needs. Most bulk jobs write less than a pipe holds (64 KiB): for
// them nothing needs reading before they exit, and the pidfd alone will do.
// A job that writes more blocks on its full pipe until someone reads, so a
// job not watched at its start is watched a few milliseconds later.
//
// A job that prints up to 1 MiB is better off with a 1 MiB pipe that
// nobody reads while it runs: it never blocks, and when it has ended its
// pipe becomes its output as it is (Output::take_pipe), printed later with
// splice(2). Through a pipe that is read as it fills, the bytes are copied
// into shoal's memory and out again, and both sides wake at every pipeful.
// Growing a pipe is one fcntl, so it is done only while recent jobs have
// been chatty on stdout; while they print more than a grown pipe holds, or
// a lot on stderr (whose pipe is not grown), new jobs are read from their
// start instead, so none waits for the late watch with a full pipe.
//
// This is the policy; the engine is the mechanism. It is kept apart so the
// tests can drive it without processes.
#pragma once

#include <cstddef>

namespace shoal {

enum class CaptureMode {
  pipes_watched,        // in the loop from the start
  pipes_watched_later,  // in the loop if the job still runs a few ms on
  pipes_held,           // as pipes_watched_later, with stdout's pipe grown
                        // to 1 MiB first: what a short job prints stays in
                        // it until printed (Output::take_pipe)
};

class CapturePolicy {
 public:
  // A job that wrote more than this to one stream counts as chatty: about
  // half of a default pipe, so that a job that got close to blocking counts.
  static constexpr std::size_t chatty_bytes = 32 * 1024;
  // ... and its stdout as huge past what a grown pipe holds.
  static constexpr std::size_t huge_bytes = 1 << 20;
  // Jobs in a row below the mark before new jobs go back to the cheaper mode.
  static constexpr int calm_jobs_needed = 32;

  // output_followed: someone reads the output as it comes, or nobody keeps
  // it -- either way there is nothing to hold.
  CaptureMode for_new_job(bool output_followed) const {
    if (output_followed) return CaptureMode::pipes_watched;
    // Only stdout is held: a job chatty on stderr would stop on its
    // ordinary stderr pipe until the late watch.
    if (!calm(err_quiet_)) return CaptureMode::pipes_watched;
    if (calm(out_quiet_)) return CaptureMode::pipes_watched_later;
    if (calm(out_not_huge_)) return CaptureMode::pipes_held;
    return CaptureMode::pipes_watched;
  }

  // A job ended having written these many bytes to its stdout and stderr.
  void job_ended(std::size_t out_bytes, std::size_t err_bytes) {
    count(out_quiet_, out_bytes <= chatty_bytes);
    count(err_quiet_, err_bytes <= chatty_bytes);
    count(out_not_huge_, out_bytes <= huge_bytes);
  }

 private:
  static bool calm(int streak) { return streak >= calm_jobs_needed; }
  static void count(int& streak, bool calm_now) {
    if (!calm_now)
      streak = 0;
    else if (streak < calm_jobs_needed)
      ++streak;
  }
  // Jobs in a row that were calm by each measure. A run starts trusting
  // its jobs to be quiet: a chatty first wave waits one watch delay, once.
  int out_quiet_ = calm_jobs_needed;
  int err_quiet_ = calm_jobs_needed;
  int out_not_huge_ = calm_jobs_needed;
};

}  // namespace shoal

// How a starting job's output is captured: through pipes watched at once,
// through pipes watched only if the job lives a few milliseconds, or into
// files the job writes itself.
//
// Watching a pipe costs two epoll_ctl calls, and its end of file wakes the
// loop on its own -- usually a moment before the pidfd says the job has
// exited, so a job that writes nothing costs one or two wake-ups more than
// its exit needs. Most bulk jobs write less than a pipe holds (64 KiB): for
// them nothing needs reading before they exit, and the pidfd alone will do.
// A job that writes more blocks on its full pipe until someone reads, so a
// job not watched at its start is watched a few milliseconds later.
//
// A job that writes a lot is better off writing into an unlinked file of
// its own: its bytes are copied once (into the file) and then once more,
// inside the kernel, to wherever they are printed -- through a pipe they
// are copied into the pipe, into shoal, and out again, and shoal wakes for
// every pipeful. A file costs more to set up than a pipe (about 28 us
// against 9), so files are used only while recent jobs have been chatty.
// Output that someone follows as it comes (a listener) always takes pipes.
//
// This is the policy; the engine is the mechanism. It is kept apart so the
// tests can drive it without processes.
#pragma once

#include <cstddef>

namespace shoal {

enum class CaptureMode {
  pipes_watched,        // pipes, in the loop from the start
  pipes_watched_later,  // pipes, in the loop if the job still runs a few ms on
  files,                // unlinked files the job writes; read when it has ended
};

class CapturePolicy {
 public:
  // A job that wrote more than this to one stream counts as chatty: about
  // half of a default pipe, so that a job that got close to blocking counts.
  static constexpr std::size_t chatty_bytes = 32 * 1024;
  // Quiet jobs in a row before new jobs go back to pipes watched late.
  static constexpr int quiet_jobs_needed = 32;

  // files_allowed: whether chatty runs may write into files at all.
  explicit CapturePolicy(bool files_allowed = true) : files_allowed_(files_allowed) {}

  // output_followed: someone reads the output as it comes, or nobody keeps
  // it -- either way a file would be of no use.
  CaptureMode for_new_job(bool output_followed) const {
    if (output_followed) return CaptureMode::pipes_watched;
    if (quiet_streak_ >= quiet_jobs_needed) return CaptureMode::pipes_watched_later;
    return files_allowed_ ? CaptureMode::files : CaptureMode::pipes_watched;
  }

  // A job ended having written `largest_stream` bytes to its busier stream.
  void job_ended(std::size_t largest_stream) {
    if (largest_stream > chatty_bytes)
      quiet_streak_ = 0;
    else if (quiet_streak_ < quiet_jobs_needed)
      ++quiet_streak_;
  }

  // An output file could not be created (no O_TMPFILE and no writable
  // temporary directory, say): chatty jobs take pipes from now on.
  void files_failed() { files_allowed_ = false; }

 private:
  // A run starts trusting its jobs to be quiet: a chatty first wave waits
  // one watch delay, once, and the jobs after it write into files.
  int quiet_streak_ = quiet_jobs_needed;
  bool files_allowed_;
};

}  // namespace shoal

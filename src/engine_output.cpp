// How the engine moves a job's bytes: its output pipes, watched at once or
// a few milliseconds late (see CapturePolicy), read as they fill, and
// drained or handed over as they are when the job ends; and the data fed
// to its stdin. The job's life itself is engine.cpp's.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <ctime>

#include "engine_impl.hpp"

namespace shoal {

namespace {

// A write to a pipe whose reader has gone raises SIGPIPE, which would kill
// a program that embeds libshoal and never thought about it. SIGPIPE is
// blocked for the call, and one this write caused is taken back (one that
// was pending before is left alone).
ssize_t write_without_sigpipe(int fd, const char* bytes, std::size_t size) {
  sigset_t pipe_only, old, pending;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  ssize_t n;
  do {
    n = ::write(fd, bytes, size);
  } while (n < 0 && errno == EINTR);
  int err = errno;
  if (n < 0 && err == EPIPE && !was_pending) {
    timespec now{};
    while (::sigtimedwait(&pipe_only, nullptr, &now) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = err;
  return n;
}

}  // namespace

void Engine::Impl::watch_outputs(Job& job) {
  job.outputs_watched = true;
  if (job.out_fd)
    job.out_watch =
        FdWatch(loop, job.out_fd.get(), FdWatch::readable, [this, &job] { on_output(job, 1); });
  if (job.err_fd)
    job.err_watch =
        FdWatch(loop, job.err_fd.get(), FdWatch::readable, [this, &job] { on_output(job, 2); });
}

void Engine::Impl::watch_later(Job& job) {
  unwatched_new.push_back(job.id);
  if (!late_watch.active())
    late_watch.start(watch_delay, [this] { on_late_watch_tick(); }, watch_delay);
}

void Engine::Impl::on_late_watch_tick() {
  for (JobId id : unwatched_old) {
    auto it = jobs.find(id);
    // An exited leader whose group lives on (a timeout's grace) included:
    // what the rest of the group writes must not stop on a full pipe.
    if (it != jobs.end() && !it->second->outputs_watched)
      watch_outputs(*it->second);
  }
  unwatched_old.swap(unwatched_new);
  unwatched_new.clear();
  if (unwatched_old.empty()) late_watch.stop();
}

void Engine::Impl::read_once(Job& job, int stream, bool may_enlarge, bool writers_gone) {
  UniqueFd& fd = stream == 1 ? job.out_fd : job.err_fd;
  ssize_t n;
  do {
    n = ::read(fd.get(), scratch.get(), scratch_size);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    std::string_view bytes(scratch.get(), static_cast<std::size_t>(n));
    (stream == 1 ? job.out_read : job.err_read) += bytes.size();
    if (job.listener) job.listener(stream, bytes);
    if (job.capture) (stream == 1 ? job.result.out : job.result.err).append(bytes);
    // A job that fills its 64 KiB pipe would stop at every 64 KiB until we
    // read: a chatty job gets a 1 MiB pipe, and both sides run in longer
    // strides. Quiet jobs never pay the fcntl. The kernel may refuse (a
    // user's big-pipe budget is spent): then it stays small.
    bool& enlarged = stream == 1 ? job.out_enlarged : job.err_enlarged;
    if (may_enlarge && n >= (1 << 15) && !enlarged && big_pipes::grow(fd.get())) enlarged = true;
    // With no writer left, a read that took less than it could have took
    // everything there will ever be (a pipe holds at most 1 MiB): that is
    // end of file without another poll and read.
    if (!writers_gone || static_cast<std::size_t>(n) == scratch_size)
      return;  // level-triggered: more is reported again
  }
  if (n < 0 && errno == EAGAIN) return;
  // End of file (or a read error, which ends the stream the same way).
  end_of_stream(job, stream);
}

void Engine::Impl::end_of_stream(Job& job, int stream) {
  (stream == 1 ? job.out_watch : job.err_watch).stop();
  (stream == 1 ? job.out_fd : job.err_fd).reset();
}

void Engine::Impl::drain_rest(Job& job) {
  // poll says which pipes have something (bytes or end of file), so the
  // reads need no O_NONBLOCK: one fcntl a pipe saved for every job.
  for (;;) {
    pollfd ready[2];
    int streams[2];
    nfds_t count = 0;
    if (job.out_fd) {
      ready[count] = {job.out_fd.get(), POLLIN, 0};
      streams[count++] = 1;
    }
    if (job.err_fd) {
      ready[count] = {job.err_fd.get(), POLLIN, 0};
      streams[count++] = 2;
    }
    if (count == 0) return;
    int n = ::poll(ready, count, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nothing more now
    for (nfds_t i = 0; i < count; ++i)
      if ((ready[i].revents & (POLLIN | POLLHUP)) == POLLHUP)
        end_of_stream(job, streams[i]);  // nothing in it, no writer left: no read needed
      else if (streams[i] == 1 && (ready[i].revents & POLLHUP) && may_hold_stdout(job))
        hold_stdout(job);
      else if (ready[i].revents != 0)
        read_once(job, streams[i], false, (ready[i].revents & POLLHUP) != 0);
  }
}

bool Engine::Impl::may_hold_stdout(const Job& job) const {
  // All of it still in the pipe (nothing read), and wanted only as a whole.
  return job.capture_mode == CaptureMode::pipes_held && job.out_enlarged && job.out_read == 0 &&
         job.capture && !job.listener;
}

void Engine::Impl::hold_stdout(Job& job) {
  int waiting = 0;
  if (::ioctl(job.out_fd.get(), FIONREAD, &waiting) != 0 || waiting <= 0) {
    read_once(job, 1, false, true);
    return;
  }
  job.out_watch.stop();
  job.out_read = static_cast<std::size_t>(waiting);
  job.result.out.take_pipe(std::move(job.out_fd), job.out_read);
  // The pipe counts as the Output's now (counted before this is given back).
  big_pipes::release();
  job.out_enlarged = false;
}

// Writes what the pipe takes now; waits for room for the rest. Stops at
// the end of the data, or when the child no longer reads (EPIPE): a child
// that ignores its input is not an error.
void Engine::Impl::feed_stdin(Job& job) {
  while (job.in_written < job.in_data.size()) {
    ssize_t n = write_without_sigpipe(job.in_fd.get(), job.in_data.data() + job.in_written,
                                      job.in_data.size() - job.in_written);
    if (n < 0 && errno == EAGAIN) {
      if (!job.in_watch.active()) {
        job.in_watch =
            FdWatch(loop, job.in_fd.get(), FdWatch::writable, [this, &job] { feed_stdin(job); });
        if (job.in_watch.ok()) return;
        break;  // cannot wait for room: give up on the rest
      }
      return;
    }
    if (n < 0) break;
    job.in_written += static_cast<std::size_t>(n);
  }
  job.in_watch.stop();
  if (!job.in_held) job.in_fd.reset();
  // Wiped, then let go: a held-open pipe's job may run for long.
  wipe_secret(job.in_data);
  std::string().swap(job.in_data);
}

void Engine::Impl::on_output(Job& job, int stream) {
  read_once(job, stream, true);
  // Both pipes at end of file usually means the child is exiting; by the
  // time we look it is most often a zombie already. Reaping it now saves a
  // second wake-up for the pidfd -- a syscall is cheaper than a wake-up.
  if (!job.out_fd && !job.err_fd && !job.exited) on_exit(job);  // may finish (free) the job
}

}  // namespace shoal

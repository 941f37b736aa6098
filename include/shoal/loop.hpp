// The event loop shoal runs on: one thread, no thread per job. It offers only
// what the engine and its clients need -- timers, "this fd is ready", and
// signals delivered as ordinary callbacks -- so that the backend (libuv
// today) stays private and replaceable.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <chrono>
#include <functional>
#include <memory>

namespace shoal {

class Loop {
 public:
  using Clock = std::chrono::steady_clock;

  // Throws std::system_error when libuv cannot make a loop (the process is
  // out of fds): a constructor's only way to refuse, and better for a host
  // program than an abort() inside a library.
  Loop();
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // Runs until stop() is called or nothing keeps the loop alive any more.
  void run();
  void stop();

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Handles below are move-only owners. Destroying one stops it at once; its
// memory is released by the loop later, as the backend requires.

class Timer {
 public:
  Timer() = default;
  explicit Timer(Loop& loop);
  Timer(Timer&&) noexcept;
  Timer& operator=(Timer&&) noexcept;
  ~Timer();

  // Calls `fire` once after `delay`, or every `period` if period > 0. A
  // negative delay is zero; milliseconds::max() is as good as never.
  void start(std::chrono::milliseconds delay, std::function<void()> fire,
             std::chrono::milliseconds period = std::chrono::milliseconds{0});
  void stop();
  bool active() const;
  // A timer that should not by itself keep Loop::run() going.
  void set_keeps_loop_alive(bool keep);

  struct Impl;

 private:
  Impl* impl_ = nullptr;
};

namespace detail {
struct WatchEntry;  // private to the backend
}

class FdWatch {
 public:
  // What to wait for: bytes to read (or end of file), or room for more
  // bytes to write (or the reader gone).
  enum Ready { readable, writable };

  FdWatch() = default;
  // Calls `ready` whenever fd is ready as asked. The fd stays owned by the
  // caller and must outlive the watch (or stop() first).
  FdWatch(Loop& loop, int fd, Ready when, std::function<void()> ready);
  FdWatch(FdWatch&&) noexcept;
  FdWatch& operator=(FdWatch&&) noexcept;
  ~FdWatch();

  void stop();
  bool active() const { return impl_ != nullptr; }
  // False if the fd cannot be watched (a regular file, say).
  bool ok() const { return ok_; }

 private:
  detail::WatchEntry* impl_ = nullptr;
  bool ok_ = false;
};

class SignalWatch {
 public:
  SignalWatch() = default;
  // Calls `received` from the loop (not from a signal handler) each time
  // `signum` arrives. Does not keep the loop alive by itself. Throws
  // std::system_error as Loop() does, or for a signal number that is none.
  SignalWatch(Loop& loop, int signum, std::function<void()> received);
  SignalWatch(SignalWatch&&) noexcept;
  SignalWatch& operator=(SignalWatch&&) noexcept;
  ~SignalWatch();

  struct Impl;

 private:
  Impl* impl_ = nullptr;
};

}  // namespace shoal

#pragma GCC visibility pop

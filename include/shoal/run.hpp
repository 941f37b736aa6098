// shoal::run: a command as a step of a task.
//
//   shoal::Command pull = shoal::Command::exec({"docker", "pull", image});
//   shoal::Result r = co_await shoal::run(pull);
//
// (The Command is built first: GCC 12 refuses a braced list inside a
// co_await expression, "array used as initializer"; clang takes it.)
//
// The task is suspended while the command runs on its hub's engine and
// resumes with the command's Result: a command that fails or times out is a
// Result with that status, never an exception. The command does not take a
// pool slot of its own -- the task running it already holds one.
//
// Cancelling the task (its handle's cancel(), with_timeout, the pool going
// away) ends the command as a timeout would -- TERM to its process group,
// KILL after the command's kill_grace -- and the task resumes only once the
// group has gone, then throws Cancelled: nothing of it outlives the task.
// With .partial() it gives the Result of the command so ended instead.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <coroutine>

#include "shoal/command.hpp"
#include "shoal/engine.hpp"
#include "shoal/result.hpp"
#include "shoal/task.hpp"

namespace shoal {

class RunAwaiter final : detail::CancelHook {
 public:
  explicit RunAwaiter(Command command) : command_(std::move(command)) {}
  RunAwaiter(const RunAwaiter&) = delete;
  RunAwaiter& operator=(const RunAwaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  template <detail::ShoalPromise P>
  bool await_suspend(std::coroutine_handle<P> h) {
    return start(h.promise().ctx, h);
  }
  Result await_resume() {
    // A command that never started (the task was cancelled first) has no
    // Result to keep.
    if (ctx_->cancelled && !(partial_ && started_)) throw Cancelled();
    return std::move(result_);
  }

  // `co_await shoal::run(cmd).partial()`: when the task is cancelled (a
  // with_timeout around it, its handle's cancel()), the command is ended
  // as usual, and the task still gets its Result -- status killed, the
  // output it had printed, its times -- instead of Cancelled. The task's
  // next co_await throws Cancelled. A Pool's spawn(command) runs its
  // command this way.
  RunAwaiter partial() && {
    partial_ = true;
    return std::move(*this);
  }
  // Moved only before it is awaited (partial() above).
  RunAwaiter(RunAwaiter&&) = default;

 private:
  bool start(detail::Context* ctx, std::coroutine_handle<> h);
  void cancel() override;

  Command command_;
  detail::Context* ctx_ = nullptr;
  std::coroutine_handle<> h_;
  JobId id_ = 0;
  bool partial_ = false;
  bool started_ = false;
  Result result_;
};

inline RunAwaiter run(Command command) { return RunAwaiter(std::move(command)); }

}  // namespace shoal

#pragma GCC visibility pop

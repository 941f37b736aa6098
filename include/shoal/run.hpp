// shoal::run: a command as a step of a task.
//
//   shoal::Result r = co_await shoal::run(shoal::Command::exec({"docker", "pull", image}));
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
    if (ctx_->cancelled) throw Cancelled();
    return std::move(result_);
  }

 private:
  bool start(detail::Context* ctx, std::coroutine_handle<> h);
  void cancel() override;

  Command command_;
  detail::Context* ctx_ = nullptr;
  std::coroutine_handle<> h_;
  JobId id_ = 0;
  Result result_;
};

inline RunAwaiter run(Command command) { return RunAwaiter(std::move(command)); }

}  // namespace shoal

#pragma GCC visibility pop

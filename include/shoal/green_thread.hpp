// GreenThread<T>: the handle Pool::spawn returns, as eventlet's GreenThread.
//
//   auto h = pool.spawn(check(image));
//   auto& r = h.wait();            // outside the loop: runs it until done
//   auto& r = co_await h;          // inside a task: suspends instead
//   h.cancel();                    // eventlet's kill()
//
// Both give Expected<T>: the task's value (for a command, its Result, which
// may well say "failed"), or the Error it ended with. The result is kept in
// the handle's shared state and may be read any number of times; an rvalue
// handle (pool.spawn(...).wait()) hands it over by value instead, as the
// state goes with it. The handle may be dropped at any time: the job goes on.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <coroutine>
#include <functional>
#include <memory>
#include <optional>

#include "shoal/expected.hpp"
#include "shoal/hub.hpp"
#include "shoal/task.hpp"

namespace shoal {

class Pool;
class WaitList;

namespace detail {

class PoolCore;

enum class Stage { delayed, queued, running, done };

// One spawned job: its context, its place in its pool, who waits for it.
// Non-template parts live in src/pool/job.cpp.
class JobBase : public TimerEntry, public std::enable_shared_from_this<JobBase> {
 public:
  JobBase() = default;
  JobBase(const JobBase&) = delete;
  JobBase& operator=(const JobBase&) = delete;
  virtual ~JobBase();

  Context ctx;
  Stage stage = Stage::queued;
  bool detached = false;             // spawn_n: nobody will read the result
  std::coroutine_handle<> driver;    // the job's coroutine, until it has run
  std::shared_ptr<PoolCore> pool;    // until the job has ended
  JobBase* prev = nullptr;           // the pool's list of live jobs
  JobBase* next = nullptr;
  WaitList* on_start = nullptr;      // a spawner waiting for it to start (spawn_when_free)
  // Callbacks for its end (link()), oldest first.
  struct Link {
    std::function<void()> call;
    std::unique_ptr<Link> next;
  };
  std::unique_ptr<Link> links;
  void add_link(std::function<void()> call);

  // A task suspended in `co_await handle`.
  struct Waiter : CancelHook {
    JobBase* job = nullptr;
    Context* ctx = nullptr;
    std::coroutine_handle<> h;
    Waiter* next = nullptr;
    bool suspend(Context* c, std::coroutine_handle<> handle);
    void cancel() override;
  };
  Waiter* waiters = nullptr;

  bool done() const { return stage == Stage::done; }
  // Not done, and its hub has been destroyed: it never will be.
  bool orphaned() const;
  void cancel();
  // Called by the driver once the result is set: wakes the waiters and
  // gives the pool slot back.
  void complete();
  // Ends a job that never started (cancelled while delayed or queued).
  void end_unstarted();

 protected:
  virtual void set_cancelled() = 0;
  virtual const Error* failure() const = 0;

 private:
  void fire() override;  // a spawn_after delay has passed
};

template <class T>
class JobState final : public JobBase {
 public:
  using value_type = T;
  std::optional<Expected<T>> result;

 private:
  void set_cancelled() override { result.emplace(Error{Errc::cancelled, "cancelled", {}}); }
  const Error* failure() const override {
    return result && !result->has_value() ? &result->error() : nullptr;
  }
};

// The coroutine a pool resumes to run a job: it awaits the task, stores its
// outcome and completes the job. It frees itself when it ends.
struct Driver {
  struct promise_type : PromiseBase {
    Driver get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }  // drive() catches everything
  };
  std::coroutine_handle<promise_type> h;
};

template <class T>
Driver drive(Task<T> task, std::shared_ptr<JobState<T>> job) {
  if (job->ctx.cancelled)  // cancelled between being started and running
    job->result.emplace(Error{Errc::cancelled, "cancelled", {}});
  else
    job->result.emplace(co_await std::move(task).as_expected());
  job->complete();
}

// Blocking waits report misuse through this (a reference must be returned,
// and the job's own result is not there yet).
template <class T>
Expected<T>& misuse(Error e) {
  static thread_local std::optional<Expected<T>> slot;
  slot.emplace(std::move(e));
  return *slot;
}

}  // namespace detail

template <class T>
class GreenThread {
 public:
  GreenThread() = default;
  explicit GreenThread(std::shared_ptr<detail::JobState<T>> job) : job_(std::move(job)) {}

  bool valid() const { return static_cast<bool>(job_); }
  bool done() const { return job_ && job_->done(); }
  // It holds (or held) a pool slot: running or done, as opposed to
  // delayed or waiting for a slot.
  bool started() const {
    return job_ && (job_->stage == detail::Stage::running || job_->stage == detail::Stage::done);
  }

  // Outside the loop: drives it until the job is done. Inside the loop (from
  // a callback or a task) it cannot block: it returns Errc::inside_loop at
  // once -- co_await the handle there.
  // A job whose hub was destroyed before it ended gives Errc::deadlock.
  Expected<T>& wait() & {
    if (!job_) return detail::misuse<T>(Error{Errc::deadlock, "empty handle", {}});
    if (job_->done()) return *job_->result;  // needs no hub, which may have gone
    if (job_->orphaned())
      return detail::misuse<T>(
          Error{Errc::deadlock, "the job's Hub was destroyed before the job ended", {}});
    if (auto r = job_->ctx.hub->run_until([this] { return job_->done(); }); !r)
      return detail::misuse<T>(r.error());
    return *job_->result;
  }
  Expected<T> wait() && { return std::move(wait()); }

  // Cancels the job: not started yet, it never will; running, its command
  // is ended (TERM, then KILL after the grace) and its task unwinds with
  // Cancelled. Its result is then Errc::cancelled (unless it had already
  // finished). Returns at once; wait() for the end. Nothing to do once
  // the job's hub has gone: its process went with the hub's engine.
  void cancel() {
    if (job_ && !job_->orphaned()) job_->cancel();
  }
  // eventlet's name for cancel().
  void kill() { cancel(); }
  // eventlet's cancel(): only a job that has not started (delayed, or
  // waiting for a slot) is cancelled; true if it was. A running one is
  // left alone.
  bool cancel_unstarted() {
    if (!job_ || job_->orphaned() || started()) return false;
    job_->cancel();
    return true;
  }

  // Calls `f(result)` once the job has ended -- from the loop, after its
  // waiters have been woken and its slot given back -- or at once if it
  // has already. Any number of callbacks, called in the order they were
  // linked. What `f` throws is reported on stderr, never thrown through
  // the loop. (eventlet's GreenThread.link.)
  template <class F>
    requires std::invocable<F&, Expected<T>&>
  void link(F f) {
    if (!job_) return;
    if (job_->done()) {
      f(*job_->result);
      return;
    }
    detail::JobState<T>* job = job_.get();
    job_->add_link([job, f = std::move(f)]() mutable { f(*job->result); });
  }

  template <bool Owned>
  struct Awaiter : detail::JobBase::Waiter {
    std::shared_ptr<detail::JobState<T>> keep;  // the state outlives the await
    bool await_ready() const noexcept { return job->done(); }
    template <detail::ShoalPromise P>
    bool await_suspend(std::coroutine_handle<P> handle) {
      return suspend(handle.promise().ctx, handle);
    }
    decltype(auto) await_resume() {
      if (ctx && ctx->cancelled) throw Cancelled();
      if constexpr (Owned)
        return Expected<T>(std::move(*keep->result));
      else
        return static_cast<Expected<T>&>(*keep->result);
    }
  };
  // Inside a task: suspends until the job is done. Cancelling the awaiting
  // task stops the wait (not the job). A handle that is an rvalue
  // (co_await pool.spawn(...)) gives the result by value.
  Awaiter<false> operator co_await() const& { return make_awaiter<false>(); }
  Awaiter<true> operator co_await() && { return make_awaiter<true>(); }

 private:
  template <bool Owned>
  Awaiter<Owned> make_awaiter() const {
    Awaiter<Owned> a;
    a.job = job_.get();
    a.keep = job_;
    return a;
  }

  std::shared_ptr<detail::JobState<T>> job_;
};

}  // namespace shoal

#pragma GCC visibility pop

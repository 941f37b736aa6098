// Pool: eventlet's GreenPool. At most `size` jobs run at once; a job spawned
// past that waits in a queue (FIFO) for a free slot instead of failing, and
// the spawner goes on at once. A job is a Task<T>, a Command, or a callable
// with arguments that returns a Task. The callable and the arguments are
// copied (decayed, as by std::thread), so the task cannot dangle; an
// out-parameter is passed as std::ref(x), and x must then outlive the job:
//
//   shoal::Pool pool(20);
//   for (auto& id : ids) pool.spawn_n(shoal::Command::exec({"nova", "delete", id}));
//   auto h = pool.spawn(check, image);         // check(image) -> Task<Outcome>
//   pool.spawn_after(5s, shoal::Command::shell("date"));
//   pool.wait_all();
//
// Accounting, as in eventlet: running() jobs hold a slot, waiting() jobs
// are queued for one, free() is size() - running() (never below zero; after
// resize() to fewer slots the extra running jobs finish undisturbed and no
// new job starts until running() < size()). A job spawned with spawn_after
// takes no slot and is not waiting() until its delay has passed: delayed()
// counts those.
//
// Jobs start in the order they were spawned, on the next loop iteration
// (never inside spawn() itself: a task that spawns goes on undisturbed).
//
// Destroying a pool cancels its jobs -- queued ones never start, running
// commands get TERM and then KILL after their grace -- and, outside the
// loop, waits for them to end. Destroyed from inside the loop (by a task)
// it cannot wait; the cancelled jobs then end on their own. A pool goes
// before its Hub: one destroyed or used after it aborts with a message
// (see ~Hub).
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>

#include "shoal/command.hpp"
#include "shoal/green_thread.hpp"
#include "shoal/hub.hpp"
#include "shoal/result.hpp"
#include "shoal/run.hpp"
#include "shoal/task.hpp"
#include "shoal/wait_list.hpp"

namespace shoal {

namespace detail {

// What a Pool is underneath; shared with its jobs, which may end after the
// Pool object has gone (see ~Pool).
class PoolCore {
 public:
  PoolCore(Hub& h, std::size_t n);
  ~PoolCore();
  PoolCore(const PoolCore&) = delete;
  PoolCore& operator=(const PoolCore&) = delete;

  // Null once the hub has been destroyed (~Hub says so).
  Hub* hub;
  // The hub, or the message that it has gone and abort(): a Pool that
  // outlives its Hub stops there, not in freed memory.
  Hub& live_hub();
  [[noreturn]] static void hub_gone(const char* how);

  std::size_t size;
  std::size_t running = 0;
  std::size_t delayed = 0;
  std::deque<std::shared_ptr<JobBase>> queue;  // waiting for a slot
  JobBase* live = nullptr;                      // every job not yet done
  std::size_t live_count = 0;

  void submit(const std::shared_ptr<PoolCore>& self, std::shared_ptr<JobBase> job,
              std::optional<Hub::Duration> delay);
  void delay_over(std::shared_ptr<JobBase> job);
  void start_waiting();
  void remove_queued(JobBase& job);
  void ended(JobBase& job, bool was_running);
  void cancel_all();

 private:
  void start(JobBase& job);
};

// A spawned command: cancelled once running, its job still gives the
// command's Result (killed, with the output so far), not Errc::cancelled.
inline Task<Result> command_task(Command command) {
  co_return co_await run(std::move(command)).partial();
}

// spawn(f, args...) passes its copies as std::thread does: as rvalues. A
// by-value parameter is moved into, a const& or && one binds to the copy
// in this frame, which lives as long as the task -- and a T& one does not
// compile, where it would silently fill a copy nobody reads: an
// out-parameter is passed as std::ref(x).
template <class F, class... Args>
auto call_task(F f, std::tuple<Args...> args) -> std::invoke_result_t<F&, Args&&...> {
  co_return co_await std::apply(f, std::move(args));
}

template <class T>
Task<T> to_task(Task<T> task) {
  return task;
}
inline Task<Result> to_task(Command command) { return command_task(std::move(command)); }
template <class F, class... Args>
  requires std::invocable<std::decay_t<F>&, std::decay_t<Args>&&...> &&
           is_task_v<std::invoke_result_t<std::decay_t<F>&, std::decay_t<Args>&&...>>
auto to_task(F&& f, Args&&... args) {
  return call_task(std::decay_t<F>(std::forward<F>(f)),
                   std::tuple<std::decay_t<Args>...>(std::forward<Args>(args)...));
}

}  // namespace detail

// What `co_await pool.spawn_when_free(...)` waits in: until the job it has
// spawned holds a slot. Gives the job's handle.
template <class T>
class SpawnWhenFree final : detail::OwnWaitList, public WaitNode {
 public:
  explicit SpawnWhenFree(std::shared_ptr<detail::JobState<T>> job)
      : WaitNode(own), job_(std::move(job)) {}
  ~SpawnWhenFree() {
    if (job_ && job_->on_start == &own) job_->on_start = nullptr;
  }

  bool await_ready() const noexcept { return GreenThread<T>(job_).started() || job_->done(); }
  template <detail::ShoalPromise P>
  bool await_suspend(std::coroutine_handle<P> h) {
    job_->on_start = &own;
    return WaitNode::await_suspend(h);
  }
  GreenThread<T> await_resume() {
    if (job_->on_start == &own) job_->on_start = nullptr;
    if (outcome() == Outcome::cancelled) {
      // The spawner was cancelled while it waited: its job is too (eventlet:
      // a green thread killed in spawn() never spawned anything).
      GreenThread<T>(job_).cancel();
      resumed();  // throws Cancelled
    }
    return GreenThread<T>(std::move(job_));
  }

 private:
  std::shared_ptr<detail::JobState<T>> job_;
};

class Pool {
 public:
  // eventlet's default size. A size of 0, or a negative one (which a
  // size_t receives as a huge number: anything past PTRDIFF_MAX is taken
  // for one), throws std::invalid_argument naming it: a pool that can
  // never start a job is a mistake made where the size was computed (a
  // `-j 0` read from a file), better reported there than as a deadlock
  // at the first wait().
  explicit Pool(std::size_t size = 1000);
  Pool(Hub& hub, std::size_t size = 1000);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // spawn(task), spawn(command) or spawn(callable, args...): returns the
  // job's handle (GreenThread<T>; for a command, GreenThread<Result>).
  template <class... Xs>
  auto spawn(Xs&&... xs) {
    return submit(detail::to_task(std::forward<Xs>(xs)...), std::nullopt, false);
  }
  // The same, fire and forget. A task that ends in an error other than
  // cancellation says so on stderr (as eventlet prints a traceback): with
  // no handle, nobody else would ever know.
  template <class... Xs>
  void spawn_n(Xs&&... xs) {
    submit(detail::to_task(std::forward<Xs>(xs)...), std::nullopt, true);
  }
  // Inside a task, eventlet's spawn: the job is spawned at once, and the
  // task goes on only when the job holds a slot -- at once if one is free,
  // else when one frees (jobs waiting before it go first). A producer that
  // spawns a million jobs this way keeps at most size() + (spawners) of
  // them in memory, where spawn() would queue them all.
  //   GreenThread<Result> h = co_await pool.spawn_when_free(command);
  // Cancelling the waiting task cancels the job it spawned.
  template <class... Xs>
  auto spawn_when_free(Xs&&... xs) {
    auto job = make_job(detail::to_task(std::forward<Xs>(xs)...), std::nullopt, false);
    using T = typename decltype(job)::element_type::value_type;
    return SpawnWhenFree<T>(std::move(job));
  }
  // The same, queued for a slot only once `delay` has passed (a negative
  // delay is none; Hub::Duration::max() is never: delayed until cancelled).
  template <class... Xs>
  auto spawn_after(Hub::Duration delay, Xs&&... xs) {
    return submit(detail::to_task(std::forward<Xs>(xs)...), delay, false);
  }

  std::size_t size() const { return core_->size; }
  std::size_t running() const { return core_->running; }
  std::size_t free() const { return core_->size > core_->running ? core_->size - core_->running : 0; }
  std::size_t waiting() const { return core_->queue.size(); }
  std::size_t delayed() const { return core_->delayed; }
  // Changes the number of slots; more slots start waiting jobs at once.
  // resize(0) pauses the pool (running jobs finish, no new one starts), as
  // eventlet allows; a negative size throws std::invalid_argument.
  void resize(std::size_t size);

  // Outside the loop: runs it until every job (delayed, waiting, running)
  // has ended. Inside the loop it returns Errc::inside_loop at once.
  Expected<void> wait_all();
  // Cancels every job of the pool (see GreenThread::cancel).
  void cancel_all();

  Hub& hub() { return core_->live_hub(); }

 private:
  template <class T>
  std::shared_ptr<detail::JobState<T>> make_job(Task<T> task, std::optional<Hub::Duration> delay,
                                                bool detached) {
    auto job = std::make_shared<detail::JobState<T>>();
    job->ctx.hub = &core_->live_hub();
    job->detached = detached;
    detail::Driver d = detail::drive(std::move(task), job);
    d.h.promise().ctx = &job->ctx;
    job->driver = d.h;
    core_->submit(core_, job, delay);
    return job;
  }
  template <class T>
  GreenThread<T> submit(Task<T> task, std::optional<Hub::Duration> delay, bool detached) {
    return GreenThread<T>(make_job(std::move(task), delay, detached));
  }

  std::shared_ptr<detail::PoolCore> core_;
};

}  // namespace shoal

#pragma GCC visibility pop

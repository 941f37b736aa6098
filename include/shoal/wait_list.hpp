// WaitList: tasks suspended until someone wakes them, in the order they
// began to wait -- the one mechanism under Event, Semaphore, Mutex, Queue
// and Condition, and the public way to write an awaitable of one's own that
// honours shoal's cancellation and time limits.
//
// It exists because every waiting primitive needs the same three endings,
// and getting them right once is the hard part:
//   - woken: someone called wake_one()/wake_all() (or wake(node), handing
//     that task something first); the task resumes from the hub's ready
//     queue, never inside the waker;
//   - timed out: a wait given a limit (wait_for) passed it; the task
//     resumes with `false`;
//   - cancelled: the task's handle was cancelled, a with_timeout around it
//     passed, or its pool went; the task resumes and Cancelled is thrown.
// A task that was woken and then cancelled before it ran counts as woken
// (what it was handed -- a permit, an item -- is not lost); its next
// co_await throws Cancelled.
//
//   shoal::WaitList ready;                  // e.g. beside a flag a callback sets
//   bool flag = false;
//   // in a task:
//   while (!flag) co_await ready.wait();    // or: if (!co_await ready.wait_for(5s)) ...
//   // in the callback (from the loop, or plain code on the hub's thread):
//   flag = true; ready.wake_all();
//
// Primitives that hand something to the task they wake derive their
// awaiter from WaitNode, keep the payload in it, and reach it through
// front() / wake(node): see queue.hpp. An awaiter over a callback API of
// one's own derives from WaitNode too, starts the operation in
// await_suspend, wakes itself from the callback, and overrides abandoned()
// to cancel the operation (docs/library.md, "Your own awaitable").
//
// A WaitList must outlive the tasks waiting in it: one destroyed with
// waiters prints "shoal::WaitList destroyed while tasks wait in it" and
// aborts (their frames would resume into freed memory). Like everything on a
// hub, it belongs to one thread.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <coroutine>
#include <cstddef>
#include <optional>

#include "shoal/hub.hpp"
#include "shoal/task.hpp"

namespace shoal {

class WaitList;

// One task's wait in a WaitList. As an awaiter it suspends the task at the
// back of the list; `co_await` gives true when woken, false when the limit
// passed, and throws Cancelled when the task was cancelled. Derived awaiters
// override await_ready (nothing to wait for) and await_resume (what the
// task gets), calling resumed() first.
class WaitNode : detail::CancelHook, detail::TimerEntry {
 public:
  enum class Outcome { waiting, woken, timed_out, cancelled };

  // limit: how long to wait at most; nullopt is no limit.
  explicit WaitNode(WaitList& list, std::optional<Hub::Duration> limit = std::nullopt)
      : list_(&list), limit_(limit) {}
  WaitNode(const WaitNode&) = delete;
  WaitNode& operator=(const WaitNode&) = delete;
  // A frame destroyed while it waits (its task destroyed unfinished) leaves
  // the list.
  virtual ~WaitNode();

  bool await_ready() const noexcept { return false; }
  template <detail::ShoalPromise P>
  bool await_suspend(std::coroutine_handle<P> h) {
    return suspend(h.promise().ctx, h);
  }
  bool await_resume() { return resumed(); }

  Outcome outcome() const { return outcome_; }

 protected:
  // Links the node and schedules its limit; false (do not suspend) when
  // the task is cancelled already.
  bool suspend(detail::Context* ctx, std::coroutine_handle<> h);
  // true woken, false timed out; throws Cancelled.
  bool resumed();
  // Called when the wait ends without a wake -- its limit passed or its
  // task was cancelled -- before the task resumes: an awaiter that started
  // something on the task's behalf (a request, a timer of its own) stops it
  // here. It must not resume anything itself.
  virtual void abandoned() {}

 private:
  friend class WaitList;
  void cancel() override;
  void fire() override;
  void finish(Outcome how, bool via_ready_queue);

  WaitList* list_;
  std::optional<Hub::Duration> limit_;
  WaitNode* prev_ = nullptr;
  WaitNode* next_ = nullptr;
  bool linked_ = false;
  detail::Context* ctx_ = nullptr;
  std::coroutine_handle<> h_;
  Outcome outcome_ = Outcome::waiting;
};

class WaitList {
 public:
  WaitList() = default;
  WaitList(const WaitList&) = delete;
  WaitList& operator=(const WaitList&) = delete;
  ~WaitList();

  // co_await list.wait(): until woken (or Cancelled). co_await
  // list.wait_for(d): true when woken, false when d passed first.
  WaitNode wait() { return WaitNode(*this); }
  WaitNode wait_for(Hub::Duration limit) { return WaitNode(*this, limit); }

  // Wakes the task that has waited longest; false if none waits.
  bool wake_one();
  // Wakes every task waiting now (not those that begin to wait meanwhile).
  std::size_t wake_all();
  // Wakes this one (it must be waiting in this list).
  void wake(WaitNode& node);

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The task that has waited longest, or null.
  WaitNode* front() const { return head_; }

 private:
  friend class WaitNode;
  void link(WaitNode& node);
  void unlink(WaitNode& node);

  WaitNode* head_ = nullptr;
  WaitNode* tail_ = nullptr;
  std::size_t size_ = 0;
};

namespace detail {
// Built before, and destroyed after, the WaitNode that waits in it.
struct OwnWaitList {
  WaitList own;
};
}  // namespace detail

// The base of an awaitable over a callback API: one task waits for one
// thing. A derived class starts the operation in start() and calls
// complete() from its callback (even at once, from inside start()); it
// overrides abandoned() to stop the operation when the task is cancelled
// or the limit passes, and await_resume() to give the task its value
// (calling resumed() first, which throws Cancelled). complete() after the
// wait has ended does nothing.
class CallbackAwaiter : detail::OwnWaitList, public WaitNode {
 public:
  explicit CallbackAwaiter(std::optional<Hub::Duration> limit = std::nullopt)
      : WaitNode(own, limit) {}

  template <detail::ShoalPromise P>
  bool await_suspend(std::coroutine_handle<P> h) {
    if (!WaitNode::await_suspend(h)) return false;  // cancelled already
    hub_ = h.promise().ctx->hub;
    start();
    return true;
  }

 protected:
  virtual void start() = 0;
  void complete() {
    if (!own.empty()) own.wake(*this);
  }
  // The hub the awaiting task runs on (set before start()).
  Hub& hub() { return *hub_; }

 private:
  Hub* hub_ = nullptr;
};

}  // namespace shoal

#pragma GCC visibility pop

// Queue<T>: tasks hand values to one another, with back-pressure -- eventlet's
// Queue (and LightQueue), asyncio's Queue, a Go channel.
//
//   shoal::Queue<std::string> q(100);     // at most 100 queued: put() waits
//   // producer task:                       // meanwhile (back-pressure)
//   co_await q.put(line);
//   // consumer task:
//   std::string line = co_await q.get();  // waits while empty
//   std::optional<std::string> v = co_await q.get_for(5s);  // nullopt: 5 s passed
//   q.try_put(x); q.try_get();            // never wait: from plain code too
//
// The size is as eventlet's: std::nullopt (the default) is unbounded; 0 is
// a channel, where put() waits until a getter has taken the value; N holds
// at most N values. Values are handed over directly when someone waits for
// them, and waiters are served in the order they began to wait (eventlet
// does not promise that for channels; shoal does), so a task arriving late
// never overtakes one that waits. A waiting task that is cancelled throws
// Cancelled; its value, if it was putting one, is not queued. A getter handed
// a value just before it was cancelled still gets it.
//
// task_done() and join() are Python's: join() waits until every value put
// has been marked done.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <deque>
#include <optional>
#include <utility>

#include "shoal/wait_list.hpp"

namespace shoal {

template <class T>
class Queue {
 public:
  explicit Queue(std::optional<std::size_t> maxsize = std::nullopt) : maxsize_(maxsize) {}
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  struct PutAwaiter : WaitNode {
    PutAwaiter(Queue& q, T v, std::optional<Hub::Duration> limit)
        : WaitNode(q.putters_, limit), queue(&q), item(std::move(v)) {}
    Queue* queue;
    T item;
    bool handed = false;
    bool await_ready() {
      handed = queue->offer(item);
      return handed && queue->maxsize_ != std::size_t{0};
    }
    // A channel's put that found a getter lets it run first, as eventlet's
    // does: the put ends once the value has been taken.
    template <detail::ShoalPromise P>
    bool await_suspend(std::coroutine_handle<P> h) {
      if (!handed) return WaitNode::await_suspend(h);
      h.promise().ctx->hub->post(h);
      return true;
    }
  };
  struct PutVoid : PutAwaiter {
    using PutAwaiter::PutAwaiter;
    void await_resume() { this->resumed(); }
  };
  struct GetAwaiter : WaitNode {
    GetAwaiter(Queue& q, std::optional<Hub::Duration> limit)
        : WaitNode(q.getters_, limit), queue(&q) {}
    Queue* queue;
    std::optional<T> slot;
    bool await_ready() {
      slot = queue->try_get();
      return slot.has_value();
    }
  };
  struct GetValue : GetAwaiter {
    using GetAwaiter::GetAwaiter;
    T await_resume() {
      this->resumed();
      return std::move(*this->slot);
    }
  };
  struct GetOptional : GetAwaiter {
    using GetAwaiter::GetAwaiter;
    std::optional<T> await_resume() {
      this->resumed();
      return std::move(this->slot);
    }
  };

  // co_await: queued (or handed to a getter); waits while full.
  PutVoid put(T item) { return PutVoid(*this, std::move(item), std::nullopt); }
  // co_await: true when queued, false when `limit` passed first.
  PutAwaiter put_for(T item, Hub::Duration limit) { return PutAwaiter(*this, std::move(item), limit); }
  // co_await: the oldest value; waits while empty.
  GetValue get() { return GetValue(*this, std::nullopt); }
  // co_await: the oldest value, or nullopt when `limit` passed first.
  GetOptional get_for(Hub::Duration limit) { return GetOptional(*this, limit); }

  // Never wait. false: full (for a channel: no getter waiting).
  bool try_put(T item) { return offer(item); }
  // nullopt: empty (for a channel: no putter waiting).
  std::optional<T> try_get() {
    std::optional<T> v;
    if (!items_.empty()) {
      v.emplace(std::move(items_.front()));
      items_.pop_front();
      admit_putters();
    } else if (WaitNode* n = putters_.front()) {  // a channel's waiting putter
      auto& putter = static_cast<PutAwaiter&>(*n);
      v.emplace(std::move(putter.item));
      putters_.wake(putter);
      ++unfinished_;
    }
    return v;
  }

  // Marks one value taken by get() as dealt with; join() waits for all.
  void task_done() {
    if (unfinished_ > 0 && --unfinished_ == 0) joiners_.wake_all();
  }
  struct JoinAwaiter : WaitNode {
    JoinAwaiter(Queue& q) : WaitNode(q.joiners_), queue(&q) {}
    Queue* queue;
    bool await_ready() const noexcept { return queue->unfinished_ == 0; }
    void await_resume() { resumed(); }
  };
  JoinAwaiter join() { return JoinAwaiter(*this); }

  // A larger size admits waiting putters at once; a smaller one drops
  // nothing (later puts wait until the queue is below it).
  void resize(std::optional<std::size_t> maxsize) {
    maxsize_ = maxsize;
    admit_putters();
  }

  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  bool full() const { return maxsize_ && items_.size() >= *maxsize_; }
  std::optional<std::size_t> maxsize() const { return maxsize_; }
  std::size_t getting() const { return getters_.size(); }
  std::size_t putting() const { return putters_.size(); }
  std::size_t unfinished_tasks() const { return unfinished_; }

 private:
  // Hands `item` to the longest-waiting getter, or queues it if there is
  // room; false (item untouched) otherwise.
  bool offer(T& item) {
    if (WaitNode* n = getters_.front()) {
      auto& getter = static_cast<GetAwaiter&>(*n);
      getter.slot.emplace(std::move(item));
      getters_.wake(getter);
    } else if (!full() && putters_.empty()) {
      items_.push_back(std::move(item));
    } else {
      return false;
    }
    ++unfinished_;
    return true;
  }
  // Room has appeared: waiting putters' values go in, oldest first.
  void admit_putters() {
    while (!full() && !putters_.empty()) {
      auto& putter = static_cast<PutAwaiter&>(*putters_.front());
      items_.push_back(std::move(putter.item));
      putters_.wake(putter);
      ++unfinished_;
    }
  }

  std::optional<std::size_t> maxsize_;
  std::deque<T> items_;
  WaitList getters_;
  WaitList putters_;
  WaitList joiners_;
  std::size_t unfinished_ = 0;
};

}  // namespace shoal

#pragma GCC visibility pop

// The three ways a wait in a WaitList ends -- woken, timed out, cancelled --
// and the list itself. See include/shoal/wait_list.hpp for why it exists.
#include "shoal/wait_list.hpp"

#include <cstdio>
#include <cstdlib>

namespace shoal {

// ---- a node ---------------------------------------------------------------

WaitNode::~WaitNode() {
  if (linked_) list_->unlink(*this);
  if (scheduled()) ctx_->hub->unschedule(*this);
  if (ctx_ && ctx_->pending == this) ctx_->pending = nullptr;
}

bool WaitNode::suspend(detail::Context* ctx, std::coroutine_handle<> h) {
  ctx_ = ctx;
  if (ctx->cancelled) {
    outcome_ = Outcome::cancelled;
    return false;
  }
  h_ = h;
  list_->link(*this);
  ctx->pending = this;
  if (limit_) ctx->hub->schedule(*this, ctx->hub->deadline_in(*limit_));
  return true;
}

bool WaitNode::resumed() {
  switch (outcome_) {
    case Outcome::woken: return true;
    case Outcome::timed_out: return false;
    case Outcome::cancelled: throw Cancelled();
    case Outcome::waiting: break;
  }
  // Resumed without an ending: a derived await_ready said "nothing to
  // wait for", and never suspended.
  return true;
}

void WaitNode::finish(Outcome how, bool via_ready_queue) {
  outcome_ = how;
  if (linked_) list_->unlink(*this);
  if (scheduled()) ctx_->hub->unschedule(*this);
  if (ctx_->pending == this) ctx_->pending = nullptr;
  if (how != Outcome::woken) abandoned();
  if (via_ready_queue)
    ctx_->hub->post(h_);
  else
    h_.resume();
}

// Whoever cancels (another task, a pool's destructor) goes on undisturbed:
// the task resumes from the ready queue.
void WaitNode::cancel() { finish(Outcome::cancelled, true); }

// The limit passed: fired from the hub's timer, so resuming here is safe,
// as a sleep's end is.
void WaitNode::fire() { finish(Outcome::timed_out, false); }

// ---- the list -------------------------------------------------------------

WaitList::~WaitList() {
  if (size_ == 0) return;
  std::fprintf(stderr,
               "shoal::WaitList destroyed while tasks wait in it (%zu); let them end, or cancel "
               "them, first\n",
               size_);
  std::abort();
}

void WaitList::link(WaitNode& node) {
  node.prev_ = tail_;
  node.next_ = nullptr;
  if (tail_)
    tail_->next_ = &node;
  else
    head_ = &node;
  tail_ = &node;
  node.linked_ = true;
  ++size_;
}

void WaitList::unlink(WaitNode& node) {
  if (node.prev_)
    node.prev_->next_ = node.next_;
  else
    head_ = node.next_;
  if (node.next_)
    node.next_->prev_ = node.prev_;
  else
    tail_ = node.prev_;
  node.prev_ = node.next_ = nullptr;
  node.linked_ = false;
  --size_;
}

void WaitList::wake(WaitNode& node) { node.finish(WaitNode::Outcome::woken, true); }

bool WaitList::wake_one() {
  if (!head_) return false;
  wake(*head_);
  return true;
}

std::size_t WaitList::wake_all() {
  std::size_t n = 0;
  // Those linked now only: a woken task runs later, from the ready queue,
  // so none can join the list while this loop runs.
  while (head_) {
    wake(*head_);
    ++n;
  }
  return n;
}

}  // namespace shoal

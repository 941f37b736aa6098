// The non-template half of when_all / when_any: starting the children,
// counting them down, and cancelling them. See include/shoal/when.hpp.
#include "shoal/when.hpp"

namespace shoal::detail {

JoinCore::~JoinCore() {
  // Every child has ended (suspended at its final point) before the
  // awaiting task resumes; a join destroyed unstarted has children that
  // never ran. Either way their frames are ours to free.
  for (auto h : children_) h.destroy();
}

void JoinCore::prepare(std::size_t n) {
  contexts_.resize(n);  // never again: children point into it
  children_.reserve(n);
}

void JoinCore::add(std::coroutine_handle<ChildPromise> child) {
  child.promise().core = this;
  child.promise().index = children_.size();
  children_.push_back(child);
}

bool JoinCore::start(Context* parent_ctx, std::coroutine_handle<> parent) {
  parent_ctx_ = parent_ctx;
  if (parent_ctx->cancelled) return false;  // resumed() throws; the children never run
  parent_ = parent;
  // One more than the children: none of them can resume the parent while
  // this function is still starting the others.
  remaining_ = children_.size() + 1;
  for (std::size_t i = 0; i < children_.size(); ++i) {
    contexts_[i].hub = parent_ctx->hub;
    children_[i].promise().ctx = &contexts_[i];
  }
  parent_ctx->pending = this;
  for (auto child : children_) child.resume();  // each runs to its first suspension
  if (--remaining_ == 0) {
    parent_ctx->pending = nullptr;
    return false;
  }
  return true;
}

void JoinCore::resumed() {
  if (parent_ctx_ && parent_ctx_->pending == this) parent_ctx_->pending = nullptr;
  if (parent_ctx_ && parent_ctx_->cancelled) throw Cancelled();
}

void JoinCore::child_ended(std::size_t index) {
  if (first) return;
  first = index;
  if (!first_cancels_) return;
  for (std::size_t i = 0; i < contexts_.size(); ++i)
    if (i != index) contexts_[i].cancel();  // they resume later, from the hub
}

void JoinCore::cancel() {
  for (auto& c : contexts_) c.cancel();
}

std::coroutine_handle<> ChildFinal::await_suspend(std::coroutine_handle<ChildPromise> h) noexcept {
  JoinCore& core = *h.promise().core;
  core.child_ended(h.promise().index);
  if (--core.remaining_ == 0) return core.parent_;
  return std::noop_coroutine();
}

}  // namespace shoal::detail

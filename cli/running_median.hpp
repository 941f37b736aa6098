// The median of the runtimes seen so far, for --timeout N% ("N% of the
// median runtime of the jobs that succeeded", as GNU parallel). Two heaps:
// adding is O(log n), reading is O(1).
#pragma once

#include <functional>
#include <optional>
#include <queue>
#include <vector>

namespace shoal::cli {

class RunningMedian {
 public:
  void add(double x) {
    if (low_.empty() || x <= low_.top())
      low_.push(x);
    else
      high_.push(x);
    if (low_.size() > high_.size() + 1) {
      high_.push(low_.top());
      low_.pop();
    } else if (high_.size() > low_.size()) {
      low_.push(high_.top());
      high_.pop();
    }
  }
  std::optional<double> median() const {
    if (low_.empty()) return std::nullopt;
    if (low_.size() > high_.size()) return low_.top();
    return (low_.top() + high_.top()) / 2;
  }

 private:
  std::priority_queue<double> low_;  // the smaller half; its top is the largest of it
  std::priority_queue<double, std::vector<double>, std::greater<>> high_;
};

}  // namespace shoal::cli

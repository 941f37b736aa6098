#include "arguments.hpp"

#include <algorithm>

namespace shoal::cli {

std::vector<std::string> read_all(InputSource& source) {
  std::vector<std::string> items;
  std::string item;
  for (;;) {
    auto pull = source.next(item);
    if (pull == InputSource::Pull::end) return items;
    if (pull == InputSource::Pull::wait)
      source.readable();  // reading everything first: blocking is the point
    else
      items.push_back(std::move(item));
  }
}

std::size_t JobArguments::Group::rows() const {
  std::size_t n = SIZE_MAX;
  for (const auto& column : items) n = std::min(n, column.size());
  return items.empty() ? 0 : n;
}

JobArguments::JobArguments(std::vector<SourceSpec> sources, std::size_t per_job,
                           std::optional<ColumnSplitter> colsep)
    : per_job_(per_job == 0 ? 1 : per_job), colsep_(std::move(colsep)) {
  for (auto& spec : sources) {
    if (!spec.linked || groups_.empty()) groups_.emplace_back();
    groups_.back().sources.push_back(std::move(spec.source));
  }
  stream_first_ = groups_[0].sources.size() == 1;
}

bool JobArguments::prepare() {
  for (std::size_t g = stream_first_ ? 1 : 0; g < groups_.size(); ++g) {
    for (auto& source : groups_[g].sources) {
      groups_[g].items.push_back(read_all(*source));
      if (!source->error().empty()) {
        error_ = source->error();
        return false;
      }
    }
  }
  odometer_.assign(groups_.size(), 0);
  return true;
}

std::optional<std::uint64_t> JobArguments::total() const {
  std::optional<std::uint64_t> first =
      stream_first_ ? groups_[0].sources[0]->total() : std::optional<std::uint64_t>(groups_[0].rows());
  if (!first) return std::nullopt;
  std::uint64_t n = (*first + per_job_ - 1) / per_job_;
  for (std::size_t g = 1; g < groups_.size(); ++g) n *= groups_[g].rows();
  return n;
}

void JobArguments::add_columns(std::vector<std::string>& args, std::string item) const {
  if (!colsep_) {
    args.push_back(std::move(item));
    return;
  }
  colsep_->split(item, args);
}

InputSource::Pull JobArguments::next_row_of_first(std::vector<std::string>& row) {
  row.clear();
  if (!stream_first_) {
    if (first_row_ >= groups_[0].rows()) return InputSource::Pull::end;
    for (const auto& column : groups_[0].items) add_columns(row, column[first_row_]);
    ++first_row_;
    return InputSource::Pull::item;
  }
  // -n N: up to N lines of the first source make one job. A group that is
  // only partly here waits (in partial_) for the loop to say there is more.
  InputSource& source = *groups_[0].sources[0];
  std::string item;
  while (partial_items_ < per_job_) {
    auto pull = source.next(item);
    if (pull == InputSource::Pull::wait) return pull;
    if (pull == InputSource::Pull::end) break;
    add_columns(partial_, std::move(item));
    ++partial_items_;
  }
  if (partial_items_ == 0) {
    if (!source.error().empty()) error_ = source.error();
    return InputSource::Pull::end;
  }
  row = std::move(partial_);
  partial_.clear();
  partial_items_ = 0;
  return InputSource::Pull::item;
}

InputSource::Pull JobArguments::next(std::vector<std::string>& args) {
  // The odometer over the later groups: the last one turns fastest; when it
  // wraps, the first group moves to its next row.
  for (;;) {
    if (!have_current_) {
      auto pull = next_row_of_first(current_);
      if (pull != InputSource::Pull::item) return pull;
      have_current_ = true;
      std::fill(odometer_.begin(), odometer_.end(), 0);
    }
    bool empty_later_group = false;
    for (std::size_t g = 1; g < groups_.size(); ++g) empty_later_group |= groups_[g].rows() == 0;
    if (empty_later_group) return InputSource::Pull::end;

    args = current_;
    for (std::size_t g = 1; g < groups_.size(); ++g)
      for (const auto& column : groups_[g].items) add_columns(args, column[odometer_[g]]);

    // Advance.
    std::size_t g = groups_.size();
    while (g > 1) {
      --g;
      if (++odometer_[g] < groups_[g].rows()) break;
      odometer_[g] = 0;
      if (g == 1) have_current_ = false;
    }
    if (groups_.size() == 1) have_current_ = false;
    return InputSource::Pull::item;
  }
}

}  // namespace shoal::cli

#include "arguments.hpp"

#include "csv_fields.hpp"

#include <algorithm>
#include <random>

namespace shoal::cli {

Checked<std::vector<std::string>> read_all(InputSource& source) {
  std::vector<std::string> items;
  std::string item;
  for (;;) {
    auto pull = source.next(item);
    if (!pull) return pull.failure();
    if (*pull == InputSource::Pull::end) return items;
    if (*pull == InputSource::Pull::wait)
      source.readable();  // reading everything first: blocking is the point
    else
      items.push_back(std::move(item));
  }
}

std::size_t JobArguments::Group::rows() const {
  if (items.empty()) return 0;
  std::size_t n = recycle ? 0 : SIZE_MAX;
  for (const auto& column : items) {
    if (column.empty()) return 0;
    n = recycle ? std::max(n, column.size()) : std::min(n, column.size());
  }
  return n;
}

JobArguments::JobArguments(std::vector<SourceSpec> sources, std::size_t per_job,
                           std::optional<ColumnSplitter> colsep)
    : JobArguments(std::move(sources), Batching{per_job == 0 ? 1 : per_job}, std::move(colsep)) {}

JobArguments::JobArguments(std::vector<SourceSpec> sources, Batching batching,
                           std::optional<ColumnSplitter> colsep)
    : batching_(batching), colsep_(std::move(colsep)) {
  for (auto& spec : sources) {
    bool linked = spec.linked || batching_.link_all;
    if (!linked || groups_.empty()) groups_.emplace_back();
    groups_.back().sources.push_back(std::move(spec.source));
  }
  groups_[0].recycle = batching_.link_all;
  stream_first_ = groups_[0].sources.size() == 1;
}

Checked<void> JobArguments::prepare() {
  for (std::size_t g = stream_first_ ? 1 : 0; g < groups_.size(); ++g) {
    for (auto& source : groups_[g].sources) {
      auto items = read_all(*source);
      if (!items) return items.failure();
      groups_[g].items.push_back(std::move(*items));
    }
  }
  odometer_.assign(groups_.size(), 0);
  return {};
}

std::optional<std::uint64_t> JobArguments::total() const {
  if (batching_.max_records == 0) return std::nullopt;  // as many as fit: known at the end
  std::optional<std::uint64_t> records =
      shuffled_read_ ? std::optional<std::uint64_t>(shuffled_.size() + queue_.size())
      : stream_first_ ? groups_[0].sources[0]->total()
                      : std::optional<std::uint64_t>(groups_[0].rows());
  if (!records) return std::nullopt;
  if (!shuffled_read_)
    for (std::size_t g = 1; g < groups_.size(); ++g) *records *= groups_[g].rows();
  return (*records + batching_.max_records - 1) / batching_.max_records;
}

void JobArguments::add_columns(Record& args, std::string item) {
  if (csv_separator_) {
    ++csv_records_;
    auto split = cli::split_csv(item, *csv_separator_, args);
    if (!split && !stopped_) {
      error_ = "--csv: record " + std::to_string(csv_records_) + " is not valid CSV (" + split.error() + ")";
      stopped_ = true;
    }
    return;
  }
  if (!colsep_) {
    args.push_back(std::move(item));
    return;
  }
  colsep_->split(item, args);
}

InputSource::Pull JobArguments::next_row_of_first(Record& row) {
  row.clear();
  if (!stream_first_) {
    if (first_row_ >= groups_[0].rows()) return InputSource::Pull::end;
    for (const auto& column : groups_[0].items)
      add_columns(row, column[first_row_ % column.size()]);
    ++first_row_;
    return InputSource::Pull::item;
  }
  InputSource& source = *groups_[0].sources[0];
  std::string item;
  auto read = source.next(item);
  if (!read) error_ = read.error();  // the records queued before it still run
  InputSource::Pull pull = read ? *read : InputSource::Pull::end;
  if (pull == InputSource::Pull::item) add_columns(row, std::move(item));
  if (stopped_) return InputSource::Pull::end;
  return pull;
}

InputSource::Pull JobArguments::next_record(Record& args) {
  // The odometer over the later groups: the last one turns fastest; when it
  // wraps, the first group moves to its next row.
  if (stopped_) return InputSource::Pull::end;
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
  if (stopped_) return InputSource::Pull::end;

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

// --shuf: every record is read before the first job (as GNU parallel does),
// then they are handed out in a random order.
InputSource::Pull JobArguments::next_shuffled(Record& record) {
  if (!shuffled_read_) {
    Record r;
    for (;;) {
      auto pull = next_record(r);
      if (pull == InputSource::Pull::end) break;
      if (pull == InputSource::Pull::wait) readable();  // reading everything first: blocking is the point
      else shuffled_.push_back(std::move(r));
    }
    std::shuffle(shuffled_.begin(), shuffled_.end(), std::mt19937_64(std::random_device{}()));
    std::reverse(shuffled_.begin(), shuffled_.end());  // handed out from the back
    shuffled_read_ = true;
  }
  if (shuffled_.empty()) return InputSource::Pull::end;
  record = std::move(shuffled_.back());
  shuffled_.pop_back();
  return InputSource::Pull::item;
}

}  // namespace shoal::cli

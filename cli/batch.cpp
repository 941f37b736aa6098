// Putting records into jobs (JobArguments, second half): as GNU parallel's
// CommandLine::populate does it. A job takes records until -n's count is
// reached or the next one would make the command line -s long or longer;
// with -m or -X, once the input has ended, the records left are spread
// evenly over the job slots (ceil(left / slots) a job from then on), so that
// a short input still keeps every slot busy.
//
// The line's length is estimated as records come (the template says what
// one more argument adds) and measured exactly once per job: filling a job
// with 20,000 arguments costs one build of its line, not 20,000.
#include <algorithm>

#include "arguments.hpp"
#include "command_words.hpp"
#include "template.hpp"

namespace shoal::cli {

bool JobArguments::plain() const {
  return batching_.max_records == 1 && batching_.max_chars == 0 && !batching_.no_args;
}

Checked<InputSource::Pull> JobArguments::next(std::vector<std::string>& args) {
  InputSource::Pull pull = next_job(args);
  if (pull == InputSource::Pull::end && !error_.empty()) return fail(error_);
  return pull;
}

InputSource::Pull JobArguments::next_job(std::vector<std::string>& args) {
  auto pull_one = [this](Record& r) {
    return batching_.shuffle ? next_shuffled(r) : next_record(r);
  };
  if (plain()) return pull_one(args);
  for (;;) {
    if (stopped_) return InputSource::Pull::end;
    if (std::size_t n = ready_records(); n > 0) {
      take(n, args);
      if (stopped_) return InputSource::Pull::end;
      return InputSource::Pull::item;
    }
    if (input_ended_) return InputSource::Pull::end;  // queue_ is empty too
    Record record;
    auto pull = pull_one(record);
    if (pull == InputSource::Pull::wait) return pull;
    if (pull == InputSource::Pull::end) {
      input_ended_ = true;
      continue;
    }
    queue_.push_back(std::move(record));
  }
}

// Grows fit_ over the records queued since, while they fit.
void JobArguments::extend_fit() {
  while (!full_ && fit_ < queue_.size()) {
    std::size_t length = 0;
    if (batching_.max_chars > 0 && template_) {
      if (fit_ == 0) {
        length = line_length(1);
      } else {
        length = fit_length_;
        for (const auto& arg : queue_[fit_]) length += template_->arg_cost(arg);
      }
      if (length >= batching_.max_chars && fit_ > 0) {
        full_ = true;
        return;
      }
    }
    fit_length_ = length;
    ++fit_;
    if (batching_.max_records > 0 && fit_ >= batching_.max_records) full_ = true;
  }
}

// How many records the next job takes; 0 while that depends on input not
// read yet.
std::size_t JobArguments::ready_records() {
  extend_fit();
  if (queue_.empty()) return 0;
  bool may_spread = batching_.spread && !spread_done_ && slots_ > 0;
  bool all_queued = fit_ == queue_.size();
  // Not full: more may fit. Full with every queued record in it: whether
  // it is the last job (then spread) depends on whether more input comes.
  if (!input_ended_ && (!full_ || (all_queued && may_spread))) return 0;
  std::size_t n = fit_;
  if (input_ended_ && all_queued && may_spread) {
    spread_done_ = true;
    if (n > 1) {
      batching_.max_records = (n + slots_ - 1) / slots_;
      n = batching_.max_records;
    }
  }
  return n;
}

std::size_t JobArguments::line_length(std::size_t records) const {
  if (!template_) return 0;
  Record args;
  for (std::size_t i = 0; i < records; ++i)
    args.insert(args.end(), queue_[i].begin(), queue_[i].end());
  if (batching_.no_args) args.clear();
  return template_->display({args, jobs_made_ + 1, 1}).size();
}

void JobArguments::take(std::size_t n, std::vector<std::string>& args) {
  if (batching_.max_chars > 0 && template_) {
    // The estimate leaves out positional strings ({1}, {-1}): measure.
    std::size_t length = line_length(n);
    while (n > 1 && length >= batching_.max_chars) length = line_length(--n);
    if (length >= batching_.max_chars) {
      std::string arg = join(queue_[0]);
      if (arg.size() > 50) arg = arg.substr(0, 50) + "...";
      error_ = "command line too long (" + std::to_string(length) + " characters, -s allows " +
               std::to_string(batching_.max_chars - 1) + ") at input " +
               std::to_string(records_taken_ + 1) + ": " + arg;
      stopped_ = true;
      return;
    }
  }
  args.clear();
  for (std::size_t i = 0; i < n; ++i) {
    if (!batching_.no_args)
      for (auto& arg : queue_.front()) args.push_back(std::move(arg));
    queue_.pop_front();
  }
  records_taken_ += n;
  ++jobs_made_;
  fit_ = 0;
  fit_length_ = 0;
  full_ = false;
}

}  // namespace shoal::cli

// Where job arguments come from: `::: a b c` in memory, or lines of a file or
// of stdin, read as jobs need them (streamed: the first job starts before the
// input ends, and a million lines are never all in memory).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checked.hpp"
#include "shoal/unique_fd.hpp"

namespace shoal::cli {

class InputSource {
 public:
  enum class Pull { item, wait, end };
  virtual ~InputSource() = default;

  // Gives the next argument, or says to wait until fd() is readable (then
  // call readable() and pull again), or that the input has ended -- or,
  // where it would have ended, why it ended early (a read failed): the
  // arguments read before the failure come first.
  Checked<Pull> next(std::string& item) {
    Pull pulled = pull(item);
    if (pulled == Pull::end && !failed_.empty()) return fail(failed_);
    return pulled;
  }
  virtual int fd() const { return -1; }
  virtual void readable() {}
  // How many arguments there are in all, when known before the end.
  virtual std::optional<std::uint64_t> total() const { return std::nullopt; }

 protected:
  // The source's own reading; next() turns its end into the failure.
  virtual Pull pull(std::string& item) = 0;
  // Why the input ends early: set where reading fails, said at the end.
  std::string failed_;
};

class ArgsSource final : public InputSource {
 public:
  explicit ArgsSource(std::vector<std::string> args) : args_(std::move(args)) {}
  std::optional<std::uint64_t> total() const override { return args_.size(); }

 private:
  Pull pull(std::string& item) override;
  std::vector<std::string> args_;
  std::size_t next_ = 0;
};

// -d's text as GNU parallel reads it: \n \t \r, \ddd and \d (octal, so
// \0 is NUL) become those bytes; anything else, a backslash too, is itself.
std::string unquote_delimiter(std::string_view text);

// A `:::` argument cut at the delimiter, as GNU parallel cuts it: every
// piece counts, so "a\n" is "a" and "" (and "" is one empty argument).
std::vector<std::string> split_at_delimiter(std::string_view arg, std::string_view delimiter);

// Records of an fd, split at '\n' (or -d's delimiter, of any length, or NUL
// with -0); a last record without a delimiter still counts.
class LineSource final : public InputSource {
 public:
  // Reads fd, which stays the caller's (stdin). `name` is used in error
  // messages.
  LineSource(int fd, std::string name, std::string delimiter = "\n");
  // Reads and owns fd (an input file).
  LineSource(shoal::UniqueFd fd, std::string name, std::string delimiter = "\n");

  int fd() const override { return pollable_ ? fd_ : -1; }
  void readable() override { ready_ = true; }

 private:
  Pull pull(std::string& item) override;
  Pull next_record(std::string& item);

  shoal::UniqueFd owned_;
  int fd_;
  std::string name_;
  std::string delimiter_;
  bool pollable_;      // a pipe, socket or terminal: read only when ready
  bool ready_ = false;
  bool eof_ = false;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t searched_ = 0;  // no delimiter begins in buffer_ before this
};

// What GNU parallel does to every line of every source as it reads it:
// -E stops at a line that is the end-of-file string, -r skips lines that are
// only blanks, -L joins a line ending in a blank with the next.
struct LineRules {
  std::optional<std::string> eof;  // -E
  bool skip_empty = false;         // -r
  bool continue_lines = false;     // -L, --max-lines
  std::optional<std::string> csv_delimiter;  // --csv: a quoted field goes on past this
  bool any() const { return eof || skip_empty || continue_lines || csv_delimiter; }
};

class RuledSource final : public InputSource {
 public:
  RuledSource(std::unique_ptr<InputSource> source, LineRules rules)
      : source_(std::move(source)), rules_(std::move(rules)) {}
  int fd() const override { return source_->fd(); }
  void readable() override { source_->readable(); }
  // Unknown: lines may be skipped, joined or cut off.

 private:
  Pull pull(std::string& item) override;
  std::unique_ptr<InputSource> source_;
  LineRules rules_;
  bool ended_ = false;
  std::optional<std::string> held_;  // -L: a line ending in a blank, waiting for the next
};

}  // namespace shoal::cli

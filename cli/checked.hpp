// The command line's one shape for a step that can fail: a value, or the
// one-line message that says why there is none. Every fallible step in
// cli/ (parsing an option, opening a file, reading a joblog) returns a
// Checked<T>; the caller either uses the value or passes the message up
// until main() prints it as `shoal: MESSAGE` and exits 255.
//
// Why not the library's Expected<T>: that one carries an error code and an
// exception for a program to decide on; the command line has nothing to
// decide, only a sentence to show a person. Why not std::expected: C++23.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace shoal::cli {

// What a failed step says: one line, no "shoal: " prefix, no newline.
struct Failure {
  std::string message;
};

inline Failure fail(std::string message) { return Failure{std::move(message)}; }

template <class T>
class [[nodiscard]] Checked {
 public:
  Checked(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Checked(Failure failure) : state_(std::in_place_index<1>, std::move(failure)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The message of a failed step; empty when it succeeded.
  const std::string& error() const {
    static const std::string none;
    return ok() ? none : std::get<1>(state_).message;
  }
  // The failure, to pass up as another Checked's: `return c.failure();`.
  Failure failure() const { return Failure{error()}; }

 private:
  std::variant<T, Failure> state_;
};

// A step with no value: it worked, or here is why not.
template <>
class [[nodiscard]] Checked<void> {
 public:
  Checked() = default;
  Checked(Failure failure) : message_(std::move(failure.message)), failed_(true) {}  // NOLINT

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return message_; }
  Failure failure() const { return Failure{message_}; }

 private:
  std::string message_;
  bool failed_ = false;
};

}  // namespace shoal::cli

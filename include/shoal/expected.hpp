// A value or the reason there is none. Tasks may throw inside (they are
// C++), but what a task ends with reaches its waiter as an Expected: an
// exception never leaves the event loop, and a program that waits on a
// thousand tasks decides about each failure with an `if`, not a try block.
// (std::expected is C++23; this is the part of it shoal needs.)
//
// A command that fails is not an Error: its Result says so (status, exit
// code). An Error is when there is no value at all: the task threw, was
// cancelled, ran out of time, or was waited on in a way that cannot work.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace shoal {

enum class Errc {
  exception,    // the task threw; Error::exception holds what
  cancelled,    // cancel() on its handle, or its pool went away
  timed_out,    // with_timeout's limit, or a looping call's total timeout
  stopped,      // a looping call's stop() before it had a value
  deadlock,     // wait() found nothing left that could finish it
  inside_loop,  // a blocking wait() from inside the loop; co_await instead
};

std::string_view to_string(Errc code);

struct Error {
  Errc code = Errc::exception;
  std::string message;
  std::exception_ptr exception;  // set when the task threw

  // Throws what the task threw, or BadExpectedAccess for the other codes.
  [[noreturn]] void rethrow() const;
};

// Thrown by Expected::value() when there is no value and no exception to
// rethrow.
class BadExpectedAccess : public std::exception {
 public:
  explicit BadExpectedAccess(Error error) : error_(std::move(error)) {}
  const char* what() const noexcept override { return error_.message.c_str(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
};

// Turns the exception being handled (inside a catch block, or an
// exception_ptr) into an Error, recognising shoal's own (Cancelled, ...).
Error error_from(std::exception_ptr exception);

template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Expected(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // The value; without one, rethrows (the caller asked for it).
  T& value() & {
    if (!has_value()) error().rethrow();
    return std::get<0>(v_);
  }
  const T& value() const& {
    if (!has_value()) error().rethrow();
    return std::get<0>(v_);
  }
  T&& value() && { return std::move(value()); }

  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)) {}

  bool has_value() const { return !error_; }
  explicit operator bool() const { return has_value(); }
  void value() const {
    if (error_) error_->rethrow();
  }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace shoal

#pragma GCC visibility pop

// Naming errors, and turning an exception a task threw into an Error.
#include "shoal/expected.hpp"

#include "shoal/looping_call.hpp"
#include "shoal/task.hpp"

namespace shoal {

std::string_view to_string(Errc code) {
  switch (code) {
    case Errc::exception: return "exception";
    case Errc::cancelled: return "cancelled";
    case Errc::timed_out: return "timed out";
    case Errc::stopped: return "stopped";
    case Errc::deadlock: return "deadlock";
    case Errc::inside_loop: return "inside loop";
  }
  return "unknown";
}

void Error::rethrow() const {
  if (exception) std::rethrow_exception(exception);
  throw BadExpectedAccess(*this);
}

Error error_from(std::exception_ptr exception) {
  try {
    std::rethrow_exception(exception);
  } catch (const Cancelled&) {
    return Error{Errc::cancelled, "cancelled", exception};
  } catch (const Stopped&) {
    return Error{Errc::stopped, "stopped", exception};
  } catch (const TimedOut& e) {
    return Error{Errc::timed_out, e.what(), exception};
  } catch (const std::exception& e) {
    return Error{Errc::exception, e.what(), exception};
  } catch (...) {
    return Error{Errc::exception, "unknown exception", exception};
  }
}

}  // namespace shoal

#include <cerrno>

#include "shoal/result.hpp"
#include "shoal/status.hpp"

namespace shoal {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::ok: return "ok";
    case Status::failed: return "failed";
    case Status::timeout: return "timeout";
    case Status::killed: return "killed";
    case Status::error: return "error";
  }
  return "error";
}

bool Result::resource_exhausted() const {
  return status == Status::error &&
         (error_code == EMFILE || error_code == ENFILE || error_code == EAGAIN ||
          error_code == ENOMEM);
}

}  // namespace shoal

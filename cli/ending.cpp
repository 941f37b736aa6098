#include "ending.hpp"

#include "shoal/io.hpp"

namespace shoal::cli {

std::string said(const std::string& line) { return "shoal: " + line + "\n"; }

void say(const std::string& line) { shoal::write_all(2, said(line)); }

int exit_status_for(std::uint64_t not_ok) { return not_ok > 100 ? 101 : static_cast<int>(not_ok); }

}  // namespace shoal::cli

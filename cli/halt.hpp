// --halt: when to stop a run early, exactly as GNU parallel reads it:
// now|soon , fail|success|done = N|P%, and the old forms 0 1 2 -1 -2 and P%.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shoal::cli {

struct HaltSpec {
  enum class When { never, soon, now } when = When::never;
  enum class Why { fail, success, done } why = Why::fail;
  double value = 0;
  bool percent = false;
};

std::optional<HaltSpec> parse_halt(std::string_view text, std::string& error);

// Whether the condition holds after this many jobs ended ok / not ok, of
// `total` (0 when not known yet: a percentage then waits for it).
bool halt_reached(const HaltSpec& spec, std::uint64_t ok, std::uint64_t not_ok,
                  std::uint64_t total);

// What GNU parallel says, on its own line before the job's command, about a
// job that counts toward --halt: "This job failed:" (fail=), "This job
// succeeded:" (success=), "This job finished:" (done=); "" for a job that
// does not count (a success under fail=, say).
std::string halt_notice(const HaltSpec& spec, bool job_ok);

}  // namespace shoal::cli

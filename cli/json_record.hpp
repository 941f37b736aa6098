// --json: one JSON object per finished job, on one line, so that `jq` and any
// JSON reader take a run's results without scraping text.
//
// A job may print any bytes. Where its stdout or stderr is valid UTF-8 it is
// a plain JSON string; where it is not, the string has each invalid byte
// replaced by U+FFFD (readable) and "stdout_base64"/"stderr_base64" carries
// the exact bytes (lossless): escaped, never dropped. So do the arguments:
// when one is not valid UTF-8, "args_base64" holds every argument exactly.
#pragma once

#include <string>
#include <string_view>

#include "job_report.hpp"
#include "shoal/result.hpp"

namespace shoal::cli {

// One line, ending in '\n'.
std::string format_json_record(const JobReport& job, const shoal::Result& result);

std::string base64_encode(std::string_view bytes);

}  // namespace shoal::cli

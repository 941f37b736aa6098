#include "json_record.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace shoal::cli {

namespace {

double epoch_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

// A strict dump is the check: it throws on invalid UTF-8.
bool valid_utf8(const std::string& bytes) {
  try {
    (void)nlohmann::json(bytes).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

// Adds "<name>" (and "<name>_base64" when the bytes are not valid UTF-8).
void add_stream(nlohmann::ordered_json& record, const char* name, const shoal::Output& output) {
  std::string bytes = output.str();
  if (!valid_utf8(bytes)) record[std::string(name) + "_base64"] = base64_encode(bytes);
  record[name] = std::move(bytes);  // invalid UTF-8 is dumped below with U+FFFD
}

}  // namespace

std::string base64_encode(std::string_view in) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16 |
             static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8 |
             static_cast<unsigned>(static_cast<unsigned char>(in[i + 2]));
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    out += alphabet[n >> 6 & 63];
    out += alphabet[n & 63];
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8;
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    out += i + 1 < in.size() ? alphabet[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::string format_json_record(const JobReport& job, const shoal::Result& r) {
  nlohmann::ordered_json record;
  record["seq"] = job.seq;
  record["args"] = job.args;
  // An input that is not UTF-8 is kept exactly too: every argument, base64.
  if (!std::all_of(job.args.begin(), job.args.end(), valid_utf8)) {
    auto& exact = record["args_base64"] = nlohmann::ordered_json::array();
    for (const auto& arg : job.args) exact.push_back(base64_encode(arg));
  }
  record["host"] = job.host;
  record["command"] = job.command;
  record["status"] = std::string(to_string(r.status));
  record["exit"] = r.exit_code >= 0 ? nlohmann::ordered_json(r.exit_code) : nlohmann::ordered_json(nullptr);
  record["signal"] = r.signal;
  record["start"] = epoch_seconds(r.wall_start);
  record["end"] = epoch_seconds(r.wall_start) + r.duration().count();
  record["duration"] = r.duration().count();
  record["tries"] = r.tries;
  if (r.status == Status::error) record["error"] = r.error;
  add_stream(record, "stdout", r.out);
  add_stream(record, "stderr", r.err);
  // Arguments and the command can hold invalid UTF-8 too: replace, never throw.
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace shoal::cli

#include "termseq.hpp"

#include <charconv>
#include <csignal>
#include <cstring>

namespace shoal::cli {

namespace {

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto comma = text.find(',');
    parts.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) return parts;
    text.remove_prefix(comma + 1);
  }
}

bool same_upper(std::string_view a, const char* upper) {
  if (a.size() != std::strlen(upper)) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] >= 'a' && a[i] <= 'z' ? a[i] - 'a' + 'A' : a[i]) != upper[i]) return false;
  return true;
}

// A signal's number from its name (with or without SIG, any case) or its
// number; 0 when it names none.
int signal_number(std::string_view word) {
  int number = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), number);
  if (ec == std::errc() && end == word.data() + word.size())
    return number > 0 && number < NSIG ? number : 0;
  if (word.size() > 3 && same_upper(word.substr(0, 3), "SIG")) word.remove_prefix(3);
  for (int s = 1; s < NSIG; ++s)
    if (const char* name = ::sigabbrev_np(s); name && same_upper(word, name)) return s;
  return 0;
}

}  // namespace

TermSeq default_termseq() {
  using std::chrono::milliseconds;
  return {{SIGTERM, milliseconds(200)},
          {SIGTERM, milliseconds(100)},
          {SIGTERM, milliseconds(50)},
          {SIGKILL, milliseconds(25)}};
}

Checked<TermSeq> parse_termseq(std::string_view text) {
  TermSeq steps;
  auto parts = split_commas(text);
  for (std::size_t i = 0; i < parts.size(); i += 2) {
    shoal::Command::KillStep step;
    step.signal = signal_number(parts[i]);
    if (step.signal == 0)
      return fail("--termseq: '" + std::string(parts[i]) + "' is not a signal (TERM, INT, KILL, 15, ...)");
    if (i + 1 < parts.size()) {
      std::string_view ms = parts[i + 1];
      long long wait = 0;
      auto [end, ec] = std::from_chars(ms.data(), ms.data() + ms.size(), wait);
      if (ms.empty() || ec != std::errc() || end != ms.data() + ms.size() || wait < 0)
        return fail("--termseq: '" + std::string(ms) + "' is not a number of milliseconds");
      step.wait = std::chrono::milliseconds(wait);
    }
    steps.push_back(step);
  }
  return steps;
}

}  // namespace shoal::cli

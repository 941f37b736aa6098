#include "option_abbrev.hpp"

#include <algorithm>

namespace shoal::cli {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool takes_value(const CLI::Option* o) { return o->get_expected_min() > 0; }

struct Found {
  const CLI::Option* option = nullptr;  // nullptr: none (CLI11 says so)
  std::string name;                     // the full name it stands for
};

// The option a long name (without its dashes) stands for, or a failure
// when it is ambiguous.
Checked<Found> find_long(const CLI::App& app, const std::string& written) {
  auto options = app.get_options();
  for (const CLI::Option* o : options)
    for (const auto& n : o->get_lnames())
      if (n == written) return Found{o, n};
  // Getopt::Long knows a one-letter option by that letter as a long name
  // too: GNU parallel takes --j 2 as -j 2, not as an abbreviation.
  if (written.size() == 1)
    for (const CLI::Option* o : options)
      for (const auto& n : o->get_snames())
        if (n == written && !o->get_lnames().empty()) return Found{o, o->get_lnames()[0]};
  std::string want = lower(written);
  std::vector<std::pair<const CLI::Option*, std::string>> hits;
  for (const CLI::Option* o : options)
    for (const auto& n : o->get_lnames())
      if (lower(n) == want) return Found{o, n};
  for (const CLI::Option* o : options)
    for (const auto& n : o->get_lnames())
      if (lower(n).compare(0, want.size(), want) == 0) hits.emplace_back(o, n);
  if (hits.empty()) return Found{};
  bool one = std::all_of(hits.begin(), hits.end(),
                         [&](const auto& h) { return h.first == hits[0].first; });
  if (one) return Found{hits[0].first, hits[0].second};
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  std::string ambiguous = "option --" + written + " is ambiguous (";
  for (std::size_t i = 0; i < hits.size(); ++i) ambiguous += (i > 0 ? ", --" : "--") + hits[i].second;
  return fail(ambiguous + ")");
}

// How many words after a bundle of one-letter options (-kj, -j4, -j) are
// its value: one when its last letter takes a value written apart.
std::size_t short_value_words(const CLI::App& app, const std::string& arg) {
  for (std::size_t i = 1; i < arg.size(); ++i) {
    const CLI::Option* o = nullptr;
    for (const CLI::Option* c : app.get_options())
      for (const auto& n : c->get_snames())
        if (n.size() == 1 && n[0] == arg[i]) o = c;
    if (!o) return 0;  // not ours: CLI11 will say so
    if (takes_value(o)) return i + 1 == arg.size() ? 1 : 0;  // the rest is its value
  }
  return 0;
}

}  // namespace

Checked<void> expand_long_options(const CLI::App& app, std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string& arg = args[i];
    if (arg == "--" || arg.size() < 2 || arg[0] != '-') return {};  // the command begins
    if (arg[1] != '-') {
      i += short_value_words(app, arg);
      continue;
    }
    auto eq = arg.find('=');
    std::string written = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    auto found = find_long(app, written);
    if (!found) return found.failure();
    const Found& f = *found;
    if (!f.option) continue;  // unknown: CLI11 says so
    if (f.name != written) arg = "--" + f.name + (eq == std::string::npos ? "" : arg.substr(eq));
    if (eq == std::string::npos && takes_value(f.option)) ++i;
  }
  return {};
}

}  // namespace shoal::cli

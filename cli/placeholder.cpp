// GNU parallel's replacement strings, one at a time: reading {}, {2/.},
// {-1}, {#}, {%} out of a template's text and writing them back, and the
// value each stands for given one argument. A file apart from template.cpp,
// which decides what a whole command line becomes (argv or a shell line,
// -m's and -X's several arguments); this is the part with no such choice.
#include "placeholder.hpp"

#include <charconv>
#include <string>
#include <utility>

namespace shoal::cli {

namespace {

struct Modifier {
  std::string_view suffix;  // what follows "{" or "{n" up to and including "}"
  Placeholder what;
};
// Longest first, so that {//} is not read as {/} followed by "/}".
constexpr Modifier modifiers[] = {
    {"//}", Placeholder::dir},  {"/.}", Placeholder::base_no_ext}, {".}", Placeholder::no_ext},
    {"/}", Placeholder::base},  {"}", Placeholder::whole},
};

// Positions past this are a typo: no job has 2 billion arguments, and the
// number must fit the int it is kept in.
constexpr std::uint64_t max_position = 2147483647;

// The replacement string at the start of `text`, if any: {} (or -I's
// string), {.} {/} {//} {/.} {#} {%}, and {n} {n.} {n/} {n//} {n/.} with n
// counting from the first argument, or from the last when negative ({-1}).
// Returns its length (0: none) and fills `segment`, or fails for a position
// too large to be one.
Checked<std::size_t> match_placeholder(std::string_view text, std::string_view whole,
                                       TemplateSegment& segment) {
  segment = {true, Placeholder::whole, 0, {}};
  if (text.substr(0, whole.size()) == whole) return whole.size();
  if (text.empty() || text[0] != '{') return 0;
  if (text.substr(0, 3) == "{#}") return segment.what = Placeholder::seq, std::size_t{3};
  if (text.substr(0, 3) == "{%}") return segment.what = Placeholder::slot, std::size_t{3};
  bool negative = text.size() > 1 && text[1] == '-';
  std::size_t digits = negative ? 2 : 1;
  std::size_t i = digits;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (negative && i == digits) return 0;  // "{-" without a number: literal
  std::uint64_t position = 0;
  bool too_large = false;
  if (i > digits) {
    auto [end, ec] = std::from_chars(text.data() + digits, text.data() + i, position);
    too_large = ec == std::errc::result_out_of_range || position > max_position;
    if (!too_large && position == 0) return 0;  // {0}, {-0}: not replacement strings
  }
  for (const auto& m : modifiers) {
    // Without -I, "{}" is handled above; a plain "{}" here means -I
    // replaced it, so it is literal text.
    if (i == 1 && m.what == Placeholder::whole) continue;
    if (text.substr(i, m.suffix.size()) != m.suffix) continue;
    std::size_t length = i + m.suffix.size();
    if (too_large)
      return fail("replacement string " + std::string(text.substr(0, length)) +
                  ": the position is more than " + std::to_string(max_position));
    segment.what = m.what;
    segment.index = negative ? -static_cast<long>(position) : static_cast<long>(position);
    return length;
  }
  return 0;
}

// {.}: remove a final ".ext" that is within the last path component.
std::string_view strip_extension(std::string_view v) {
  auto dot = v.rfind('.');
  if (dot == std::string_view::npos) return v;
  if (v.find('/', dot) != std::string_view::npos) return v;
  return v.substr(0, dot);
}

std::string_view basename_of(std::string_view v) {
  auto slash = v.rfind('/');
  return slash == std::string_view::npos ? v : v.substr(slash + 1);
}

// POSIX dirname, as Perl's File::Basename::dirname that GNU parallel uses.
std::string dirname_of(std::string_view v) {
  while (v.size() > 1 && v.back() == '/') v.remove_suffix(1);
  auto slash = v.rfind('/');
  if (slash == std::string_view::npos) return ".";
  v = v.substr(0, slash);
  while (v.size() > 1 && v.back() == '/') v.remove_suffix(1);
  return v.empty() ? "/" : std::string(v);
}

}  // namespace

const std::string* argument_at(long position, const std::vector<std::string>& args) {
  // GNU parallel 20221122 indexes a negative position past the first
  // argument the way Perl does ({-3} of two arguments is the last); here it
  // stands for nothing, as a positive one past the last does.
  auto n = static_cast<long>(args.size());
  if (position > 0) return position <= n ? &args[position - 1] : nullptr;
  if (position < 0) return -position <= n ? &args[n + position] : nullptr;
  return nullptr;
}

std::string expand_placeholder(Placeholder p, std::string_view value, std::uint64_t seq,
                               std::size_t slot) {
  switch (p) {
    case Placeholder::whole: return std::string(value);
    case Placeholder::no_ext: return std::string(strip_extension(value));
    case Placeholder::base: return std::string(basename_of(value));
    case Placeholder::dir: return dirname_of(value);
    case Placeholder::base_no_ext: return std::string(strip_extension(basename_of(value)));
    case Placeholder::seq: return std::to_string(seq);
    case Placeholder::slot: return std::to_string(slot);
  }
  return {};
}

std::vector<TemplateSegment> split_placeholders(std::string_view text, std::string_view whole) {
  std::vector<TemplateSegment> segments;
  std::string literal;
  for (std::size_t i = 0; i < text.size();) {
    TemplateSegment placeholder;
    auto length = match_placeholder(text.substr(i), whole, placeholder);
    if (!length || *length == 0) {
      literal += text[i++];
      continue;
    }
    if (!literal.empty()) segments.push_back({false, Placeholder::whole, 0, std::move(literal)});
    literal.clear();
    segments.push_back(placeholder);
    i += *length;
  }
  if (!literal.empty()) segments.push_back({false, Placeholder::whole, 0, std::move(literal)});
  return segments;
}

Checked<void> check_placeholders(std::string_view text, std::string_view whole) {
  // The same walk as split_placeholders(): a placeholder's inside is not
  // read again (-I's string may hold a brace).
  for (std::size_t i = 0; i < text.size();) {
    TemplateSegment placeholder;
    auto length = match_placeholder(text.substr(i), whole, placeholder);
    if (!length) return length.failure();
    i += *length == 0 ? 1 : *length;
  }
  return {};
}

std::string unparse(const TemplateSegment& s, std::string_view whole) {
  if (s.what == Placeholder::seq) return "{#}";
  if (s.what == Placeholder::slot) return "{%}";
  if (s.index == 0 && s.what == Placeholder::whole) return std::string(whole);
  // Appended, not "{" + ...: GCC 12 at -O3 warns of an overlapping memcpy
  // there (-Wrestrict, a false positive) and the Release build fails.
  std::string text = "{";
  if (s.index != 0) text += std::to_string(s.index);
  for (const auto& m : modifiers)
    if (m.what == s.what) return text + std::string(m.suffix);
  return text + "}";
}

std::string name_columns(std::string_view text, const std::vector<std::string>& names) {
  std::string out(text);
  for (std::size_t n = 0; n < names.size(); ++n) {
    if (names[n].empty()) continue;
    for (std::string_view suffix : {"}", "/}", "//}", ".}", "/.}"}) {
      // Built by appending: GCC 12 at -O3 warns of an overlapping memcpy
      // (-Wrestrict, a false positive) in "{" + std::to_string(...).
      std::string from = std::string("{").append(names[n]).append(suffix);
      std::string to = std::string("{").append(std::to_string(n + 1)).append(suffix);
      for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size()))
        out.replace(at, from.size(), to);
    }
  }
  return out;
}

}  // namespace shoal::cli

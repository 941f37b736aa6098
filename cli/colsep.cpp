#include "colsep.hpp"

#include <re2/re2.h>

namespace shoal::cli {

namespace {

// Perl's \s, which GNU parallel's trim uses.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

void push_trimmed(std::vector<std::string>& columns, re2::StringPiece text) {
  if (text.data() == nullptr) {  // a group that did not take part
    columns.emplace_back();
    return;
  }
  std::size_t b = 0, e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  columns.emplace_back(text.data() + b, e - b);
}

}  // namespace

Checked<ColumnSplitter> ColumnSplitter::compile(std::string_view pattern) {
  RE2::Options options;
  // Bytes, as Perl sees a line GNU parallel has not decoded: . matches any
  // byte, and a line that is not UTF-8 splits like any other.
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);  // the error comes back to us, not to stderr
  auto re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok())
    return fail("invalid --colsep regular expression '" + std::string(pattern) + "': " + re->error());
  return ColumnSplitter(std::move(re));
}

ColumnSplitter::ColumnSplitter(std::unique_ptr<re2::RE2> re) : re_(std::move(re)) {}
ColumnSplitter::ColumnSplitter(ColumnSplitter&&) noexcept = default;
ColumnSplitter& ColumnSplitter::operator=(ColumnSplitter&&) noexcept = default;
ColumnSplitter::~ColumnSplitter() = default;

void ColumnSplitter::split(std::string_view line, std::vector<std::string>& columns) const {
  re2::StringPiece text(line.data(), line.size());
  // The whole match and each capture group.
  std::vector<re2::StringPiece> match(1 + static_cast<std::size_t>(re_->NumberOfCapturingGroups()));
  auto n = static_cast<int>(match.size());
  std::size_t field = 0;  // where the current column starts
  while (field < text.size()) {
    // As Perl's split: a match must end past where the column starts, so
    // an empty match there is skipped (the next search starts one byte on),
    // and a pattern that matches empty text splits between characters.
    // The whole line is the context, so ^ and \b mean what they mean in it.
    if (!re_->Match(text, field, text.size(), RE2::UNANCHORED, match.data(), n)) break;
    if (match[0].end() == text.data() + field &&
        !re_->Match(text, field + 1, text.size(), RE2::UNANCHORED, match.data(), n))
      break;
    auto start = static_cast<std::size_t>(match[0].data() - text.data());
    push_trimmed(columns, text.substr(field, start - field));
    for (int g = 1; g < n; ++g) push_trimmed(columns, match[g]);  // unmatched: empty
    field = start + match[0].size();
  }
  push_trimmed(columns, text.substr(field));
}

}  // namespace shoal::cli

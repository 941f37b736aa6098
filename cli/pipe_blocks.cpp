#include "pipe_blocks.hpp"

#include <re2/re2.h>

#include <cmath>
#include <cstdlib>
#include <utility>

namespace shoal::cli {

namespace {

// The expression, or RE2's word on why it is none.
Checked<std::unique_ptr<re2::RE2>> compile(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  // Bytes, not UTF-8: a record may hold anything.
  options.set_encoding(RE2::Options::EncodingLatin1);
  auto re = std::make_unique<re2::RE2>(pattern, options);
  if (!re->ok()) return fail(re->error());
  return re;
}

}  // namespace

Checked<std::int64_t> parse_block_size(std::string_view text) {
  std::string s(text);
  char* end = nullptr;
  double value = std::strtod(s.c_str(), &end);
  std::string_view suffix(end, static_cast<std::size_t>(s.c_str() + s.size() - end));
  double scale = 1;
  if (end != s.c_str() && !suffix.empty()) {
    // GNU parallel's prefixes: upper case, or either case followed by i,
    // are powers of 1024; lower case alone powers of 1000.
    static constexpr std::string_view letters = "kmgtpezy";
    char c = suffix[0];
    bool upper = c >= 'A' && c <= 'Z';
    auto power = letters.find(static_cast<char>(upper ? c - 'A' + 'a' : c));
    bool with_i = suffix.size() == 2 && (suffix[1] == 'i' || suffix[1] == 'I');
    if (power == std::string_view::npos || (suffix.size() == 2 && !with_i) || suffix.size() > 2)
      end = nullptr;
    else
      scale = std::pow(upper || with_i ? 1024.0 : 1000.0, static_cast<double>(power + 1));
  }
  if (end == nullptr || end == s.c_str() || !std::isfinite(value) ||
      std::fabs(value * scale) >= 9e18 || static_cast<std::int64_t>(value * scale) == 0)
    return fail("invalid --block size: '" + s + "' (a number of bytes, with k, K, M, G...)");
  return static_cast<std::int64_t>(value * scale);
}

std::string unescape_record_separator(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (text[i] == '\\' && i + 1 < text.size() &&
        std::string_view("0rnt'\"\\").find(next) != std::string_view::npos) {
      out += next == '0' ? '\0' : next == 'r' ? '\r' : next == 'n' ? '\n' : next == 't' ? '\t' : next;
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

Checked<RecordSplitter> RecordSplitter::make(const std::optional<std::string>& recstart,
                                             const std::optional<std::string>& recend,
                                             bool regexp) {
  // GNU parallel's defaults: records end with a newline; given only one of
  // the two, the other is empty.
  std::string start = recstart.value_or("");
  std::string end = recend ? *recend : recstart ? "" : "\n";
  RecordSplitter s;
  if (!regexp) {
    s.start_ = unescape_record_separator(start);
    s.end_ = unescape_record_separator(end);
    return s;
  }
  if (recend && !recstart && end.empty()) end = "(?s:.)";
  // Perl's /m, as GNU parallel matches: ^ and $ at every line.
  const std::pair<std::unique_ptr<re2::RE2>*, std::string> expressions[] = {
      {&s.re_, "(?m)(" + end + ")(?:" + start + ")"},
      {&s.start_re_, "(?m)(?:" + start + ")"},
      {&s.leading_start_re_, "(?s)\\A(?:" + start + ")"},
      {&s.trailing_end_re_, "(?s)(?:" + end + ")\\z"},
  };
  for (const auto& [into, pattern] : expressions) {
    auto re = compile(pattern);
    if (!re) return fail("--recstart/--recend: " + re.error());
    *into = std::move(*re);
  }
  return s;
}

RecordSplitter::RecordSplitter(RecordSplitter&&) noexcept = default;
RecordSplitter& RecordSplitter::operator=(RecordSplitter&&) noexcept = default;
RecordSplitter::~RecordSplitter() = default;

void RecordSplitter::remove_separators(std::string& block) const {
  if (re_) {
    RE2::GlobalReplace(&block, *re_, "");
    RE2::Replace(&block, *leading_start_re_, "");
    RE2::Replace(&block, *trailing_end_re_, "");
    return;
  }
  std::string separator = end_ + start_;
  if (!separator.empty()) {
    std::string out;
    out.reserve(block.size());
    std::size_t at = 0;
    for (auto i = block.find(separator); i != std::string::npos; i = block.find(separator, at)) {
      out.append(block, at, i - at);
      at = i + separator.size();
    }
    out.append(block, at);
    block.swap(out);
  }
  if (!start_.empty() && block.starts_with(start_)) block.erase(0, start_.size());
  if (!end_.empty() && block.ends_with(end_)) block.resize(block.size() - end_.size());
}

std::size_t RecordSplitter::find_cut(std::string_view data, std::size_t from) const {
  if (from > data.size()) return std::string_view::npos;
  if (!re_) {
    std::string separator = end_ + start_;
    auto i = data.find(separator, from);
    return i == std::string_view::npos ? i : i + end_.size();
  }
  re2::StringPiece text(data.data(), data.size());
  re2::StringPiece groups[2];
  if (!re_->Match(text, from, data.size(), RE2::UNANCHORED, groups, 2))
    return std::string_view::npos;
  return static_cast<std::size_t>(groups[1].data() + groups[1].size() - data.data());
}

std::size_t RecordSplitter::last_cut(std::string_view data) const {
  if (!re_) {
    std::string separator = end_ + start_;
    auto i = data.rfind(separator);
    return i == std::string_view::npos ? 0 : i + end_.size();
  }
  // The rightmost boundary: every match, each search starting one byte
  // after the one before began (matches may overlap).
  std::size_t last = 0;
  re2::StringPiece text(data.data(), data.size());
  re2::StringPiece groups[2];
  std::size_t from = 0;
  while (from <= data.size() && re_->Match(text, from, data.size(), RE2::UNANCHORED, groups, 2)) {
    auto begin = static_cast<std::size_t>(groups[0].data() - data.data());
    last = std::max(last, static_cast<std::size_t>(groups[1].data() + groups[1].size() - data.data()));
    from = std::max(begin + 1, from + 1);
  }
  return last;
}

std::size_t RecordSplitter::nth_cut(std::string_view data, std::size_t n) const {
  std::size_t cut = 0;
  if (!re_) {
    // GNU parallel's nindex: each separator searched from one byte after
    // the one before, the first from byte 1.
    std::string separator = end_ + start_;
    std::size_t at = 0;
    for (std::size_t k = 0; k < n; ++k) {
      at = data.find(separator, at + 1);
      if (at == std::string_view::npos) return 0;
    }
    return at + end_.size();
  }
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t from = cut;
    std::size_t next;
    // A boundary that is no further than the last cut does not count.
    while ((next = find_cut(data, from)) != std::string_view::npos && next <= cut) ++from;
    if (next == std::string_view::npos) return 0;
    cut = next;
  }
  return cut;
}

std::size_t RecordSplitter::first_cut_from(std::string_view data, std::size_t from) const {
  return find_cut(data, from);
}

std::size_t RecordSplitter::leading_garbage(std::string_view data) const {
  if (!start_re_) return 0;
  re2::StringPiece text(data.data(), data.size());
  if (start_re_->Match(text, 0, data.size(), RE2::ANCHOR_START, nullptr, 0)) return 0;
  return nth_cut(data, 1);
}

Checked<HeaderRule> parse_header_rule(std::string_view spec) {
  HeaderRule rule;
  if (spec == ":") {
    rule.lines = 1;
    return rule;
  }
  if (!spec.empty() && spec.find_first_not_of("0123456789") == std::string_view::npos) {
    rule.lines = std::strtoul(std::string(spec).c_str(), nullptr, 10);
    return rule;
  }
  rule.pattern = std::string(spec);
  auto re = compile(rule.pattern);
  if (!re) return fail("--header: " + re.error());
  rule.expression = std::move(*re);
  return rule;
}

std::optional<std::size_t> header_length(const HeaderRule& rule, std::string_view data, bool eof) {
  if (rule.pattern.empty()) {
    std::size_t end = 0;
    for (std::size_t k = 0; k < rule.lines; ++k) {
      auto nl = data.find('\n', end);
      // Fewer lines than asked: no header at all (GNU parallel's).
      if (nl == std::string_view::npos) return eof ? std::optional<std::size_t>(0) : std::nullopt;
      end = nl + 1;
    }
    return end;
  }
  re2::StringPiece text(data.data(), data.size());
  re2::StringPiece whole;
  if (rule.expression && rule.expression->Match(text, 0, data.size(), RE2::ANCHOR_START, &whole, 1)) return whole.size();
  return eof ? std::optional<std::size_t>(0) : std::nullopt;
}

}  // namespace shoal::cli

// --pipe's policy: where a stream of records is cut into blocks, as GNU
// parallel cuts it. Pure functions over a buffer, so that every rule is
// tested without a process; reading the stream and feeding jobs is
// pipe_input.cpp's and pipe_part.cpp's.
//
// A record boundary is a place where --recend ends and --recstart begins
// (by default: after a newline). A block is cut at the last boundary in a
// buffer of --block bytes; with -N at every Nth boundary instead. The
// expressions with --regexp are RE2's, as --colsep's (colsep.hpp says why):
// Perl's syntax without backreferences and lookaround.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "checked.hpp"

namespace re2 {
class RE2;
}

namespace shoal::cli {

// --block's size: a number with GNU parallel's suffixes (k = 1000,
// K/Ki/ki = 1024, M/Mi = 1024^2, m = 10^6, G, g, T, t, ...), maybe
// negative (-N: --pipepart's "N parts per job slot"), maybe with a
// fraction (1.5M); or why it is none of these.
Checked<std::int64_t> parse_block_size(std::string_view text);

// --recstart/--recend without --regexp: GNU parallel's escapes \n \t \r \0
// \\ \' \" undone.
std::string unescape_record_separator(std::string_view text);

class RecordSplitter {
 public:
  // --recstart and --recend as given (nothing: not given), literal strings
  // or with `regexp` expressions; or why RE2 refuses an expression.
  static Checked<RecordSplitter> make(const std::optional<std::string>& recstart,
                                      const std::optional<std::string>& recend, bool regexp);
  RecordSplitter(RecordSplitter&&) noexcept;
  RecordSplitter& operator=(RecordSplitter&&) noexcept;
  ~RecordSplitter();

  // Where the block ends when `data` is cut after its last boundary; 0
  // when it has none (the record is longer than the buffer).
  std::size_t last_cut(std::string_view data) const;
  // Where the block ends that holds `n` records from the start of `data`;
  // 0 when `data` has fewer than n boundaries. A boundary at the very start
  // does not count (as in GNU parallel: the first record begins there).
  std::size_t nth_cut(std::string_view data, std::size_t n) const;
  // The first boundary at or after `from` (for --pipepart's cut points),
  // or npos.
  std::size_t first_cut_from(std::string_view data, std::size_t from) const;
  // Records end anywhere (--recstart '' --recend ''): any byte is a cut.
  bool cuts_anywhere() const { return !re_ && start_.empty() && end_.empty(); }
  // --remove-rec-sep: every --recend--recstart boundary in `block`
  // removed, and a --recstart at its start and a --recend at its end, as
  // GNU parallel removes them.
  void remove_separators(std::string& block) const;
  // With --regexp and -N, input before the first --recstart is a record
  // of its own (GNU parallel's "garbage"): where it ends, or 0 for none.
  std::size_t leading_garbage(std::string_view data) const;

 private:
  RecordSplitter() = default;
  // The next boundary found by a match starting at or after `from`: the
  // cut, or npos.
  std::size_t find_cut(std::string_view data, std::size_t from) const;

  std::string start_, end_;       // literal separators
  std::unique_ptr<re2::RE2> re_;  // --regexp: (recend)(recstart)
  std::unique_ptr<re2::RE2> start_re_;
  std::unique_ptr<re2::RE2> leading_start_re_, trailing_end_re_;  // --remove-rec-sep
};

// --header: how many bytes at the front of `data` are the header, or
// nothing when `data` does not hold all of it yet. `spec` is a count of
// lines, or ':' (one line), or an expression matched at the start.
struct HeaderRule {
  std::size_t lines = 0;  // a count (':' is 1)
  std::string pattern;    // otherwise an expression
  // `pattern` compiled once: --pipe-part asks for every part. Shared, as
  // the rule is copied into each input.
  std::shared_ptr<const re2::RE2> expression;
};
Checked<HeaderRule> parse_header_rule(std::string_view spec);
std::optional<std::size_t> header_length(const HeaderRule& rule, std::string_view data, bool eof);

}  // namespace shoal::cli

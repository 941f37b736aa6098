// --colsep: an input line split into columns at a regular expression, as
// GNU parallel does it with Perl's `split /REGEX/, $line, -1`, each column
// then trimmed of blanks at both ends (GNU parallel's --trim lr, on by
// default with --colsep).
//
// The expressions are RE2's (Debian's libre2), not std::regex's: std::regex
// matches by recursion and overflowed the stack on a 30 KB line with ' +',
// and it backtracks, so '(a+)+$' doubled its time with every character.
// RE2 matches in time linear in the text it scans, with no recursion, so no
// pattern can crash shoal or take exponential time. Why RE2 over PCRE2
// (Perl's syntax, with limits): PCRE2 would need its match limits, and a
// line that hits them a per-job error half-way through the input; with
// RE2 every pattern either compiles, and then every line splits, or is
// refused at start-up with a one-line error. What is lost is what RE2
// leaves out of Perl's syntax -- backreferences and lookaround -- which a
// column separator hardly needs (docs/compatibility.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"

namespace re2 {
class RE2;
}

namespace shoal::cli {

class ColumnSplitter {
 public:
  // The pattern compiled, or a one-line reason why not (bad syntax, a Perl
  // feature RE2 does not have, a pattern too large).
  static Checked<ColumnSplitter> compile(std::string_view pattern);

  ColumnSplitter(ColumnSplitter&&) noexcept;
  ColumnSplitter& operator=(ColumnSplitter&&) noexcept;
  ~ColumnSplitter();

  // Appends the columns of `line` to `columns`: the text between matches,
  // each capture group of a match too (as Perl's split gives them), and the
  // text after the last match even when empty. An empty line is one empty
  // column.
  void split(std::string_view line, std::vector<std::string>& columns) const;

 private:
  explicit ColumnSplitter(std::unique_ptr<re2::RE2> re);
  std::unique_ptr<re2::RE2> re_;
};

}  // namespace shoal::cli

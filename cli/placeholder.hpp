// GNU parallel's replacement strings one at a time: {} and its modifiers,
// {n} and {-n} for one argument, {#} and {%}. How they are read from a
// template's text, written back, and what each stands for given one
// argument. template.hpp builds whole command lines from them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"

namespace shoal::cli {

enum class Placeholder {
  whole,        // {}    the argument
  no_ext,       // {.}   without its extension
  base,         // {/}   basename
  dir,          // {//}  dirname
  base_no_ext,  // {/.}  basename without extension
  seq,          // {#}   the job's sequence number
  slot,         // {%}   the job's slot number, 1..jobs
};

// The value a placeholder stands for, for one argument (not quoted).
std::string expand_placeholder(Placeholder p, std::string_view value, std::uint64_t seq,
                               std::size_t slot);

// The argument at a replacement string's position: n > 0 the nth, n < 0
// the nth from the end; nullptr when there is none.
const std::string* argument_at(long position, const std::vector<std::string>& args);

// A template's text cut into literal text and replacement strings.
struct TemplateSegment {
  bool placeholder = false;
  Placeholder what = Placeholder::whole;
  long index = 0;  // 0: all arguments; n > 0: the nth ({n}); n < 0: from the end ({-n})
  std::string literal;
};

// Literal text and placeholders, in order. A position too large to be one
// stays literal text: check_placeholders() refuses it.
std::vector<TemplateSegment> split_placeholders(std::string_view text, std::string_view whole);

// Why split_placeholders() would leave a replacement string literal: the
// first position too large to be one.
Checked<void> check_placeholders(std::string_view text, std::string_view whole);

// A placeholder written back as the text it was read from.
std::string unparse(const TemplateSegment& s, std::string_view whole);

// --header: {name}, {name/}, {name//}, {name.}, {name/.} for the column
// called `name` become {n}, {n/}, ... (names[n-1] is column n's name).
std::string name_columns(std::string_view text, const std::vector<std::string>& names);

}  // namespace shoal::cli

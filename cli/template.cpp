#include "template.hpp"

#include <charconv>
#include <string>
#include <utility>

#include "shoal/quote.hpp"

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
// Returns its length (0: none) and fills `segment`; a position too large to
// be one sets `error` (and is then literal text).
std::size_t match_placeholder(std::string_view text, std::string_view whole,
                              CommandTemplate::Segment& segment, std::string& error) {
  segment = {true, Placeholder::whole, 0, {}};
  if (text.substr(0, whole.size()) == whole) return whole.size();
  if (text.empty() || text[0] != '{') return 0;
  if (text.substr(0, 3) == "{#}") return segment.what = Placeholder::seq, 3;
  if (text.substr(0, 3) == "{%}") return segment.what = Placeholder::slot, 3;
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
    if (too_large) {
      if (error.empty())
        error = "replacement string " + std::string(text.substr(0, length)) +
                ": the position is more than " + std::to_string(max_position);
      return 0;
    }
    segment.what = m.what;
    segment.index = negative ? -static_cast<long>(position) : static_cast<long>(position);
    return length;
  }
  return 0;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Words a POSIX shell treats as builtins or keywords whose meaning an execve
// of the same name would not reproduce.
bool is_shell_word(std::string_view w) {
  static constexpr std::string_view words[] = {
      "!",     ".",       ":",      "[[",    "{",        "}",       "alias",  "bg",
      "break", "builtin", "case",   "cd",    "command",  "continue", "declare", "do",
      "done",  "elif",    "else",   "esac",  "eval",     "exec",    "exit",   "export",
      "fg",    "fi",      "for",    "function", "getopts", "hash",  "if",     "jobs",
      "let",   "local",   "read",   "readonly", "return", "select", "set",    "shift",
      "source", "then",   "time",   "times", "trap",     "type",    "typeset", "ulimit",
      "umask", "unalias", "unset",  "until", "wait",     "while"};
  for (auto s : words)
    if (w == s) return true;
  return false;
}

bool is_assignment(std::string_view w) {
  auto eq = w.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    char c = w[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
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

bool needs_shell(std::string_view line) {
  bool word_start = true;
  bool first_word = true;
  std::size_t word_begin = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    char c = i < line.size() ? line[i] : ' ';
    if (is_blank(c)) {
      if (!word_start && first_word) {
        std::string_view w = line.substr(word_begin, i - word_begin);
        if (is_shell_word(w) || is_assignment(w)) return true;
        first_word = false;
      }
      word_start = true;
      continue;
    }
    if (word_start) {
      word_begin = i;
      if (c == '#' || c == '~') return true;
    }
    word_start = false;
    switch (c) {
      case '|': case '&': case ';': case '<': case '>': case '(': case ')': case '$':
      case '`': case '\\': case '"': case '\'': case '*': case '?': case '[': case ']':
      case '{': case '}': case '!': case '\n': case '\r':
        return true;
      default: break;
    }
  }
  return false;
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

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string joined;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) joined += separator;
    joined += words[i];
  }
  return joined;
}

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    std::size_t b = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > b) words.emplace_back(line.substr(b, i - b));
  }
  return words;
}

namespace {

// Literal text and placeholders, in order.
std::vector<CommandTemplate::Segment> split_placeholders(std::string_view text,
                                                        std::string_view whole,
                                                        bool& any_placeholder,
                                                        std::string& error) {
  std::vector<CommandTemplate::Segment> segments;
  std::string literal;
  any_placeholder = false;
  for (std::size_t i = 0; i < text.size();) {
    CommandTemplate::Segment placeholder;
    std::size_t length = match_placeholder(text.substr(i), whole, placeholder, error);
    if (length == 0) {
      literal += text[i++];
      continue;
    }
    if (!literal.empty()) segments.push_back({false, Placeholder::whole, 0, std::move(literal)});
    literal.clear();
    segments.push_back(placeholder);
    any_placeholder = true;
    i += length;
  }
  if (!literal.empty()) segments.push_back({false, Placeholder::whole, 0, std::move(literal)});
  return segments;
}

// A command line that came out empty ({3} with one input, an empty line
// with no template) runs as GNU parallel runs it: an empty command, which
// succeeds and prints nothing. libshoal refuses a Command with nothing in
// it (an empty argv is a caller's mistake there), so it is said outright:
// the shell's null command.
shoal::Command or_null_command(shoal::Command c) {
  if (c.argv.empty() && c.script.empty()) return shoal::Command::shell(":");
  return c;
}

// A placeholder written back as the text it was read from.
std::string unparse(const CommandTemplate::Segment& s, std::string_view whole) {
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

}  // namespace

std::string quote_words(const std::vector<std::string>& words, std::string_view whole) {
  std::vector<std::string> quoted;
  for (const auto& word : words) {
    std::string error;  // a bad position is said when the line is parsed
    bool any = false;
    std::string out;
    for (const auto& s : split_placeholders(word, whole, any, error))
      out += s.placeholder ? unparse(s, whole) : shell_quote(s.literal);
    quoted.push_back(out.empty() ? "''" : out);
  }
  return join(quoted);
}

CommandTemplate CommandTemplate::parse_text(std::string_view text, std::string_view whole) {
  CommandTemplate t;
  bool any = false;
  t.segments_ = split_placeholders(text, whole, any, t.error_);
  return t;
}

std::string CommandTemplate::expand_text(const JobInput& in) const {
  std::string text;
  for (const auto& s : segments_) text += s.placeholder ? value_of(s, in, false) : s.literal;
  return text;
}

std::string CommandTemplate::value_of(const Segment& s, const JobInput& in, bool quoted) const {
  if (s.what == Placeholder::seq || s.what == Placeholder::slot)
    return expand_placeholder(s.what, "", in.seq, in.slot);
  auto one = [&](std::string_view arg) {
    std::string v = expand_placeholder(s.what, arg, in.seq, in.slot);
    return quoted ? shoal::shell_quote(v) : v;
  };
  // A position past the arguments stands for nothing at all (not even an
  // empty word), as in GNU parallel.
  if (s.index != 0) {
    const std::string* arg = argument_at(s.index, in.args);
    return arg ? one(*arg) : std::string();
  }
  // All arguments, each modified (and quoted) on its own, space-separated.
  std::string all;
  for (std::size_t i = 0; i < in.args.size(); ++i) {
    if (i > 0) all += ' ';
    all += one(in.args[i]);
  }
  return all;
}

namespace {

// A replacement string that stands for every argument in turn.
bool repeats(const CommandTemplate::Segment& s) {
  return s.placeholder && s.index == 0 && s.what != Placeholder::seq && s.what != Placeholder::slot;
}

// The template cut at blanks: runs of blanks, and the groups between them
// (GNU parallel's "context groups", which -X repeats).
struct ContextItem {
  std::string blanks;  // set: a run of blanks
  std::vector<CommandTemplate::Segment> group;
  bool repeated = false;  // the group holds {} (or {.}, ...)
};

std::vector<ContextItem> context_items(const std::vector<CommandTemplate::Segment>& segments) {
  std::vector<ContextItem> items;
  ContextItem group;
  auto flush = [&] {
    if (!group.group.empty()) items.push_back(std::move(group));
    group = ContextItem();
  };
  for (const auto& s : segments) {
    if (s.placeholder) {
      group.group.push_back(s);
      group.repeated |= repeats(s);
      continue;
    }
    std::string part;
    for (char c : s.literal) {
      if (!is_blank(c)) {
        part += c;
        continue;
      }
      if (!part.empty()) group.group.push_back({false, Placeholder::whole, 0, std::move(part)});
      part.clear();
      flush();
      if (items.empty() || items.back().blanks.empty()) items.push_back({});
      items.back().blanks += c;
    }
    if (!part.empty()) group.group.push_back({false, Placeholder::whole, 0, std::move(part)});
  }
  flush();
  return items;
}

}  // namespace

std::string CommandTemplate::group_value(const std::vector<Segment>& group, const JobInput& in,
                                         const std::string* arg, bool quoted) const {
  std::string out;
  for (const auto& s : group) {
    if (!s.placeholder) {
      out += s.literal;
    } else if (repeats(s)) {
      if (!arg) continue;
      std::string v = expand_placeholder(s.what, *arg, in.seq, in.slot);
      out += quoted ? shoal::shell_quote(v) : v;
    } else {
      out += value_of(s, in, quoted);
    }
  }
  return out;
}

std::string CommandTemplate::display_with_context(const JobInput& in) const {
  std::string line;
  for (const auto& item : context_items(segments_)) {
    if (!item.blanks.empty()) {
      line += item.blanks;
    } else if (!item.repeated || in.args.empty()) {
      line += group_value(item.group, in, nullptr, true);
    } else {
      for (std::size_t i = 0; i < in.args.size(); ++i) {
        if (i > 0) line += ' ';
        line += group_value(item.group, in, &in.args[i], true);
      }
    }
  }
  return line;
}

void CommandTemplate::repeat_context(bool on) {
  context_ = on;
  repeated_groups_.clear();
  for (auto& item : context_items(segments_))
    if (item.repeated) repeated_groups_.push_back(std::move(item.group));
}

std::size_t CommandTemplate::arg_cost(std::string_view arg) const {
  if (raw_) return arg.size() + 1;
  std::size_t cost = 0;
  if (context_) {
    static const std::vector<std::string> none;
    std::string value(arg);
    JobInput in{none};
    for (const auto& group : repeated_groups_) cost += group_value(group, in, &value, true).size() + 1;
    return cost;
  }
  for (const auto& s : segments_)
    if (repeats(s)) cost += shoal::shell_quote(expand_placeholder(s.what, arg, 1, 1)).size() + 1;
  return cost;
}

CommandTemplate CommandTemplate::parse(std::string_view text, std::string_view whole, bool append) {
  CommandTemplate t;
  // No command, or just "{}": each input is a command line of its own (GNU
  // parallel does not quote a lone {} either).
  auto first = text.find_first_not_of(" \t");
  auto last = text.find_last_not_of(" \t");
  if (first == std::string_view::npos || text.substr(first, last - first + 1) == whole) {
    t.raw_ = true;
    t.segments_.push_back({true, Placeholder::whole, 0, {}});
    return t;
  }
  bool any_placeholder = false;
  t.segments_ = split_placeholders(text, whole, any_placeholder, t.error_);
  if (!any_placeholder && append) {
    t.segments_.push_back({false, Placeholder::whole, 0, " "});
    t.segments_.push_back({true, Placeholder::whole, 0, {}});
  }

  // Decide shell or direct on the literal text alone, with each placeholder
  // standing in as a plain word character: values never make a shell needed.
  std::string skeleton;
  for (const auto& s : t.segments_) skeleton += s.placeholder ? std::string("X") : s.literal;
  t.direct_ = !needs_shell(skeleton);
  if (t.direct_) {
    // Split into words; a placeholder is part of the word it touches.
    std::vector<Segment> word;
    auto flush = [&] {
      if (!word.empty()) t.words_.push_back(std::move(word));
      word.clear();
    };
    for (const auto& s : t.segments_) {
      if (s.placeholder) {
        word.push_back(s);
        continue;
      }
      std::string part;
      for (char c : s.literal) {
        if (is_blank(c)) {
          if (!part.empty()) word.push_back({false, Placeholder::whole, 0, std::move(part)});
          part.clear();
          flush();
        } else {
          part += c;
        }
      }
      if (!part.empty()) word.push_back({false, Placeholder::whole, 0, std::move(part)});
    }
    flush();
  }
  return t;
}

void CommandTemplate::use_shell(std::string path, bool (*is_function)(std::string_view)) {
  shell_ = path == "/bin/sh" ? std::string() : std::move(path);
  is_function_ = is_function;
  if (direct_ && !words_.empty() && words_[0].size() == 1 && !words_[0][0].placeholder &&
      runs_a_function(words_[0][0].literal)) {
    direct_ = false;
    words_.clear();
  }
}

bool CommandTemplate::runs_a_function(std::string_view first_word) const {
  return is_function_ && is_function_(first_word);
}

shoal::Command CommandTemplate::shell_command(std::string script) const {
  if (shell_.empty()) return shoal::Command::shell(std::move(script));
  return shoal::Command::exec({shell_, "-c", std::move(script)});
}

shoal::Command CommandTemplate::build(const JobInput& in) const {
  if (raw_) {
    // The input is a command line of its own; it runs directly when it can.
    std::string line = join(in.args);
    if (!needs_shell(line)) {
      auto words = split_words(line);
      if (!words.empty() && !runs_a_function(words[0])) return shoal::Command::exec(std::move(words));
    }
    return or_null_command(shell_command(std::move(line)));
  }
  if (!direct_) return or_null_command(shell_command(display(in)));
  std::vector<std::string> argv;
  argv.reserve(words_.size() + in.args.size());
  for (const auto& word : words_) {
    // A word that is just {} (or {.}, ...) becomes one argv entry per
    // argument, as the shell would split GNU parallel's quoted values.
    if (word.size() == 1 && repeats(word[0])) {
      for (const auto& a : in.args) argv.push_back(expand_placeholder(word[0].what, a, in.seq, in.slot));
      continue;
    }
    if (word.size() == 1 && word[0].placeholder && word[0].index != 0 &&
        !argument_at(word[0].index, in.args))
      continue;
    bool repeated = false;
    for (const auto& s : word) repeated |= repeats(s);
    if (context_ && repeated && !in.args.empty()) {
      // -X: the whole word once per argument.
      for (const auto& a : in.args) argv.push_back(group_value(word, in, &a, false));
      continue;
    }
    expand_word(word, in, argv);
  }
  return or_null_command(shoal::Command::exec(std::move(argv)));
}

void CommandTemplate::expand_word(const std::vector<Segment>& word, const JobInput& in,
                                  std::vector<std::string>& argv) const {
  std::string current;
  for (const auto& s : word) {
    if (!s.placeholder) {
      current += s.literal;
    } else if (!repeats(s)) {
      current += value_of(s, in, false);
    } else {
      // The blank between two arguments ends a word, as in the shell line.
      for (std::size_t i = 0; i < in.args.size(); ++i) {
        if (i > 0) argv.push_back(std::exchange(current, std::string()));
        current += expand_placeholder(s.what, in.args[i], in.seq, in.slot);
      }
    }
  }
  argv.push_back(std::move(current));
}

std::string CommandTemplate::display(const JobInput& in) const {
  if (raw_) return join(in.args);
  if (context_) return display_with_context(in);
  std::string line;
  for (const auto& s : segments_) line += s.placeholder ? value_of(s, in, true) : s.literal;
  return line;
}

}  // namespace shoal::cli

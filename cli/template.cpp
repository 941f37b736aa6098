#include "template.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "command_words.hpp"
#include "shoal/quote.hpp"

namespace shoal::cli {

namespace {

// A command line that came out empty ({3} with one input, an empty line
// with no template) runs as GNU parallel runs it: an empty command, which
// succeeds and prints nothing. libshoal refuses a Command with nothing in
// it (an empty argv is a caller's mistake there), so it is said outright:
// the shell's null command.
shoal::Command or_null_command(shoal::Command c) {
  if (c.argv.empty() && c.script.empty()) return shoal::Command::shell(":");
  return c;
}

}  // namespace

std::string quote_words(const std::vector<std::string>& words, std::string_view whole) {
  std::vector<std::string> quoted;
  for (const auto& word : words) {
    std::string out;  // a bad position is said when the line is checked
    for (const auto& s : split_placeholders(word, whole))
      out += s.placeholder ? unparse(s, whole) : shell_quote(s.literal);
    quoted.push_back(out.empty() ? "''" : out);
  }
  return join(quoted);
}

Checked<void> CommandTemplate::check(std::string_view text, std::string_view whole) {
  return check_placeholders(text, whole);
}

CommandTemplate CommandTemplate::parse_text(std::string_view text, std::string_view whole) {
  CommandTemplate t;
  t.segments_ = split_placeholders(text, whole);  // a bad position: check() says it
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
  t.segments_ = split_placeholders(text, whole);  // a bad position: check() says it
  bool any_placeholder = std::any_of(t.segments_.begin(), t.segments_.end(),
                                     [](const Segment& s) { return s.placeholder; });
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

void CommandTemplate::lead_with(std::string text, bool lines) {
  lead_ = std::move(text);
  if (!lines) raw_ = false;  // a raw template's one segment, {}, then quotes each input
  direct_ = false;
  words_.clear();
}

shoal::Command CommandTemplate::build(const JobInput& in) const {
  if (!lead_.empty()) return or_null_command(shell_command(display(in)));
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

std::string CommandTemplate::display_after_lead(const JobInput& in) const {
  if (raw_) return join(in.args);
  if (context_) return display_with_context(in);
  std::string line;
  for (const auto& s : segments_) line += s.placeholder ? value_of(s, in, true) : s.literal;
  return line;
}

std::string CommandTemplate::display(const JobInput& in) const {
  std::string line = display_after_lead(in);
  if (lead_.empty()) return line;
  // Piece by piece: g++ 12 at -O3 takes `lead_ + " " + x` for an
  // overlapping memcpy (-Werror=restrict, a false positive).
  std::string led = lead_;
  if (!line.empty()) {
    led += ' ';
    led += line;
  }
  return led;
}

}  // namespace shoal::cli

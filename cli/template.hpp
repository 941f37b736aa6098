// Command templates: GNU parallel's replacement strings, and the choice
// between running a job directly (argv, one process) and through /bin/sh.
//
// A template is the command words joined by spaces. Values are substituted
// raw into argv in direct mode, and shell-quoted in shell mode, so an input
// line is always data: `x; touch PWNED` stays one argument.
//
// A job has one argument per input source (or per column with --colsep, or
// N with -n). {} and its modifiers stand for all of them, space-separated;
// {1}, {2}, {1.}, {2/}, ... for one, and {-1}, {-2}, {-1.}, ... for one
// counted from the last.
//
// With several arguments in a job (-m, -X, -N, -L), GNU parallel has two
// ways to put them in: {} becomes all of them, space-separated, inside the
// word it is part of (-m: pre-{}-post gives "pre-a b-post"), or the whole
// blank-delimited group around {} is repeated once per argument (-X, "context
// replace": "pre-a-post pre-b-post"). A group with only positional strings
// ({1}, {-1}) is written once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"
#include "placeholder.hpp"
#include "shoal/command.hpp"

namespace shoal::cli {

struct JobInput {
  const std::vector<std::string>& args;
  std::uint64_t seq = 1;
  std::size_t slot = 1;
};

class CommandTemplate {
 public:
  CommandTemplate() = default;

  // `text` empty (or a lone {}) means there is no command: each input is
  // itself a command line. A text without any replacement string gets " {}"
  // appended, unless `append` is false (--pipe: the input is on stdin).
  // `whole` is the string that stands for {} (-I changes it).
  static CommandTemplate parse(std::string_view text, std::string_view whole = "{}",
                               bool append = true);

  // Whether `text` is a valid template, or why not: a position too large
  // to be one. (parse() and parse_text() keep such a string as text: the
  // command line is checked first, so a run never meets one.)
  static Checked<void> check(std::string_view text, std::string_view whole = "{}");

  // A text with replacement strings and nothing appended (--tagstring).
  static CommandTemplate parse_text(std::string_view text, std::string_view whole = "{}");
  // The text with values substituted as they are (not quoted).
  std::string expand_text(const JobInput& input) const;

  // Whether the text holds a replacement string at all.
  bool has_replacements() const {
    for (const auto& s : segments_)
      if (s.placeholder) return true;
    return false;
  }

  // True when no job of this template needs a shell.
  bool direct() const { return direct_; }

  // The shell that runs jobs needing one ("/bin/sh" or "": sh), and the
  // words that name functions only that shell knows (`export -f`): a
  // command starting with one needs the shell too.
  void use_shell(std::string path, bool (*is_function)(std::string_view));

  // -X, -N, -L: repeat the context around {} for each argument (see above).
  void repeat_context(bool on);

  // `text` (shell words, quoted already) before the command, kept out of
  // replacement: a --script's name, a copy's record. They show as given
  // (`--copy 'a{}b'` stays that); a template led so runs in a shell, and
  // takes each input as an argument, never as a command line of its own
  // -- unless `lines`: then inputs that were lines (no command, or a lone
  // {}) stay lines, after the text (--retry-failed's records of a script).
  void lead_with(std::string text, bool lines = false);

  // How much longer display() gets for one more argument `arg` (exact for
  // everything but positional strings, whose values do not grow with the
  // number of arguments): filling a job up to -s without rebuilding it.
  std::size_t arg_cost(std::string_view arg) const;

  shoal::Command build(const JobInput& input) const;
  // The job as one shell command line: what --dry-run prints, the joblog's
  // Command column, and what shell mode runs.
  std::string display(const JobInput& input) const;
  // display() without lead_with's text: a --script's arguments, what the
  // host runs after the script's text.
  std::string display_after_lead(const JobInput& input) const;

  // `script` run by the shell that runs this template's jobs (--fifo's
  // wrapper around display()).
  shoal::Command in_shell(std::string script) const { return shell_command(std::move(script)); }


  using Segment = TemplateSegment;

 private:
  // One placeholder's value: raw, or each argument shell-quoted.
  std::string value_of(const Segment& s, const JobInput& in, bool quoted) const;

  // -X: one group (blank-delimited run of segments) with `arg` as the
  // value of its non-positional replacement strings.
  std::string group_value(const std::vector<Segment>& group, const JobInput& in,
                          const std::string* arg, bool quoted) const;
  std::string display_with_context(const JobInput& in) const;
  // A direct-mode word as the shell would split GNU parallel's line: -m's
  // pre-{}-post with a and b is two words, "pre-a" and "b-post".
  void expand_word(const std::vector<Segment>& word, const JobInput& in,
                   std::vector<std::string>& argv) const;

  shoal::Command shell_command(std::string script) const;
  bool runs_a_function(std::string_view command_line) const;

  std::string lead_;   // lead_with's text
  std::string shell_;  // empty: /bin/sh
  bool (*is_function_)(std::string_view) = nullptr;
  bool raw_ = false;  // input lines are the commands themselves
  bool direct_ = false;
  bool context_ = false;  // -X: repeat the group around {} per argument
  std::vector<std::vector<Segment>> repeated_groups_;  // -X: the groups repeated (for arg_cost)
  std::vector<Segment> segments_;
  std::vector<std::vector<Segment>> words_;  // direct mode only
};

// -q: the command words joined so that each stays one word for the shell,
// whatever it holds (`;`, `$HOME`, blanks), its replacement strings still
// replaced: GNU parallel's --quote.
std::string quote_words(const std::vector<std::string>& words, std::string_view whole = "{}");

}  // namespace shoal::cli

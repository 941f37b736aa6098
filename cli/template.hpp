// Command templates: GNU parallel's replacement strings, and the choice
// between running a job directly (argv, one process) and through /bin/sh.
//
// A template is the command words joined by spaces. Values are substituted
// raw into argv in direct mode, and shell-quoted in shell mode, so an input
// line is always data: `x; touch PWNED` stays one argument.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/command.hpp"

namespace shoal::cli {

enum class Placeholder {
  whole,        // {}
  no_ext,       // {.}   the value without its extension
  base,         // {/}   basename
  dir,          // {//}  dirname
  base_no_ext,  // {/.}  basename without extension
  seq,          // {#}   the job's sequence number
  slot,         // {%}   the job's slot number, 1..jobs
};

// The value a placeholder stands for (not quoted).
std::string expand_placeholder(Placeholder p, std::string_view value, std::uint64_t seq,
                               std::size_t slot);

struct JobInput {
  std::string_view value;
  std::uint64_t seq = 1;
  std::size_t slot = 1;
};

class CommandTemplate {
 public:
  CommandTemplate() = default;
  // `text` empty means there is no command: each input is itself a command
  // line. A text without any replacement string gets " {}" appended.
  static CommandTemplate parse(std::string_view text);

  // True when no job of this template needs /bin/sh.
  bool direct() const { return direct_; }

  shoal::Command build(const JobInput& input) const;
  // A text with replacement strings and nothing appended (--tagstring).
  static CommandTemplate parse_text(std::string_view text);
  // The text with values substituted as they are (not quoted).
  std::string expand_text(const JobInput& input) const;

  // The job as one shell command line: what --dry-run prints, the joblog's
  // Command column, and what shell mode runs.
  std::string display(const JobInput& input) const;

 private:
  struct Segment {
    bool placeholder = false;
    Placeholder what = Placeholder::whole;
    std::string literal;
  };
  using Word = std::vector<Segment>;

  bool raw_ = false;  // input lines are the commands themselves
  bool direct_ = false;
  std::vector<Segment> segments_;
  std::vector<Word> words_;  // direct mode only
};

// Whether a command line needs a shell to mean what it says: any shell
// syntax, an assignment, or a builtin/keyword as its first word.
bool needs_shell(std::string_view command_line);

// Splits a command line without shell syntax into words at blanks.
std::vector<std::string> split_words(std::string_view command_line);

}  // namespace shoal::cli

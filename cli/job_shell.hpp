// Which shell runs a job that needs one. GNU parallel runs jobs with the
// shell it was started from, so `export -f doit; parallel doit ::: 1` works
// in bash; scripts rely on that, and on bash syntax ([[ ]], $'...') in the
// command. shoal chooses as GNU parallel does -- $PARALLEL_SHELL, else the
// nearest ancestor process that is a shell, else $SHELL, else /bin/sh --
// but only among shells that read POSIX quoting, since values are quoted
// for them: fish, csh and rc read 'a\\b' differently, and a nologin $SHELL
// runs nothing. A command without shell syntax still runs directly, unless
// its first word is a function the shell exported.
//
// The choice is a pure function of what it reads (testable without
// processes); reading /proc and the environment is kept apart.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"

namespace shoal::cli {

// The shell's name if argv[0] of a process names one that reads POSIX
// quoting ("bash", "/usr/bin/zsh", "-bash" for a login shell), else "".
std::string posix_shell_name(std::string_view argv0);

struct ShellChoiceInputs {
  std::optional<std::string> parallel_shell;  // $PARALLEL_SHELL
  std::vector<std::string> ancestors_argv0;   // parent first
  std::optional<std::string> login_shell;     // $SHELL
};

// What runs the job: "/bin/sh", or a shell found in PATH; a failure when
// $PARALLEL_SHELL names none. `find` resolves a shell's name or path to an
// executable path ("" when there is none).
Checked<std::string> choose_shell(const ShellChoiceInputs& in,
                                  std::string (*find)(std::string_view name_or_path));

// The same, from this process's environment and ancestors in /proc.
Checked<std::string> choose_job_shell();

// An executable named `name` in $PATH, or `name` itself if it holds a '/'
// and is executable; "" otherwise.
std::string find_executable(std::string_view name);

// Whether bash exported a function of this name into the environment
// (`export -f name`): such a word runs only through the shell.
bool is_exported_function(std::string_view name);

}  // namespace shoal::cli

#include "job_shell.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace shoal::cli {

namespace {

// Shells whose -c reads the single-quote quoting shoal writes.
constexpr std::array<std::string_view, 14> posix_shells = {
    "sh", "bash", "dash", "ash", "ksh", "ksh93", "mksh", "lksh",
    "pdksh", "posh", "yash", "zsh", "rbash", "static-sh"};
// Shells GNU parallel would also take, whose quoting differs: one of them
// as the nearest shell means "not a POSIX shell here", so /bin/sh.
constexpr std::array<std::string_view, 7> other_shells = {"csh", "tcsh", "bsd-csh", "fish",
                                                         "rc", "fizsh", "rzsh"};

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

template <std::size_t N>
bool among(const std::array<std::string_view, N>& names, std::string_view name) {
  for (auto n : names)
    if (n == name) return true;
  return false;
}

// A login shell's argv[0] starts with '-' ("-bash").
std::string_view shell_word(std::string_view argv0) {
  if (!argv0.empty() && argv0.front() == '-') argv0.remove_prefix(1);
  return base_name(argv0);
}

bool names_other_shell(std::string_view argv0) { return among(other_shells, shell_word(argv0)); }

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Parent first, up to (not including) init. The parent pid is the second
// field after the command name, which is in parentheses and may itself
// hold spaces and parentheses: read from the last ')'.
std::vector<std::string> ancestors_argv0() {
  std::vector<std::string> argv0s;
  pid_t pid = ::getppid();
  for (int depth = 0; pid > 1 && depth < 64; ++depth) {
    std::string cmdline = slurp("/proc/" + std::to_string(pid) + "/cmdline");
    argv0s.push_back(cmdline.substr(0, cmdline.find('\0')));
    std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
    auto close = stat.rfind(')');
    if (close == std::string::npos) break;
    // ") S 1234 ...": state, then the parent's pid.
    pid = static_cast<pid_t>(std::atol(stat.c_str() + std::min(stat.size(), close + 4)));
  }
  return argv0s;
}

}  // namespace

std::string posix_shell_name(std::string_view argv0) {
  std::string_view word = shell_word(argv0);
  return among(posix_shells, word) ? std::string(word) : std::string();
}

Checked<std::string> choose_shell(const ShellChoiceInputs& in,
                                  std::string (*find)(std::string_view name_or_path)) {
  if (in.parallel_shell) {
    // The user's explicit choice is taken as given, as GNU parallel takes it.
    if (find(*in.parallel_shell).empty())
      return fail("PARALLEL_SHELL=" + *in.parallel_shell + ": no such shell");
    return *in.parallel_shell;
  }
  for (const auto& argv0 : in.ancestors_argv0) {
    if (names_other_shell(argv0)) return std::string("/bin/sh");
    std::string name = posix_shell_name(argv0);
    if (name.empty()) continue;
    std::string path = find(name);
    if (!path.empty()) return path;
  }
  if (in.login_shell && !posix_shell_name(*in.login_shell).empty()) {
    std::string path = find(*in.login_shell);
    if (!path.empty()) return path;
  }
  return std::string("/bin/sh");
}

namespace {
bool executable_file(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}
}  // namespace

std::string find_executable(std::string_view name) {
  if (name.empty()) return {};
  if (name.find('/') != std::string_view::npos) {
    std::string path(name);
    return executable_file(path) ? path : std::string();
  }
  const char* path_env = std::getenv("PATH");
  std::string_view dirs = path_env ? path_env : "/usr/bin:/bin";
  while (true) {
    auto colon = dirs.find(':');
    std::string_view dir = dirs.substr(0, colon);
    std::string candidate = std::string(dir.empty() ? "." : dir) + "/" + std::string(name);
    if (executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) return {};
    dirs.remove_prefix(colon + 1);
  }
}

Checked<std::string> choose_job_shell() {
  ShellChoiceInputs in{env("PARALLEL_SHELL"), ancestors_argv0(), env("SHELL")};
  return choose_shell(in, find_executable);
}

bool is_exported_function(std::string_view name) {
  if (name.empty()) return false;
  std::string var = "BASH_FUNC_" + std::string(name) + "%%";
  return std::getenv(var.c_str()) != nullptr;
}

}  // namespace shoal::cli

#include "job_shell.hpp"

#include <gtest/gtest.h>

using shoal::cli::choose_shell;
using shoal::cli::posix_shell_name;
using shoal::cli::ShellChoiceInputs;

namespace {
// Every shell exists, at /usr/bin/<name>, but ksh and paths under /opt/missing.
std::string found(std::string_view name) {
  if (name == "ksh" || name.find("missing") != std::string_view::npos) return {};
  if (name.find('/') != std::string_view::npos) return std::string(name);
  return "/usr/bin/" + std::string(name);
}

// The shell chosen where the choice cannot fail.
std::string shell_of(const ShellChoiceInputs& in) {
  auto shell = choose_shell(in, found);
  EXPECT_TRUE(shell) << shell.error();
  return shell ? *shell : std::string();
}
}  // namespace

TEST(JobShell, Argv0NamesAShell) {
  EXPECT_EQ(posix_shell_name("bash"), "bash");
  EXPECT_EQ(posix_shell_name("/usr/bin/zsh"), "zsh");
  EXPECT_EQ(posix_shell_name("-bash"), "bash");  // a login shell
  EXPECT_EQ(posix_shell_name("/bin/sh"), "sh");
  for (const char* not_posix : {"sshd", "flush", "foo.sh", "fish", ""})
    EXPECT_EQ(posix_shell_name(not_posix), "") << not_posix;
}

TEST(JobShell, ParallelShellWinsAsGiven) {
  ShellChoiceInputs in{"dash", {"bash"}, "/bin/zsh"};
  auto c = choose_shell(in, found);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(*c, "dash");
  in.parallel_shell = "/opt/missing/sh";
  c = choose_shell(in, found);
  EXPECT_FALSE(c);
  EXPECT_EQ(c.error(), "PARALLEL_SHELL=/opt/missing/sh: no such shell");
}

TEST(JobShell, TheNearestShellAncestorIsFoundInPath) {
  ShellChoiceInputs in{std::nullopt, {"make", "-zsh", "bash"}, "/bin/bash"};
  EXPECT_EQ(shell_of(in), "/usr/bin/zsh");
}

TEST(JobShell, AFishOrCshParentMeansSh) {
  ShellChoiceInputs in{std::nullopt, {"fish", "bash"}, "/bin/bash"};
  EXPECT_EQ(shell_of(in), "/bin/sh");
  in.ancestors_argv0 = {"-tcsh"};
  EXPECT_EQ(shell_of(in), "/bin/sh");
}

TEST(JobShell, WithoutAShellAncestorLoginShellThenSh) {
  ShellChoiceInputs in{std::nullopt, {"cron", "systemd"}, "/bin/bash"};
  EXPECT_EQ(shell_of(in), "/bin/bash");
  in.login_shell = "/usr/sbin/nologin";  // a daemon's: runs nothing
  EXPECT_EQ(shell_of(in), "/bin/sh");
  in.login_shell = std::nullopt;
  EXPECT_EQ(shell_of(in), "/bin/sh");
}

TEST(JobShell, AShellNotInPathIsPassedOver) {
  ShellChoiceInputs in{std::nullopt, {"/opt/ksh93/bin/ksh", "bash"}, std::nullopt};
  EXPECT_EQ(shell_of(in), "/usr/bin/bash");
}

// --script, --sudo and --tty as ssh command lines (issue 18), without ssh:
// which interpreter a script gets, that the password is in no argument,
// and what -tt changes. tests/cli/remote_{script,sudo,tty}.sh run them.
#include <gtest/gtest.h>

#include "shoal/ssh.hpp"

using namespace shoal;

namespace {
bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST(ScriptLine, TheShebangNamesTheInterpreterAndItsOneArgument) {
  EXPECT_EQ(script_line("#!/bin/bash\necho hi\n", ""),
            "printf %s '#!/bin/bash\necho hi\n' | /bin/bash /dev/fd/4 4<&0 </dev/null");
  // The rest of the line is one argument, as the kernel gives it.
  EXPECT_TRUE(contains(script_line("#! /usr/bin/env  python3 -u \r\nx", "a"),
                       "| /usr/bin/env 'python3 -u' /dev/fd/4 a 4<&0"));
  EXPECT_TRUE(contains(script_line("#!/usr/bin/perl", ""), "| /usr/bin/perl /dev/fd/4 4<&0"));
}

TEST(ScriptLine, WithoutAShebangSh) {
  EXPECT_TRUE(contains(script_line("echo hi", "'a b'"), "| /bin/sh /dev/fd/4 'a b' 4<&0 </dev/null"));
  EXPECT_TRUE(contains(script_line("", ""), "| /bin/sh /dev/fd/4"));
}

TEST(ScriptLine, AHostileInterpreterAndArgumentStayOneWordEach) {
  // A space ends the interpreter, as for the kernel; quotes are its own.
  std::string line = script_line("#!/opt/it's/sh -e x;y\n", "");
  EXPECT_TRUE(contains(line, "| '/opt/it'\\''s/sh' '-e x;y' /dev/fd/4")) << line;
}

TEST(SudoLine, ThePasswordComesFromTheShellNeverAnArgument) {
  std::string line = sudo_line("id -u; echo 'x'");
  EXPECT_EQ(line.rfind("printf '%s\\n' \"$shoal_secret\" | sudo -S -p '' -- ", 0), 0u) << line;
  EXPECT_TRUE(contains(line, "'exec </dev/null; eval \"$1\"' shoal-sudo 'id -u; echo '\\''x'\\'''"))
      << line;
}

TEST(SshCommand, SudoGivesThePasswordOnStdinAndHoldsItOpen) {
  SshSettings s;
  s.sudo = true;
  s.sudo_password = "p4ss 'word'";
  Command c = ssh_command(s, SshLogin{0, "", "h", ""}, "id");
  ASSERT_TRUE(c.stdin_data.has_value());
  EXPECT_EQ(*c.stdin_data, "p4ss 'word'\n");
  EXPECT_TRUE(c.stdin_held_open);
  for (const auto& a : c.argv) EXPECT_FALSE(contains(a, "p4ss")) << a;
  // The remote shell reads the line before the watcher takes stdin over.
  EXPECT_EQ(c.argv.back().rfind("IFS= read -r shoal_secret; exec 3<&0", 0), 0u) << c.argv.back();
  EXPECT_TRUE(contains(c.argv.back(), "sudo -S"));
}

TEST(SshCommand, WithoutSudoStdinCarriesNothing) {
  Command c = ssh_command(SshSettings{}, SshLogin{0, "", "h", ""}, "id");
  EXPECT_FALSE(c.stdin_data.has_value());
  EXPECT_TRUE(c.stdin_held_open);
  EXPECT_FALSE(contains(c.argv.back(), "shoal_secret"));
}

TEST(SshCommand, TtyAsksForATerminalAndTheWatcherOutlivesTheHangup) {
  SshSettings s;
  s.tty = true;
  auto argv = ssh_job_argv(s, SshLogin{0, "", "h", ""}, "top");
  EXPECT_NE(std::find(argv.begin(), argv.end(), "-tt"), argv.end());
  EXPECT_NE(std::find(argv.begin(), argv.end(), "LogLevel=ERROR"), argv.end());
  EXPECT_EQ(argv.back().rfind("stty -onlcr 2>/dev/null; exec 3<&0", 0), 0u) << argv.back();
  EXPECT_TRUE(contains(argv.back(), "trap '' TERM HUP; read -r _ <&3;")) << argv.back();
  using std::chrono::milliseconds;
  EXPECT_TRUE(contains(remote_script("x", {{SIGINT, milliseconds(0)}}, {true, false}),
                       "trap '' HUP INT; read -r _ <&3; kill -INT 0;"));
  // Without: as before.
  auto plain = ssh_job_argv(SshSettings{}, SshLogin{0, "", "h", ""}, "top");
  EXPECT_EQ(std::find(plain.begin(), plain.end(), "-tt"), plain.end());
  EXPECT_EQ(plain.back(), remote_script("top"));
}

TEST(SshCommand, ScriptAndSudoTogetherRunTheScriptAsRoot) {
  SshSettings s;
  s.sudo = true;
  s.script = "#!/bin/sh\nid -u\n";
  auto argv = ssh_job_argv(s, SshLogin{0, "", "h", ""}, "'a b'");
  // sudo's shell runs the script's line: the pipe is made on its side.
  EXPECT_TRUE(contains(argv.back(), "sudo -S")) << argv.back();
  EXPECT_TRUE(contains(argv.back(), "/dev/fd/4")) << argv.back();
}

// The command line of a --script job is the script's arguments alone: the
// name is the caller's (its records), never searched for in the line.
TEST(SshCommand, AScriptsLineIsItsArguments) {
  SshSettings s;
  s.script = "echo hi\n";
  auto argv = ssh_job_argv(s, SshLogin{0, "", "h", ""}, "'./x.sh' b");
  EXPECT_TRUE(contains(argv.back(), "/dev/fd/4 '\\''./x.sh'\\'' b 4<&0")) << argv.back();
}

// The password's buffer is zeros once wiped, a long one on the heap and a
// short one inside the string alike; SshSettings wipes its own.
TEST(SudoPassword, WipedToItsCapacity) {
  for (std::string secret : {std::string("p4ss"), std::string(100, 'x')}) {
    secret.reserve(secret.size() + 20);
    const char* buffer = secret.data();
    std::size_t capacity = secret.capacity();
    wipe_secret(secret);
    EXPECT_TRUE(secret.empty());
    ASSERT_EQ(secret.data(), buffer);  // the same buffer, still the string's
    for (std::size_t i = 0; i < capacity; ++i) ASSERT_EQ(buffer[i], '\0') << i;
  }
}

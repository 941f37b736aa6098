#include "options.hpp"

#include <gtest/gtest.h>

#include "parse_args.hpp"

using namespace shoal::cli;
using namespace shoal::cli::test;

TEST(Options, CommandAndArgs) {
  auto p = parse({"-j", "4", "-k", "echo", "{}", ":::", "a", "b"});
  ASSERT_TRUE(p.options);
  EXPECT_EQ(p.options->jobs.kind, JobsSpec::Kind::absolute);
  EXPECT_EQ(p.options->jobs.value, 4);
  EXPECT_TRUE(p.options->keep_order);
  EXPECT_EQ(p.options->command, (std::vector<std::string>{"echo", "{}"}));
  ASSERT_EQ(p.options->inputs.size(), 1u);
  EXPECT_EQ(p.options->inputs[0].kind, InputGroup::Kind::args);
  EXPECT_EQ(p.options->inputs[0].values, (std::vector<std::string>{"a", "b"}));
}

TEST(Options, AttachedAndLongForms) {
  auto p = parse({"-j16", "--timeout=2.5", "--joblog", "log", "--tag", "true"});
  ASSERT_TRUE(p.options);
  EXPECT_EQ(p.options->jobs.value, 16);
  EXPECT_DOUBLE_EQ(*p.options->timeout, 2.5);
  EXPECT_EQ(p.options->joblog, "log");
  EXPECT_TRUE(p.options->tag);
  EXPECT_TRUE(p.options->inputs.empty());  // stdin
}

TEST(Options, OptionsOfTheCommandAreNotOurs) {
  auto p = parse({"grep", "-k", "x"});
  ASSERT_TRUE(p.options);
  EXPECT_FALSE(p.options->keep_order);
  EXPECT_EQ(p.options->command, (std::vector<std::string>{"grep", "-k", "x"}));
}

TEST(Options, FileInput) {
  auto p = parse({"echo", "::::", "ids.txt"});
  ASSERT_TRUE(p.options);
  EXPECT_EQ(p.options->inputs[0].kind, InputGroup::Kind::file);
}

TEST(Options, NoCommandIsAllowed) {
  auto p = parse({":::", "echo a"});
  ASSERT_TRUE(p.options);
  EXPECT_TRUE(p.options->command.empty());
}

TEST(Options, BadInputIsOneLineAndExit255) {
  for (auto args : std::vector<std::vector<const char*>>{
           {"--bogus", "echo"}, {"-j", "x", "echo"}, {"--timeout", "-1", "echo"}, {"echo", "::::"},
           {"echo", "{99999999999999999999}"}, {"--tagstring", "{-99999999999999999999}", "echo"},
           {"-I", "XX", "echo", "XX{99999999999999999999}"},
           // Found by fuzz_duration: the value quoted in the message held a newline.
           {"--timeout", "1s0\n", "echo"}, {"--halt", "now,fail=1\r\n", "echo"}, {"-j", "\n", "echo"},
           {"--bogus\n", "echo"}}) {
    auto p = parse(args);
    EXPECT_FALSE(p.options) << args[0];
    EXPECT_EQ(p.exit_code, 255) << args[0];
    EXPECT_TRUE(p.message_is_error);
    EXPECT_EQ(p.message.find("shoal: "), 0u) << p.message;
    EXPECT_EQ(p.message.find('\n'), p.message.size() - 1) << p.message;
  }
}

// Each step of reading the options (cli/checked.hpp's shape) passes its
// own sentence up unchanged: the whole line, byte for byte.
TEST(Options, EachStepsRefusalIsItsOwnSentence) {
  struct Case {
    std::vector<const char*> args;
    std::string said;
  };
  for (const auto& c : std::vector<Case>{
           {{"--ta", "echo"}, "option --ta is ambiguous (--tag, --tag-string, --tagstring)"},
           {{"--halt", "now", "echo"},
            "invalid value for --halt: 'now' (expected now|soon,fail|success|done=N or =P%, or 0, "
            "1, 2, -1, -2)"},
           {{"--stages", "0", "echo"},
            "invalid value for --stages: '0' (expected sizes like 1,10%,100%: N hosts or P% of "
            "them, P at most 100)"},
           {{"--termseq", "NOSUCH", "echo"},
            "--termseq: 'NOSUCH' is not a signal (TERM, INT, KILL, 15, ...)"},
           {{"--termseq", "TERM,x", "echo"}, "--termseq: 'x' is not a number of milliseconds"},
           {{"-s", "0", "echo"}, "-s needs a number of characters more than 0"},
           {{"--arg-sep", "x", "--arg-file-sep", "x", "echo"}, "--arg-sep and --arg-file-sep must differ"},
           {{"--csv", "--colsep", "ab", "echo"}, "--csv takes a --colsep of one character (CSV's separator)"},
           {{"echo", "{99999999999999999999}"},
            "replacement string {99999999999999999999}: the position is more than 2147483647"},
           {{"--ssh", "ssh 'x", "echo"}, "--ssh: a ' is not closed: ssh 'x"},
           {{"--slf", "-", "echo", "::::", "-"},
            "--sshloginfile - and an input from stdin (:::: - or -a -) both read stdin: give one of "
            "them a file"},
           {{"--slf", "-", "echo"},
            "--sshloginfile - reads the hosts from stdin, where the inputs come from too: give the "
            "inputs with :::, :::: FILE or -a FILE, or use --nonall"},
           {{"--collapse", "echo"}, "--collapse needs hosts (-S or --sshloginfile)"},
           {{"-S", "h1", "--nonall", "--onall", "echo"}, "--nonall and --onall do not go together"},
       }) {
    auto p = parse(c.args);
    EXPECT_FALSE(p.options) << c.said;
    EXPECT_EQ(p.message, "shoal: " + c.said + " (see shoal --help)\n");
  }
}

TEST(Options, HelpTeaches) {
  auto p = parse({"--help"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.exit_code, 0);
  EXPECT_NE(p.message.find(":::"), std::string::npos);
  EXPECT_NE(p.message.find("--joblog"), std::string::npos);
  EXPECT_NE(p.message.find("Exit status"), std::string::npos);
}

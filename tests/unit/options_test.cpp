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

TEST(Options, HelpTeaches) {
  auto p = parse({"--help"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.exit_code, 0);
  EXPECT_NE(p.message.find(":::"), std::string::npos);
  EXPECT_NE(p.message.find("--joblog"), std::string::npos);
  EXPECT_NE(p.message.find("Exit status"), std::string::npos);
}

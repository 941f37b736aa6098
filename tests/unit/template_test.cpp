#include "command_words.hpp"
#include "template.hpp"

#include <gtest/gtest.h>

using namespace shoal::cli;

namespace {
using V = std::vector<std::string>;
std::vector<std::string> argv_of(const char* tmpl, V args, std::uint64_t seq = 1, std::size_t slot = 1) {
  return CommandTemplate::parse(tmpl).build({args, seq, slot}).argv;
}
std::vector<std::string> argv_of(const char* tmpl, const char* value, std::uint64_t seq = 1,
                                 std::size_t slot = 1) {
  return argv_of(tmpl, V{value}, seq, slot);
}
std::string display(const char* tmpl, V args) { return CommandTemplate::parse(tmpl).display({args}); }
std::string display(const char* tmpl, const char* value) { return display(tmpl, V{value}); }
}  // namespace

TEST(Placeholders, AsGnuParallelDefinesThem) {
  const char* v = "/a/b.c/d.e.f";
  EXPECT_EQ(expand_placeholder(Placeholder::whole, v, 1, 1), "/a/b.c/d.e.f");
  EXPECT_EQ(expand_placeholder(Placeholder::no_ext, v, 1, 1), "/a/b.c/d.e");
  EXPECT_EQ(expand_placeholder(Placeholder::base, v, 1, 1), "d.e.f");
  EXPECT_EQ(expand_placeholder(Placeholder::dir, v, 1, 1), "/a/b.c");
  EXPECT_EQ(expand_placeholder(Placeholder::base_no_ext, v, 1, 1), "d.e");
  EXPECT_EQ(expand_placeholder(Placeholder::seq, v, 42, 3), "42");
  EXPECT_EQ(expand_placeholder(Placeholder::slot, v, 42, 3), "3");
}

TEST(Placeholders, EdgeCases) {
  EXPECT_EQ(expand_placeholder(Placeholder::no_ext, "a.b/c", 1, 1), "a.b/c");  // dot in a dir
  EXPECT_EQ(expand_placeholder(Placeholder::dir, "d", 1, 1), ".");
  EXPECT_EQ(expand_placeholder(Placeholder::dir, "a/", 1, 1), ".");
  EXPECT_EQ(expand_placeholder(Placeholder::dir, "/a", 1, 1), "/");
  EXPECT_EQ(expand_placeholder(Placeholder::dir, "a//b", 1, 1), "a");
  EXPECT_EQ(expand_placeholder(Placeholder::base, "d", 1, 1), "d");
}

TEST(Template, PlainCommandRunsDirectlyWithTheValueAsOneArgument) {
  auto t = CommandTemplate::parse("echo {}");
  EXPECT_TRUE(t.direct());
  EXPECT_EQ(argv_of("echo {}", "x; touch PWNED"), (V{"echo", "x; touch PWNED"}));
}

TEST(Template, ArgumentIsAppendedWithoutReplacementString) {
  EXPECT_EQ(argv_of("nova delete", "abc"), (V{"nova", "delete", "abc"}));
  EXPECT_EQ(display("nova delete", "a b"), "nova delete 'a b'");
}

TEST(Template, PlaceholderInsideAWord) {
  EXPECT_EQ(argv_of("cp {} {.}.bak", "x y.txt"), (V{"cp", "x y.txt", "x y.bak"}));
}

TEST(Template, ShellSyntaxRunsInAShellWithQuotedValues) {
  auto t = CommandTemplate::parse("echo {} | wc -c");
  EXPECT_FALSE(t.direct());
  V args{"x; touch PWNED"};
  auto c = t.build({args});
  EXPECT_TRUE(c.argv.empty());
  EXPECT_EQ(c.script, "echo 'x; touch PWNED' | wc -c");
}

TEST(Template, SeqAndSlotCountAsReplacementStrings) {
  // As in GNU parallel: any replacement string means nothing is appended.
  EXPECT_EQ(argv_of("echo {#} {%}", "v", 7, 2), (V{"echo", "7", "2"}));
}

TEST(Template, EmptyCommandMeansTheInputIsTheCommand) {
  auto t = CommandTemplate::parse("");
  V sleep{"sleep 1"}, two{"echo a; echo b"};
  EXPECT_EQ(t.build({sleep}).argv, (V{"sleep", "1"}));
  auto c = t.build({two});
  EXPECT_EQ(c.script, "echo a; echo b");
  EXPECT_EQ(t.display({two}), "echo a; echo b");
}

TEST(Template, ALoneReplacementStringIsTheCommandToo) {
  auto t = CommandTemplate::parse(" {} ");
  V two{"echo a; echo b"};
  EXPECT_EQ(t.build({two}).script, "echo a; echo b");
}

TEST(NeedsShell, PlainCommandsDoNot) {
  EXPECT_FALSE(needs_shell("nova delete abc"));
  EXPECT_FALSE(needs_shell("curl --max-time=5 -o out http://x/y"));
  EXPECT_TRUE(needs_shell("ls y?"));  // a glob
}

TEST(NeedsShell, SyntaxBuiltinsAndAssignmentsDo) {
  for (const char* line : {"a | b", "a && b", "a; b", "a > f", "echo $HOME", "echo `id`", "echo *",
                           "echo 'q'", "echo \"q\"", "cd /tmp", "export X=1", "X=1 env", "~/bin/x",
                           "echo a # comment", "exit 3", "a\nb", "echo {a,b}", "! true"})
    EXPECT_TRUE(needs_shell(line)) << line;
}

TEST(SplitWords, AtBlanks) { EXPECT_EQ(split_words("  a\tb  c "), (V{"a", "b", "c"})); }

TEST(Template, SeveralArgumentsAreAppendedAsWords) {
  EXPECT_EQ(argv_of("echo", V{"a b", "c"}), (V{"echo", "a b", "c"}));
  EXPECT_EQ(display("echo", V{"a b", "c"}), "echo 'a b' c");
}

TEST(Template, WholeStandsForAllArgumentsEachQuoted) {
  EXPECT_EQ(argv_of("echo {} end", V{"a b", "c"}), (V{"echo", "a b", "c", "end"}));
  EXPECT_EQ(display("echo {} | cat", V{"a b", "c"}), "echo 'a b' c | cat");
  // The words the shell makes of GNU parallel's line "echo xa b".
  EXPECT_EQ(argv_of("echo x{}", V{"a", "b"}), (V{"echo", "xa", "b"}));
}

TEST(Template, PositionalPlaceholdersAndTheirModifiers) {
  V args{"dir/f.txt", "/x/y.tar"};
  EXPECT_EQ(argv_of("cp {1} {2//}/{1/.}.bak", args), (V{"cp", "dir/f.txt", "/x/f.bak"}));
  EXPECT_EQ(argv_of("echo {2.} {1/}", args), (V{"echo", "/x/y", "f.txt"}));
  EXPECT_EQ(argv_of("echo {3} x{3}y", args), (V{"echo", "xy"}));  // missing: nothing, as GNU parallel
  EXPECT_EQ(display("echo {3} x{3}y", args), "echo  xy");
  EXPECT_EQ(display("echo {2} {1}", V{"a b", "c"}), "echo c 'a b'");
}

TEST(Template, NegativePositionsCountFromTheLastArgument) {
  V args{"a.x", "dir/b.y", "c"};
  EXPECT_EQ(argv_of("echo {-1} {-2.} {-2/} {-3/.} {-2//}", args),
            (V{"echo", "c", "dir/b", "b.y", "a", "dir"}));
  EXPECT_EQ(display("echo {-1}", V{"a b"}), "echo 'a b'");
  // Past the first argument: nothing, as a position past the last.
  EXPECT_EQ(argv_of("echo {-4} x{-4}y", args), (V{"echo", "xy"}));
  EXPECT_EQ(CommandTemplate::parse_text("{-1}:{1}").expand_text({args}), "c:a.x");
  // Not replacement strings: kept as text.
  EXPECT_EQ(CommandTemplate::parse_text("{-}{-x}{-0}{0}{-1x}").expand_text({args}),
            "{-}{-x}{-0}{0}{-1x}");
}

TEST(Template, APositionTooLargeIsAnErrorNotACrash) {
  for (const char* text : {"echo {99999999999999999999}", "echo {-99999999999999999999.}",
                           "{18446744073709551616/}", "x{2147483648}"}) {
    auto t = CommandTemplate::check(text);
    EXPECT_FALSE(t) << text;
    EXPECT_NE(t.error().find("the position is more than 2147483647"), std::string::npos) << text;
    EXPECT_EQ(t.error().find('\n'), std::string::npos);
  }
  EXPECT_EQ(CommandTemplate::check("echo {99999999999999999999}").error(),
            "replacement string {99999999999999999999}: the position is more than 2147483647");
  EXPECT_TRUE(CommandTemplate::check("echo {2147483647}"));
  // Not a replacement string at all (no closing brace): plain text, no error.
  EXPECT_TRUE(CommandTemplate::check("echo {99999999999999999999"));
}

TEST(Template, DashIReplacesTheWholeString) {
  auto t = CommandTemplate::parse("mv @@ @@.old", "@@");
  V args{"f g"};
  EXPECT_EQ(t.build({args}).argv, (V{"mv", "f g", "f g.old"}));
  // {} is plain text now (and braces are shell syntax: it runs in a shell).
  EXPECT_EQ(CommandTemplate::parse("echo @@ {}", "@@").display({args}), "echo 'f g' {}");
}

TEST(Template, TextTemplatesSubstituteWithoutQuoting) {
  auto t = CommandTemplate::parse_text("{#}:{1/} {2}");
  V args{"/a/b c", "d"};
  EXPECT_EQ(t.expand_text({args, 4, 1}), "4:b c d");
}

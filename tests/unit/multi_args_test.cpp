// Several arguments per job: the template's two ways of putting them in
// (-m, -X), the line rules (-E, -r, -L), and how records fill jobs (-n, -s,
// spreading over the slots, --link).
#include <gtest/gtest.h>

#include "arguments.hpp"
#include "pulls.hpp"
#include "csv_fields.hpp"
#include "multi_options.hpp"
#include "template.hpp"

using namespace shoal::cli;
using test_support::items_of;
using test_support::jobs_of;

namespace {
using V = std::vector<std::string>;

CommandTemplate context_template(const char* text) {
  auto t = CommandTemplate::parse(text);
  t.repeat_context(true);
  return t;
}

LineRules rules(std::optional<std::string> eof, bool skip_empty, bool continue_lines) {
  LineRules r;
  r.eof = std::move(eof);
  r.skip_empty = skip_empty;
  r.continue_lines = continue_lines;
  return r;
}

std::unique_ptr<InputSource> args(V values) { return std::make_unique<ArgsSource>(std::move(values)); }


JobArguments one_source(V values, Batching b) {
  std::vector<SourceSpec> sources;
  sources.push_back({args(std::move(values)), false});
  JobArguments input(std::move(sources), b, std::nullopt);
  EXPECT_TRUE(input.prepare());
  return input;
}

// One source into jobs of `echo`, whose command lines are measured (-s).
JobArguments echo_source(V values, Batching b) {
  auto input = one_source(std::move(values), b);
  input.measure_with(std::make_shared<CommandTemplate>(CommandTemplate::parse("echo")));
  return input;
}
}  // namespace

TEST(MultiTemplate, DashMPutsEveryArgumentInTheWord) {
  auto t = CommandTemplate::parse("echo pre-{}-post");
  V a{"a", "b c"};
  EXPECT_EQ(t.display({a}), "echo pre-a 'b c'-post");
  // Direct: the words the shell would make of that line.
  EXPECT_EQ(t.build({a}).argv, (V{"echo", "pre-a", "b c-post"}));
}

TEST(MultiTemplate, DashXRepeatsTheWordAroundTheReplacementString) {
  auto t = context_template("echo pre-{}-post {}x");
  V a{"a", "b c"};
  EXPECT_EQ(t.display({a}), "echo pre-a-post pre-'b c'-post ax 'b c'x");
  EXPECT_EQ(t.build({a}).argv, (V{"echo", "pre-a-post", "pre-b c-post", "ax", "b cx"}));
}

TEST(MultiTemplate, DashXWritesAPositionalGroupOnce) {
  auto t = context_template("echo {} x{2}y");
  V a{"a", "b", "c"};
  EXPECT_EQ(t.display({a}), "echo a b c xby");
  EXPECT_EQ(t.build({a}).argv, (V{"echo", "a", "b", "c", "xby"}));
}

TEST(MultiTemplate, DashXInsideAShellCommand) {
  auto t = context_template("echo pre-{}-post | cat");
  EXPECT_EQ(t.display({V{"a", "b"}}), "echo pre-a-post pre-b-post | cat");
}

TEST(MultiTemplate, NoArgumentsLeaveNothing) {
  auto t = CommandTemplate::parse("echo foo");
  EXPECT_EQ(t.display({V{}}), "echo foo ");
  EXPECT_EQ(t.build({V{}}).argv, (V{"echo", "foo"}));
}

TEST(MultiTemplate, ArgCostIsWhatOneMoreArgumentAdds) {
  for (bool context : {false, true}) {
    auto t = CommandTemplate::parse("echo x{}y {}");
    t.repeat_context(context);
    std::string one = t.display({V{"a"}});
    std::string two = t.display({V{"a", "b c"}});
    EXPECT_EQ(t.arg_cost("b c"), two.size() - one.size()) << context;
  }
}

TEST(LineLimit, TheSmallerOfOneArgumentAndAFifthOfTheRest) {
  EXPECT_EQ(line_limit(2097152, 1554), 131071u);
  EXPECT_EQ(line_limit(131072, 1024), (131072u - 1024 - 2048) / 5);
  EXPECT_EQ(line_limit(4096, 8000), 1u);
  EXPECT_GT(system_line_limit(), 1000u);
}

TEST(LineRules, EofStringEndsTheSource) {
  RuledSource s(args({"a", "EOF", "b"}), rules(std::string("EOF"), false, false));
  EXPECT_EQ(items_of(s), (V{"a"}));
}

TEST(LineRules, SkipEmptySkipsBlankLines) {
  RuledSource s(args({"a", "", " \t", "b"}), rules(std::nullopt, true, false));
  EXPECT_EQ(items_of(s), (V{"a", "b"}));
}

TEST(LineRules, ATrailingBlankContinuesTheLine) {
  RuledSource s(args({"a ", "b", "c\t", "d ", "EOF", "e"}), rules(std::string("EOF"), false, true));
  EXPECT_EQ(items_of(s), (V{"a b", "c\td "}));
}

TEST(Batching, CountOnly) {
  auto input = one_source({"a", "b", "c", "d", "e"}, Batching{2});
  EXPECT_EQ(jobs_of(input), (std::vector<V>{{"a", "b"}, {"c", "d"}, {"e"}}));
}

TEST(Batching, NoArgsReadsOneAndInsertsNone) {
  Batching b;
  b.no_args = true;
  auto input = one_source({"a", "b"}, b);
  EXPECT_EQ(jobs_of(input), (std::vector<V>{{}, {}}));
}

TEST(Batching, FillsUpToTheLengthLikeGnuParallel) {
  // The line must stay shorter than -s: "echo a b" is 8.
  for (auto [chars, expected] : std::vector<std::pair<std::size_t, std::vector<V>>>{
           {8, {{"a"}, {"b"}, {"c"}}}, {9, {{"a", "b"}, {"c"}}}, {11, {{"a", "b", "c"}}}}) {
    auto input = echo_source({"a", "b", "c"}, {.max_records = 0, .max_chars = chars});
    EXPECT_EQ(jobs_of(input), expected) << chars;
  }
}

TEST(Batching, TheLastArgumentsSpreadOverTheSlots) {
  auto input = echo_source({"a", "b", "c", "d", "e"},
                           {.max_records = 0, .max_chars = 1000, .spread = true});
  input.spread_over(2);
  EXPECT_EQ(jobs_of(input), (std::vector<V>{{"a", "b", "c"}, {"d", "e"}}));
}

TEST(Batching, SpreadingWithACountSpreadsOnlyTheLastJob) {
  auto input = echo_source({"a", "b", "c", "d", "e"},
                           {.max_records = 3, .max_chars = 1000, .spread = true});
  input.spread_over(2);
  EXPECT_EQ(jobs_of(input), (std::vector<V>{{"a", "b", "c"}, {"d"}, {"e"}}));
}

TEST(Batching, AnArgumentTooLongForTheLineIsAnError) {
  auto input = echo_source({"a", "abcdefghijk"}, {.max_records = 0, .max_chars = 10});
  std::string failed;
  EXPECT_EQ(jobs_of(input, &failed), (std::vector<V>{{"a"}}));
  EXPECT_NE(failed.find("command line too long"), std::string::npos) << failed;
}

TEST(Batching, LinkRecyclesTheShorterSources) {
  std::vector<SourceSpec> sources;
  sources.push_back({args({"a", "b", "c"}), false});
  sources.push_back({args({"1", "2"}), false});
  Batching b;
  b.link_all = true;
  JobArguments input(std::move(sources), b, std::nullopt);
  ASSERT_TRUE(input.prepare());
  EXPECT_EQ(jobs_of(input), (std::vector<V>{{"a", "1"}, {"b", "2"}, {"c", "1"}}));
}

TEST(Batching, ShuffleKeepsEveryRecord) {
  Batching b;
  b.shuffle = true;
  auto input = one_source({"a", "b", "c", "d"}, b);
  auto jobs = jobs_of(input);
  std::sort(jobs.begin(), jobs.end());
  EXPECT_EQ(jobs, (std::vector<V>{{"a"}, {"b"}, {"c"}, {"d"}}));
}

TEST(LineRules, ACsvRecordGoesOnInsideQuotes) {
  LineRules r;
  r.csv_delimiter = "\n";
  RuledSource s(args({"a,\"b", "c\",d", "e"}), r);
  EXPECT_EQ(items_of(s), (V{"a,\"b\nc\",d", "e"}));
}

TEST(Csv, FieldsAsTextCsvSplitsThem) {
  V fields;
  EXPECT_TRUE(split_csv("\"1 big, 2 small\",\"2\"\"x4\"\" plank\",12.34", ',', fields));
  EXPECT_EQ(fields, (V{"1 big, 2 small", "2\"x4\" plank", "12.34"}));
  fields.clear();
  EXPECT_TRUE(split_csv("", ',', fields));
  EXPECT_EQ(fields, (V{""}));
  fields.clear();
  EXPECT_TRUE(split_csv("a;\"b\nc\";", ';', fields));
  EXPECT_EQ(fields, (V{"a", "b\nc", ""}));
  for (const char* bad : {"a,\"b", "a,b\"c", "\"a\"b,c"}) {
    fields.clear();
    auto split = split_csv(bad, ',', fields);
    EXPECT_FALSE(split) << bad;
    EXPECT_FALSE(split.error().empty());
  }
}

TEST(Header, ColumnNamesBecomePositions) {
  EXPECT_EQ(name_columns("echo {b}-{a} {a.} {b/.} {c}", {"a", "b"}), "echo {2}-{1} {1.} {2/.} {c}");
}

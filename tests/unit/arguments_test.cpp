// Where a job's arguments come from and how sources combine, as GNU parallel
// combines them: every combination (the last source varies fastest), :::+
// pairing with the source before, --colsep's columns; and records read from
// an fd, cut at any delimiter, streamed from a pipe. multi_args_test.cpp
// has how records fill jobs (-n, -s, -m/-X) and the line rules (-E, -r, -L).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "pulls.hpp"
#include "temp_file.hpp"

using namespace shoal::cli;
using test_support::items_of;
using test_support::jobs_of;
using test_support::pulled;

namespace {

using V = std::vector<std::string>;
using Pull = InputSource::Pull;

std::unique_ptr<InputSource> args(V values) { return std::make_unique<ArgsSource>(std::move(values)); }

// `:::` sources; `linked[i]` makes source i a `:::+` one.
std::vector<SourceSpec> sources(std::vector<V> values, std::vector<bool> linked = {}) {
  std::vector<SourceSpec> specs;
  for (std::size_t i = 0; i < values.size(); ++i)
    specs.push_back({args(std::move(values[i])), i < linked.size() && linked[i]});
  return specs;
}

std::vector<V> jobs_of(std::vector<SourceSpec> specs,
                       std::optional<ColumnSplitter> colsep = std::nullopt) {
  JobArguments input(std::move(specs), Batching{}, std::move(colsep));
  auto prepared = input.prepare();
  EXPECT_TRUE(prepared) << prepared.error();
  return test_support::jobs_of(input);
}

ColumnSplitter splitter(const char* pattern) {
  auto s = ColumnSplitter::compile(pattern);
  EXPECT_TRUE(s) << s.error();
  return std::move(*s);
}

V records(const std::string& bytes, std::string delimiter = "\n") {
  test_support::TempFile f(bytes);
  LineSource s(f.fd(), "test input", std::move(delimiter));
  V got = items_of(s);
  return got;
}

}  // namespace

TEST(Sources, EveryCombinationTheLastVaryingFastest) {
  EXPECT_EQ(jobs_of(sources({{"a", "b"}, {"1", "2"}, {"x", "y"}})),
            (std::vector<V>{{"a", "1", "x"}, {"a", "1", "y"}, {"a", "2", "x"}, {"a", "2", "y"},
                            {"b", "1", "x"}, {"b", "1", "y"}, {"b", "2", "x"}, {"b", "2", "y"}}));
}

TEST(Sources, ALinkedSourcePairsWithTheOneBeforeAsFarAsTheShorterGoes) {
  // ::: a b c :::+ 1 2
  EXPECT_EQ(jobs_of(sources({{"a", "b", "c"}, {"1", "2"}}, {false, true})),
            (std::vector<V>{{"a", "1"}, {"b", "2"}}));
  // ::: a b ::: 1 2 3 :::+ x y: the pair varies as one source.
  EXPECT_EQ(jobs_of(sources({{"a", "b"}, {"1", "2", "3"}, {"x", "y"}}, {false, false, true})),
            (std::vector<V>{{"a", "1", "x"}, {"a", "2", "y"}, {"b", "1", "x"}, {"b", "2", "y"}}));
}

TEST(Sources, AnEmptySourceMeansNoJobs) {
  EXPECT_EQ(jobs_of(sources({{"a", "b"}, {}})), std::vector<V>{});
  EXPECT_EQ(jobs_of(sources({{}, {"1"}})), std::vector<V>{});
}

TEST(Sources, ColumnsOfEverySource) {
  EXPECT_EQ(jobs_of(sources({{"a\tb", "c\td"}, {"1\t2"}}), splitter("\t")),
            (std::vector<V>{{"a", "b", "1", "2"}, {"c", "d", "1", "2"}}));
}

TEST(Sources, TheTotalIsKnownBeforeTheFirstJob) {
  JobArguments all(sources({{"a", "b"}, {"1", "2", "3"}}), Batching{}, std::nullopt);
  ASSERT_TRUE(all.prepare());
  EXPECT_EQ(all.total(), 6u);
  JobArguments by_four(sources({{"a", "b"}, {"1", "2", "3"}}), Batching{4}, std::nullopt);
  ASSERT_TRUE(by_four.prepare());
  EXPECT_EQ(by_four.total(), 2u);
  EXPECT_EQ(jobs_of(by_four), (std::vector<V>{{"a", "1", "a", "2", "a", "3", "b", "1"},
                                              {"b", "2", "b", "3"}}));
}

TEST(LineSource, RecordsEndAtTheDelimiterAndTheLastNeedsNone) {
  EXPECT_EQ(records("a\nb\n"), (V{"a", "b"}));
  EXPECT_EQ(records("a\n\nb"), (V{"a", "", "b"}));
  EXPECT_EQ(records(""), V{});
  EXPECT_EQ(records("a b\tc\n"), (V{"a b\tc"}));
}

TEST(LineSource, AnyDelimiterOfAnyLength) {
  EXPECT_EQ(records(std::string("a\0b\nc\0", 6), std::string(1, '\0')), (V{"a", "b\nc"}));
  EXPECT_EQ(records("a::b:c::::d", "::"), (V{"a", "b:c", "", "d"}));
  // A delimiter that a read may cut in two is still found whole.
  std::string big(65534, 'x');  // the first read ends inside "<END>"
  EXPECT_EQ(records(big + "<END>" + "y<END>", "<END>"), (V{big, "y"}));
}

TEST(LineSource, APipeIsReadOnlyWhenReady) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  LineSource s(shoal::UniqueFd(fds[0]), "pipe");
  EXPECT_EQ(s.fd(), fds[0]);
  std::string item;
  EXPECT_EQ(pulled(s.next(item)), Pull::wait);
  ASSERT_EQ(::write(fds[1], "one\ntw", 6), 6);
  s.readable();
  EXPECT_EQ(pulled(s.next(item)), Pull::item);
  EXPECT_EQ(item, "one");
  EXPECT_EQ(pulled(s.next(item)), Pull::wait);  // "tw" waits for the rest of its line
  ASSERT_EQ(::write(fds[1], "o", 1), 1);
  ::close(fds[1]);
  s.readable();
  EXPECT_EQ(pulled(s.next(item)), Pull::wait);  // "two" might go on: wait for the end
  s.readable();
  EXPECT_EQ(pulled(s.next(item)), Pull::item);
  EXPECT_EQ(item, "two");
  EXPECT_EQ(pulled(s.next(item)), Pull::end);
}

TEST(LineSource, AFailedReadEndsTheInputSayingWhy) {
  int dir = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dir, 0);
  std::vector<SourceSpec> specs = sources({{"a"}});
  specs.push_back({std::make_unique<LineSource>(shoal::UniqueFd(dir), "the-root"), false});
  JobArguments input(std::move(specs), Batching{}, std::nullopt);
  auto prepared = input.prepare();
  EXPECT_FALSE(prepared);
  EXPECT_NE(prepared.error().find("cannot read the-root"), std::string::npos) << prepared.error();
}

TEST(LineSource, AFailedReadIsWhatNextGivesWhereTheInputWouldEnd) {
  int dir = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dir, 0);
  LineSource s(shoal::UniqueFd(dir), "the-root");
  std::string item;
  auto pull = s.next(item);
  ASSERT_FALSE(pull);
  EXPECT_EQ(pull.error(), "cannot read the-root: Is a directory");
}

// Gives its items, then fails as a read fails.
class FailingSource final : public InputSource {
 public:
  explicit FailingSource(V items) : items_(std::move(items)) {}

 private:
  Pull pull(std::string& item) override {
    if (next_ < items_.size()) {
      item = items_[next_++];
      return Pull::item;
    }
    failed_ = "cannot read the-disk: Input/output error";
    return Pull::end;
  }
  V items_;
  std::size_t next_ = 0;
};

TEST(JobArguments, TheJobsReadBeforeAFailedReadRunThenNextSaysWhy) {
  std::vector<SourceSpec> specs;
  specs.push_back({std::make_unique<FailingSource>(V{"a", "b", "c"}), false});
  specs.push_back({args({"1"}), false});
  JobArguments input(std::move(specs), Batching{.max_records = 2}, std::nullopt);
  ASSERT_TRUE(input.prepare());
  std::string failed;
  EXPECT_EQ(test_support::jobs_of(input, &failed), (std::vector<V>{{"a", "1", "b", "1"}, {"c", "1"}}));
  EXPECT_EQ(failed, "cannot read the-disk: Input/output error");
}

TEST(LineRules, ALineHeldForTheNextIsGivenBeforeTheFailedRead) {
  LineRules rules;
  rules.continue_lines = true;
  RuledSource s(std::make_unique<FailingSource>(V{"a", "b "}), rules);
  std::string item;
  EXPECT_EQ(pulled(s.next(item)), Pull::item);
  EXPECT_EQ(item, "a");
  EXPECT_EQ(pulled(s.next(item)), Pull::item);
  EXPECT_EQ(item, "b ");
  auto pull = s.next(item);
  ASSERT_FALSE(pull);
  EXPECT_EQ(pull.error(), "cannot read the-disk: Input/output error");
}

TEST(ArgsSource, GivesItsArgumentsAndKnowsHowMany) {
  ArgsSource s({"a", "", "b"});
  EXPECT_EQ(s.total(), 3u);
  EXPECT_EQ(s.fd(), -1);
  EXPECT_EQ(items_of(s), (V{"a", "", "b"}));
  std::string item;
  EXPECT_EQ(pulled(s.next(item)), Pull::end);
}

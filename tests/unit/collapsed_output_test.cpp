// --collapse: hosts with the same output printed once, under their folded
// names, as clush -b and dshbak -c print them.
#include <gtest/gtest.h>

#include <string>

#include "collapsed_output.hpp"

using namespace shoal::cli;

namespace {

std::string header(const std::string& hosts) {
  return "---------------\n" + hosts + "\n---------------\n";
}

// What render() gives for stdout; `err` gets what it gives for stderr.
std::string rendered(const CollapsedOutput& c, std::string* err = nullptr) {
  std::string out, err_text;
  c.render(out, err_text);
  if (err) *err = err_text;
  return out;
}

}  // namespace

TEST(CollapsedOutput, SameOutputOnceUnderTheFoldedHosts) {
  CollapsedOutput c;
  EXPECT_TRUE(c.empty());
  c.add(2, "web02", "up\n", "");
  c.add(1, "web01", "up\n", "");
  c.add(3, "db1", "down\n", "");
  c.add(4, "web03", "up\n", "");
  EXPECT_FALSE(c.empty());
  std::string err;
  EXPECT_EQ(rendered(c, &err), header("web[01-03] (3)") + "up\n" + header("db1 (1)") + "down\n");
  EXPECT_EQ(err, "");
}

TEST(CollapsedOutput, GroupsInTheOrderOfTheirFirstAnswer) {
  CollapsedOutput c;
  c.add(5, "b", "B\n", "");
  c.add(9, "a", "A\n", "");
  c.add(1, "c", "B\n", "");
  EXPECT_EQ(rendered(c), header("b,c (2)") + "B\n" + header("a (1)") + "A\n");
}

TEST(CollapsedOutput, StderrCountsAndGoesUnderTheSameHeader) {
  CollapsedOutput c;
  c.add(1, "h1", "same\n", "");
  c.add(2, "h2", "same\n", "oops");
  std::string err;
  // The outputs differ in stderr: two groups; only the second has stderr,
  // given its missing newline.
  EXPECT_EQ(rendered(c, &err), header("h1 (1)") + "same\n" + header("h2 (1)") + "same\n");
  EXPECT_EQ(err, header("h2 (1)") + "oops\n");
}

TEST(CollapsedOutput, ALastLineWithoutNewlineIsEndedAndNoOutputIsAHeaderAlone) {
  CollapsedOutput c;
  c.add(1, "h1", "partial", "");
  c.add(2, "h2", "", "");
  EXPECT_EQ(rendered(c), header("h1 (1)") + "partial\n" + header("h2 (1)"));
}

TEST(CollapsedOutput, AHostTwiceCountsOnce) {
  CollapsedOutput c;
  c.add(1, "h1", "x\n", "");
  c.add(2, "h1", "x\n", "");
  EXPECT_EQ(rendered(c), header("h1 (1)") + "x\n");
}

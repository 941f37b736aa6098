// --termseq's text (cli/termseq.cpp) and -q's quoting of the command words
// (quote_words in cli/template.cpp): pure functions, tested without
// processes.
#include <gtest/gtest.h>

#include <csignal>

#include "template.hpp"
#include "termseq.hpp"

using namespace shoal::cli;
using std::chrono::milliseconds;

TEST(Termseq, DefaultIsGnuParallels) {
  TermSeq d = default_termseq();
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].signal, SIGTERM);
  EXPECT_EQ(d[0].wait, milliseconds(200));
  EXPECT_EQ(d[2].wait, milliseconds(50));
  EXPECT_EQ(d[3].signal, SIGKILL);
  EXPECT_EQ(d[3].wait, milliseconds(25));
}

TEST(Termseq, NamesNumbersAndALastSignalWithoutItsWait) {
  auto s = parse_termseq("int,10,SIGUSR1,0,9");
  ASSERT_TRUE(s) << s.error();
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ((*s)[0].signal, SIGINT);
  EXPECT_EQ((*s)[0].wait, milliseconds(10));
  EXPECT_EQ((*s)[1].signal, SIGUSR1);
  EXPECT_EQ((*s)[2].signal, SIGKILL);
  EXPECT_EQ((*s)[2].wait, milliseconds(0));
}

TEST(Termseq, BadTextIsRefusedNamingIt) {
  for (const char* bad : {"NOSUCH,1", "TERM,x", "TERM,-1", "TERM,,KILL", "0,5", "TERM,1e3"}) {
    auto s = parse_termseq(bad);
    EXPECT_FALSE(s) << bad;
    EXPECT_NE(s.error().find("--termseq: '"), std::string::npos) << s.error();
  }
}

TEST(QuoteWords, EachWordOneWordWithItsReplacementStrings) {
  EXPECT_EQ(quote_words({"echo", "{}"}), "echo {}");
  EXPECT_EQ(quote_words({"sh", "-c", "echo $0", "{}"}), "sh -c 'echo $0' {}");
  EXPECT_EQ(quote_words({"printf", "a b{}c;"}), "printf 'a b'{}'c;'");
  EXPECT_EQ(quote_words({"x", ""}), "x ''");
  EXPECT_EQ(quote_words({"{2/.}{#}{%}", "{-1//}"}), "{2/.}{#}{%} {-1//}");
  EXPECT_EQ(quote_words({"a @@ b", "{}"}, "@@"), "'a '@@' b' '{}'");
}

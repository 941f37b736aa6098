// --pipe's cutting rules, checked against what GNU parallel 20221122 cuts
// (each expectation was run through it: see tests/cli/pipe.sh for the
// side-by-side runs).
#include "pipe_blocks.hpp"
#include "pipe_input.hpp"
#include "pipe_part.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace shoal::cli;

namespace {

using V = std::vector<std::string>;

RecordSplitter splitter(std::optional<std::string> start, std::optional<std::string> end,
                        bool regexp = false) {
  auto s = RecordSplitter::make(start, end, regexp);
  EXPECT_TRUE(s) << s.error();
  return std::move(*s);
}

// A file of `text` in $TMPDIR, unique to this test process, open for reading.
struct TempFile {
  std::string path;
  int fd = -1;
  explicit TempFile(const std::string& text, const char* tag) {
    const char* dir = std::getenv("TMPDIR");
    path = std::string(dir && *dir ? dir : "/tmp") + "/shoal-pipe-" + tag + "-" +
           std::to_string(::getpid());
    int w = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EXPECT_GE(w, 0);
    EXPECT_EQ(::write(w, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(w);
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  ~TempFile() {
    ::close(fd);
    ::unlink(path.c_str());
  }
};

V blocks_of(const std::string& text, PipeRules rules, RecordSplitter s, const char* tag) {
  TempFile file(text, tag);
  BlockReader reader(file.fd, "input", std::move(s), std::move(rules));
  V blocks;
  std::string block;
  for (auto pulled = reader.next(block); pulled && *pulled == shoal::cli::InputSource::Pull::item;
       pulled = reader.next(block))
    blocks.push_back(block);
  return blocks;
}

}  // namespace

TEST(PipeBlocks, BlockSizesWithGnuSuffixes) {
  auto size_of = [](std::string_view text) -> std::int64_t {
    auto size = parse_block_size(text);
    EXPECT_TRUE(size) << text << ": " << size.error();
    return size ? *size : 0;
  };
  EXPECT_EQ(size_of("1M"), 1 << 20);
  EXPECT_EQ(size_of("1m"), 1000000);
  EXPECT_EQ(size_of("10k"), 10000);
  EXPECT_EQ(size_of("10K"), 10240);
  EXPECT_EQ(size_of("2ki"), 2048);
  EXPECT_EQ(size_of("1Gi"), 1 << 30);
  EXPECT_EQ(size_of("1.5K"), 1536);
  EXPECT_EQ(size_of("-1"), -1);
  EXPECT_EQ(size_of("-10"), -10);
  EXPECT_EQ(size_of("123"), 123);
  for (const char* bad : {"", "x", "1X", "1MB", "0", "1kk"}) {
    auto size = parse_block_size(bad);
    EXPECT_FALSE(size) << bad;
    EXPECT_NE(size.error().find("--block"), std::string::npos);
  }
}

TEST(PipeBlocks, SeparatorEscapes) {
  EXPECT_EQ(unescape_record_separator("\\n\\t\\r\\0\\\\x"), std::string("\n\t\r\0\\x", 6));
  EXPECT_EQ(unescape_record_separator("a\\qb"), "a\\qb");
}

TEST(PipeBlocks, CutAfterTheLastNewline) {
  auto s = splitter(std::nullopt, std::nullopt);
  EXPECT_EQ(s.last_cut("1\n2\n3"), 4u);
  EXPECT_EQ(s.last_cut("123"), 0u);
  EXPECT_EQ(s.nth_cut("1\n2\n3\n", 2), 4u);
  EXPECT_EQ(s.nth_cut("1\n2", 2), 0u);
}

TEST(PipeBlocks, RecstartAndRecend) {
  auto start = splitter(">", std::nullopt);
  // Only --recstart: a record ends where the next one starts; the start of
  // the data is no boundary.
  EXPECT_EQ(start.nth_cut(">a\n>b\n>c\n", 1), 3u);
  EXPECT_EQ(start.last_cut(">a\n>b\n>c\n"), 6u);
  auto both = splitter("<r>", "</r>");
  EXPECT_EQ(both.last_cut("<r>1</r><r>2</r>x"), 8u);
  EXPECT_EQ(both.last_cut("<r>1</r>x<r>2</r>"), 0u);
}

TEST(PipeBlocks, RegexpBoundaries) {
  auto s = splitter("^>", std::nullopt, true);
  EXPECT_EQ(s.nth_cut(">a\nx\n>b\ny\n>c\n", 1), 5u);
  EXPECT_EQ(s.nth_cut(">a\nx\n>b\ny\n>c\n", 2), 10u);
  EXPECT_EQ(s.last_cut(">a\nx\n>b\ny\n>c\n"), 10u);
  // Not at a line start: no boundary (Perl's /m, as GNU parallel matches).
  EXPECT_EQ(s.last_cut(">a x>b"), 0u);
  EXPECT_EQ(s.leading_garbage("garb\n>a\n"), 5u);
  EXPECT_EQ(s.leading_garbage(">a\n>b\n"), 0u);
  auto refused = RecordSplitter::make(std::string("(?<=a)b"), std::nullopt, true);
  EXPECT_FALSE(refused);
  EXPECT_NE(refused.error().find("--recstart"), std::string::npos);
}

TEST(PipeBlocks, HeaderLinesOrPattern) {
  auto two = parse_header_rule("2");
  ASSERT_TRUE(two);
  EXPECT_EQ(header_length(*two, "h1\nh2\n1\n", false), 6u);
  EXPECT_FALSE(header_length(*two, "h1\nh2", false));
  EXPECT_EQ(header_length(*two, "h1\nh2", true), 0u);  // no header at all, as GNU parallel
  auto colon = parse_header_rule(":");
  EXPECT_EQ(header_length(*colon, "a,b\n1,2\n", false), 4u);
  auto pattern = parse_header_rule("#.*\\n");
  ASSERT_TRUE(pattern);
  EXPECT_EQ(header_length(*pattern, "#x\n1\n", false), 3u);
  EXPECT_FALSE(parse_header_rule("("));
}

// seq 10 | parallel --pipe --block 6: 1-3, 4-6, 7-9, 10.
TEST(PipeBlocks, ReaderCutsAtTheLastRecordEndOfEachBlock) {
  PipeRules rules;
  rules.block_size = 6;
  EXPECT_EQ(blocks_of("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", rules, splitter(std::nullopt, std::nullopt), "block"),
            (V{"1\n2\n3\n", "4\n5\n6\n", "7\n8\n9\n", "10\n"}));
}

TEST(PipeBlocks, ReaderGrowsTheBlockForALongRecord) {
  PipeRules rules;
  rules.block_size = 5;
  EXPECT_EQ(blocks_of(std::string(20, 'a') + "\nb\n", rules, splitter(std::nullopt, std::nullopt), "grow"),
            (V{std::string(20, 'a') + "\nb\n"}));
}

TEST(PipeBlocks, ReaderRecordsPerBlockAndHeader) {
  PipeRules rules;
  rules.records = 1;
  rules.header = *parse_header_rule("2");
  EXPECT_EQ(blocks_of("h1\nh2\n1\n2\n3\n", rules, splitter(std::nullopt, std::nullopt), "header"),
            (V{"h1\nh2\n1\n", "h1\nh2\n2\n", "h1\nh2\n3\n"}));
}

TEST(PipeBlocks, ReaderRegexpGarbageIsARecord) {
  PipeRules rules;
  rules.records = 1;
  rules.regexp = true;
  EXPECT_EQ(blocks_of("garb\n>a\nx\n>b\ny\n", rules, splitter(">", std::nullopt, true), "garbage"),
            (V{"garb\n", ">a\nx\n", ">b\ny\n"}));
}

TEST(PipeBlocks, ReaderEmptyInputIsNoBlock) {
  EXPECT_EQ(blocks_of("", PipeRules(), splitter(std::nullopt, std::nullopt), "empty"), V{});
}

// GNU parallel's find_split_positions: a cut every `block` bytes, moved on
// to the record boundary after it.
TEST(PipePart, CutsMoveToTheNextRecordEnd) {
  TempFile file("aaaa\nbb\ncccccc\nd\n", "part");
  auto s = splitter(std::nullopt, std::nullopt);
  EXPECT_EQ(part_offsets(file.fd, 17, 0, 6, s, false), (std::vector<std::uint64_t>{0, 8, 15, 17}));
  EXPECT_EQ(part_offsets(file.fd, 17, 0, 100, s, false), (std::vector<std::uint64_t>{0, 17}));
  EXPECT_EQ(part_offsets(file.fd, 17, 5, 1, s, false), (std::vector<std::uint64_t>{5, 8, 15, 17}));
}

// --remove-rec-sep, as GNU parallel's remove_rec_sep(): every recend+recstart
// boundary, a leading recstart and a trailing recend go.
TEST(PipeBlocks, RemoveRecordSeparators) {
  auto remove = [](const RecordSplitter& s, std::string block) {
    s.remove_separators(block);
    return block;
  };
  EXPECT_EQ(remove(splitter(std::nullopt, std::nullopt), "a\nb\n"), "ab");
  EXPECT_EQ(remove(splitter(std::nullopt, std::nullopt), "a\n\nb"), "ab");
  EXPECT_EQ(remove(splitter(std::string("x"), std::string("y\\n")), "xAy\nxBy\n"), "AB");
  EXPECT_EQ(remove(splitter(std::string("x"), std::string("y\\n")), "Ay\nxB"), "AB");
  EXPECT_EQ(remove(splitter(std::string("x+"), std::string("y\n"), true), "xxAy\nxBy\n"), "AB");
  EXPECT_EQ(remove(splitter(std::nullopt, std::nullopt), ""), "");
}

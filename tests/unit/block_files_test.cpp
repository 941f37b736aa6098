// --cat and --fifo's files (cli/block_files.cpp): the run's own directory,
// a block written to its file, a named pipe, the directory gone with the
// run; and each step that fails says so in one line naming the path.
#include "block_files.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "temp_file.hpp"

using namespace shoal::cli;

namespace {

bool starts_ends(const std::string& text, const std::string& head, const std::string& tail) {
  return text.starts_with(head) && text.ends_with(tail);
}

// $TMPDIR set for one test, put back after it.
class TmpdirIs {
 public:
  explicit TmpdirIs(const std::string& dir) {
    if (const char* was = std::getenv("TMPDIR")) was_ = was;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~TmpdirIs() {
    if (was_) ::setenv("TMPDIR", was_->c_str(), 1);
    else ::unsetenv("TMPDIR");
  }

 private:
  std::optional<std::string> was_;
};

}  // namespace

TEST(BlockFiles, ABlockAndAFifoInTheRunsOwnDirectoryGoneWithTheRun) {
  test_support::TempDir tmp;
  TmpdirIs in(tmp.path());
  std::string dir;
  {
    auto files = BlockFiles::open();
    ASSERT_TRUE(files) << files.error();
    std::string block = files->path(7);
    dir = std::filesystem::path(block).parent_path();
    EXPECT_TRUE(dir.starts_with(tmp.path() + "/shoal-blocks-")) << dir;
    auto written = files->write(block, "head\n", "body\n");
    ASSERT_TRUE(written) << written.error();
    EXPECT_EQ(test_support::read_file(block), "head\nbody\n");
    std::string fifo = files->path(8);
    auto made = files->make_fifo(fifo);
    ASSERT_TRUE(made) << made.error();
    struct stat st{};
    ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(BlockFiles, EachFailureNamesThePath) {
  {
    TmpdirIs in("/nonexistent-shoal-tmp");
    auto files = BlockFiles::open();
    ASSERT_FALSE(files);
    // mkdtemp may have filled in the XXXXXX before it failed.
    EXPECT_TRUE(starts_ends(files.error(),
                            "cannot make a directory for --cat/--fifo like /nonexistent-shoal-tmp/shoal-blocks-",
                            ": No such file or directory"))
        << files.error();
  }
  auto files = BlockFiles::open();
  ASSERT_TRUE(files) << files.error();
  EXPECT_EQ(files->write("/nonexistent-shoal-tmp/1", "", "block").error(),
            "cannot create /nonexistent-shoal-tmp/1: No such file or directory");
  EXPECT_EQ(files->write("/nonexistent-shoal-tmp/2", "", FilePart{}).error(),
            "cannot create /nonexistent-shoal-tmp/2: No such file or directory");
  EXPECT_EQ(files->make_fifo("/nonexistent-shoal-tmp/3").error(),
            "cannot make the fifo /nonexistent-shoal-tmp/3: No such file or directory");
  // A block that does not fit: the write fails, and says so.
  EXPECT_EQ(files->write("/dev/full", "", "block").error(),
            "cannot write /dev/full: No space left on device");
}

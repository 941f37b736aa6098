// BlockReader's failure: a read that fails ends the input with its reason,
// after the blocks read before it.
#include "pipe_input.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

using namespace shoal::cli;

TEST(BlockReader, AFailedReadEndsTheInputSayingWhy) {
  int dir = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);  // read(2): EISDIR
  ASSERT_GE(dir, 0);
  auto splitter = RecordSplitter::make(std::nullopt, std::string("\n"), false);
  ASSERT_TRUE(splitter);
  BlockReader reader(dir, "stdin", std::move(*splitter), PipeRules{});
  std::string block;
  auto pulled = reader.next(block);
  EXPECT_FALSE(pulled);
  EXPECT_EQ(pulled.error(), "cannot read stdin: Is a directory");
  ::close(dir);
}

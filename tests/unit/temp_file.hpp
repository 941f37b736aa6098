// Temporary files and directories for the unit tests that read or write
// through fds or paths: unique to the test (ctest runs each case as its own
// process, in parallel) and gone at its end.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace test_support {

class TempFile {
 public:
  TempFile() = default;
  // Holding `bytes`, to be read from the start.
  explicit TempFile(const std::string& bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), file_);
    std::fflush(file_);
    ::lseek(fd(), 0, SEEK_SET);
  }
  ~TempFile() { std::fclose(file_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fileno(file_); }
  // Everything in the file, wherever its offset is.
  std::string contents() const {
    std::string all;
    char buf[4096];
    ssize_t n;
    off_t off = 0;
    while ((n = ::pread(fd(), buf, sizeof buf, off)) > 0) {
      all.append(buf, static_cast<std::size_t>(n));
      off += n;
    }
    return all;
  }

 private:
  FILE* file_ = std::tmpfile();
};

// A directory of its own, removed with all it holds.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/shoal-unit-XXXXXX";
    if (::mkdtemp(name)) path_ = name;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A file's whole contents ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

}  // namespace test_support

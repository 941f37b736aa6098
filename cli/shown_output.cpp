#include "shown_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "shoal/quote.hpp"
#include "command_words.hpp"

namespace shoal::cli {

std::string shown_command(const shoal::Command& command, std::string display, std::size_t v,
                          bool remote) {
  if (v < 2 || !remote || command.argv.empty()) return display;
  std::vector<std::string> words;
  for (const auto& w : command.argv) words.push_back(shoal::shell_quote(w));
  return join(words);
}

shoal::Output with_prefix(std::string_view line, shoal::Output out) {
  shoal::Output joined;
  joined.append(line);
  out.for_each_chunk([&](std::string_view chunk) { return joined.append(chunk); });
  return joined;
}

std::string save_output_file(const shoal::Output& out, std::string& error) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/parXXXXXX.par";
  int fd = ::mkostemps(path.data(), 4, O_CLOEXEC);
  if (fd < 0) {
    error = "--files: cannot create " + path + ": " + std::strerror(errno);
    return "";
  }
  int e = out.write_to(fd);
  ::close(fd);
  if (e != 0) {
    error = "--files: cannot write " + path + ": " + std::strerror(e);
    return "";
  }
  return path;
}

}  // namespace shoal::cli

#include "dry_run.hpp"

#include <cerrno>
#include <csignal>

#include "shoal/io.hpp"

namespace shoal::cli {

// --dry-run: the command lines, nothing started. Output is batched: a
// million lines must not cost a million write calls.
int dry_run(JobArguments& input, const CommandTemplate& tmpl, std::size_t jobs) {
  std::string batch;
  std::vector<std::string> item;
  std::uint64_t seq = 0;
  for (;;) {
    auto pull = input.next(item);
    if (pull == InputSource::Pull::wait) {
      input.readable();  // nothing else to do meanwhile: a blocking read is fine
      continue;
    }
    if (pull == InputSource::Pull::end) break;
    ++seq;
    batch += tmpl.display({item, seq, static_cast<std::size_t>((seq - 1) % jobs) + 1});
    batch += '\n';
    if (batch.size() >= (1 << 16)) {
      if (shoal::write_all(1, batch) == EPIPE) return 128 + SIGPIPE;
      batch.clear();
    }
  }
  if (shoal::write_all(1, batch) == EPIPE) return 128 + SIGPIPE;
  if (!input.error().empty()) {
    shoal::write_all(2, "shoal: " + input.error() + "\n");
    return 255;
  }
  return 0;
}

}  // namespace shoal::cli

// --dry-run: each job's command line, as GNU parallel prints it, for the
// jobs the input makes; nothing is started (no loop, no engine).
#include "dry_run.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>

#include "ending.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

// 0, or the exit status once writing stdout failed: SIGPIPE's when the reader
// went away, 255 (said once) for any other error, such as a full disk.
int write_out(const std::string& batch) {
  int e = shoal::write_all(1, batch);
  if (e == 0) return 0;
  if (e == EPIPE) return 128 + SIGPIPE;
  say(std::string("cannot write output: ") + std::strerror(e));
  return 255;
}

}  // namespace

// --dry-run: the command lines, nothing started. Output is batched: a
// million lines must not cost a million write calls.
int dry_run(JobArguments& input, const CommandTemplate& tmpl, std::size_t jobs) {
  std::string batch;
  std::vector<std::string> item;
  std::uint64_t seq = 0;
  Checked<InputSource::Pull> pull = InputSource::Pull::wait;
  for (;;) {
    pull = input.next(item);
    if (!pull || *pull == InputSource::Pull::end) break;
    if (*pull == InputSource::Pull::wait) {
      input.readable();  // nothing else to do meanwhile: a blocking read is fine
      continue;
    }
    ++seq;
    batch += tmpl.display({item, seq, static_cast<std::size_t>((seq - 1) % jobs) + 1});
    batch += '\n';
    if (batch.size() >= (1 << 16)) {
      if (int status = write_out(batch); status != 0) return status;
      batch.clear();
    }
  }
  if (int status = write_out(batch); status != 0) return status;
  if (!pull) {
    say(pull.error());
    return 255;
  }
  return 0;
}

}  // namespace shoal::cli

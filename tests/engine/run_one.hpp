// Runs one command on a loop of its own and returns its Result: what most
// engine tests need; or runs it and cancels it. And the warm-up every test
// binary that counts fds needs.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <string>

#include "shoal/shoal.hpp"

namespace shoal::test_support {

inline Result run_one(const Command& command, EngineOptions options = {}) {
  Loop loop;
  Engine engine(loop, options);
  Result out;
  auto started = engine.start(command, [&](Result r) { out = std::move(r); });
  if (auto* r = std::get_if<Result>(&started)) return std::move(*r);
  loop.run();
  return out;
}

// When run_cancelled cancels: as soon as the job has started, or once its
// stdout holds a whole line (the job says it is ready: a trap set, a pid).
enum class CancelAt { start, first_line };

// Runs `command` and cancels it, with `grace` between its TERM and its
// KILL; `said` gets what it wrote to stdout.
inline Result run_cancelled(Command command, std::chrono::milliseconds grace, CancelAt at,
                            std::string* said = nullptr) {
  command.kill_grace = grace;
  Loop loop;
  Engine engine(loop);
  Result out;
  JobId id = 0;
  bool cancelled = false;
  std::string seen;
  auto started = engine.start(command, [&](Result r) { out = std::move(r); },
                              [&](int, std::string_view bytes) {
                                seen += bytes;
                                if (at == CancelAt::first_line && !cancelled &&
                                    seen.find('\n') != std::string::npos) {
                                  cancelled = true;
                                  engine.cancel(id);
                                }
                              });
  if (auto* r = std::get_if<Result>(&started)) return std::move(*r);
  id = std::get<JobId>(started);
  if (at == CancelAt::start) engine.cancel(id);
  loop.run();
  if (said) *said = seen;
  return out;
}

// libuv opens a process-wide pipe for signal delivery on first use and keeps
// it; a test binary opens it before any test counts fds.
class WarmUp : public ::testing::Environment {
  void SetUp() override {
    Loop loop;
    SignalWatch w(loop, SIGUSR2, [] {});
  }
};
inline const auto* const warm_up = ::testing::AddGlobalTestEnvironment(new WarmUp);

}  // namespace shoal::test_support

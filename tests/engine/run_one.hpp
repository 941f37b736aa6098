// Runs one command on a loop of its own and returns its Result: what most
// engine tests need.
#pragma once

#include <csignal>

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

// libuv opens a process-wide pipe for signal delivery on first use and keeps
// it; a test binary opens it before any test counts fds.
class WarmUp : public ::testing::Environment {
  void SetUp() override {
    Loop loop;
    SignalWatch w(loop, SIGUSR2, [] {});
  }
};

}  // namespace shoal::test_support

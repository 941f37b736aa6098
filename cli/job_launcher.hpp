// The one seam between the Runner's policy and the mechanism that runs its
// jobs, as ninja's CommandRunner is between its Builder and the
// subprocesses: everything runner*.cpp asks of the mechanism for a job --
// start its command with its output listener and its completion, signal
// or end the ones running, end what they left behind. EngineLauncher is the
// real one, the Engine on the Runner's loop. tests/unit/fake_launcher.hpp
// is the other: it records the commands started and lets a test end each
// with the Result it chooses, in any order, so that scheduling, retries,
// --halt and -k are tested in microseconds, without a process.
//
// The Fleet (a remote run's ssh connections) stays on the Engine itself:
// the seam is the job path only.
#pragma once

#include <chrono>
#include <functional>
#include <variant>

#include "shoal/engine.hpp"

namespace shoal::cli {

class JobLauncher {
 public:
  using Done = Engine::Done;
  using OutputListener = Engine::OutputListener;

  virtual ~JobLauncher() = default;

  // As Engine::start: the job's id, and `done` called once later from the
  // loop; or the Result at once when it cannot start (`done` never called).
  virtual std::variant<JobId, Result> start(const Command& command, Done done,
                                            OutputListener listener) = 0;
  // As the Engine's: `signum` to every running job's process group (on
  // the Engine, a remote run's ssh connections too: they are its jobs).
  virtual void signal_all(int signum) = 0;
  // As the Engine's: every running job ended as a timeout ends it.
  virtual void end_all() = 0;
  // As the Engine's: to what ended jobs left in their process groups.
  virtual void signal_left_behind(int signum) = 0;
  virtual void end_left_behind(std::chrono::milliseconds grace, std::function<void()> done) = 0;
};

// The jobs as processes, on the Engine.
class EngineLauncher final : public JobLauncher {
 public:
  explicit EngineLauncher(Engine& engine) : engine_(engine) {}

  std::variant<JobId, Result> start(const Command& command, Done done,
                                    OutputListener listener) override {
    return engine_.start(command, std::move(done), std::move(listener));
  }
  void signal_all(int signum) override { engine_.signal_all(signum); }
  void end_all() override { engine_.end_all(); }
  void signal_left_behind(int signum) override { engine_.signal_left_behind(signum); }
  void end_left_behind(std::chrono::milliseconds grace, std::function<void()> done) override {
    engine_.end_left_behind(grace, std::move(done));
  }

 private:
  Engine& engine_;
};

}  // namespace shoal::cli

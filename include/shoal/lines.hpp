// LineReader: a running command's standard output, line by line, as it
// comes -- for "start the server, tail its log until READY, then go on".
// asyncio's create_subprocess_exec + readline; eventlet's green subprocess.
//
//   shoal::LineReader server(shoal::Command::exec({"./server", "--port", "8080"}));
//   // in a task:
//   while (std::optional<std::string> line = co_await server.next_line())
//     if (*line == "READY") break;                // the server runs on
//   ...
//   server.cancel();                              // TERM its group, KILL after the grace
//   shoal::Result r = co_await server.result();   // status, all its output, times
//
// The command starts at once, on the hub given (or the thread's default
// hub), outside any pool. next_line() gives each line of its stdout without
// the newline (a last line without one too), then nullopt once the command
// has ended and every line has been read; lines arrive as the command
// writes them, whatever the pipe's chunking. Lines not read yet are kept
// (the command is never held back). The Result still has the whole output
// (unless Command::capture is false).
//
// Waiting for a line is cancellable like any co_await; put a limit on it
// with with_timeout around the task that reads. Destroying the reader ends
// a command still running (TERM, then KILL after its grace) without
// waiting; tasks must not be waiting in it then.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <memory>
#include <optional>
#include <string>

#include "shoal/command.hpp"
#include "shoal/event.hpp"
#include "shoal/hub.hpp"
#include "shoal/queue.hpp"
#include "shoal/result.hpp"
#include "shoal/task.hpp"

namespace shoal {

class LineReader {
 public:
  explicit LineReader(Command command);
  LineReader(Hub& hub, Command command);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // co_await: the next line of stdout, or nullopt after the last.
  Task<std::optional<std::string>> next_line();
  // co_await (once): the command's Result, when it has ended.
  Task<Result> result();

  // Ends the command as a timeout would (TERM, then KILL after its grace).
  void cancel();
  bool running() const;
  // Lines received and not read yet.
  std::size_t buffered() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace shoal

#pragma GCC visibility pop

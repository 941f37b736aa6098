// LineReader: a command's stdout cut into lines for tasks. See
// include/shoal/lines.hpp for why it exists. The engine's callbacks hold
// the shared state, so a reader destroyed while its command runs leaves
// nothing dangling.
#include "shoal/lines.hpp"

#include <utility>
#include <variant>

#include "shoal/engine.hpp"

namespace shoal {

struct LineReader::State {
  Engine* engine = nullptr;
  JobId id = 0;
  bool running = false;
  std::string partial;  // the start of a line whose newline has not come yet
  // Each line; nullopt once after the last.
  Queue<std::optional<std::string>> lines;
  Event<> ended;
  std::optional<Result> result;

  void take(std::string_view bytes) {
    for (std::size_t nl; (nl = bytes.find('\n')) != std::string_view::npos;) {
      partial.append(bytes.substr(0, nl));
      (void)lines.try_put(std::exchange(partial, {}));
      bytes.remove_prefix(nl + 1);
    }
    partial.append(bytes);
  }
  void finish(Result r) {
    running = false;
    if (!partial.empty()) (void)lines.try_put(std::exchange(partial, {}));
    (void)lines.try_put(std::nullopt);
    result = std::move(r);
    ended.set();
  }
};

LineReader::LineReader(Command command) : LineReader(Hub::current(), std::move(command)) {}

LineReader::LineReader(Hub& hub, Command command) : state_(std::make_shared<State>()) {
  state_->engine = &hub.engine();
  auto started = hub.engine().start(
      command,
      [s = state_](Result r) { s->finish(std::move(r)); },
      // The listener is called only while the job runs, and the done
      // callback above holds the state until then.
      [raw = state_.get()](int stream, std::string_view bytes) {
        if (stream == 1) raw->take(bytes);
      });
  if (auto* not_started = std::get_if<Result>(&started)) {
    state_->finish(std::move(*not_started));
  } else {
    state_->id = std::get<JobId>(started);
    state_->running = true;
  }
}

LineReader::~LineReader() { cancel(); }

void LineReader::cancel() {
  if (state_->running) state_->engine->cancel(state_->id);
}

bool LineReader::running() const { return state_->running; }

std::size_t LineReader::buffered() const {
  std::size_t n = state_->lines.size();
  return n > 0 && !state_->running ? n - 1 : n;  // the end mark is not a line
}

Task<std::optional<std::string>> LineReader::next_line() {
  std::shared_ptr<State> s = state_;
  std::optional<std::string> line = co_await s->lines.get();
  if (!line) (void)s->lines.try_put(std::nullopt);  // the end stays the end
  co_return line;
}

Task<Result> LineReader::result() {
  std::shared_ptr<State> s = state_;
  co_await s->ended.wait();
  co_return std::move(*s->result);
}

}  // namespace shoal

// Wait until a VM is ACTIVE (the brief's fourth job): poll `nova show` at a
// fixed interval -- measured start to start -- until it says ACTIVE or a
// deadline passes.
//
//   wait_active NOVA SERVER [INTERVAL_MS=500] [DEADLINE_S=300]
#include <shoal/shoal.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

shoal::Task<std::string> wait_active(std::string nova, std::string server,
                                     std::chrono::milliseconds interval,
                                     std::chrono::seconds deadline, int& polls) {
  shoal::FixedIntervalLoopingCall<std::string> poll(
      [&]() -> shoal::Task<shoal::LoopStep<std::string>> {
        ++polls;
        auto show = shoal::Command::exec({nova, "show", server});
        shoal::Result r = co_await shoal::run(std::move(show));
        if (r.status != shoal::Status::ok) throw std::runtime_error("nova show failed: " + r.err.str());
        std::string out = r.out.str();
        if (out.find("ACTIVE") != std::string::npos) co_return shoal::LoopingCallDone{out};
        if (out.find("ERROR") != std::string::npos) throw std::runtime_error(server + " went to ERROR");
        co_return {};  // not yet: again at the next interval
      });
  auto r = co_await shoal::with_timeout(deadline, poll.start(interval));
  if (!r && r.error().code == shoal::Errc::timed_out)
    throw std::runtime_error("not ACTIVE within " + std::to_string(deadline.count()) + " s");
  co_return std::move(r).value();  // or what the poll threw
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: wait_active NOVA SERVER [INTERVAL_MS] [DEADLINE_S]\n");
    return 2;
  }
  std::chrono::milliseconds interval(argc > 3 ? std::atoi(argv[3]) : 500);
  std::chrono::seconds deadline(argc > 4 ? std::atoi(argv[4]) : 300);

  auto t0 = std::chrono::steady_clock::now();
  int polls = 0;
  shoal::Pool pool(1);
  auto r = pool.spawn(wait_active(argv[1], argv[2], interval, deadline, polls)).wait();
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
  if (!r) {
    std::printf("%s: %s (%d polls, %.1f s)\n", argv[2], r.error().message.c_str(), polls, took.count());
    return 1;
  }
  std::printf("%s is ACTIVE after %d polls in %.1f s\n", argv[2], polls, took.count());
  return 0;
}

// Verify a migration (the brief's third job): for every image, pull it,
// check it, remove it -- with a time limit on the three together -- and put
// it in exactly one list: succeeded, failed (with the error), timed out.
// Each list is written one name a line, ready to be fed back in.
//
//   verify_images DOCKER IMAGES_FILE OUT_DIR [TIMEOUT_SECONDS=600] [WORKERS=20]
#include <shoal/shoal.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Lists {
  std::vector<std::string> succeeded, failed, timed_out, errors;
};

// One step; a failing step ends the image with the step's error text.
shoal::Task<void> must_succeed(shoal::Command command) {
  std::string step = command.argv.at(1);
  shoal::Result r = co_await shoal::run(std::move(command));
  if (r.status == shoal::Status::ok) co_return;
  std::string why = r.err.str();
  if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
  if (why.empty()) why = step + " exited with " + std::to_string(r.exit_code);
  throw std::runtime_error(why);
}

// The check itself: one short function. (The commands are built before
// co_await: GCC 12 miscompiles a braced list inside a co_await expression.)
shoal::Task<void> pull_check_remove(std::string docker, std::string image) {
  auto pull = shoal::Command::exec({docker, "pull", image});
  auto check = shoal::Command::exec({docker, "run", "--rm", image, "true"});
  auto remove = shoal::Command::exec({docker, "rmi", image});
  co_await must_succeed(std::move(pull));
  co_await must_succeed(std::move(check));
  co_await must_succeed(std::move(remove));
}

shoal::Task<void> verify(std::string docker, std::string image, std::chrono::seconds limit,
                         Lists& lists) {
  // The limit covers all three steps; when it passes, the step running then
  // is ended (its whole process group) and the task unwinds.
  auto r = co_await shoal::with_timeout(limit, pull_check_remove(docker, image));
  if (r) {
    lists.succeeded.push_back(image);
  } else if (r.error().code == shoal::Errc::timed_out) {
    lists.timed_out.push_back(image);
  } else {
    lists.failed.push_back(image);
    lists.errors.push_back(image + ": " + r.error().message);
  }
}

bool write_list(const std::string& path, const std::vector<std::string>& names) {
  std::ofstream out(path);
  for (auto& n : names) out << n << '\n';
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: verify_images DOCKER IMAGES_FILE OUT_DIR [TIMEOUT_SECONDS] [WORKERS]\n");
    return 2;
  }
  std::string docker = argv[1], out_dir = argv[3];
  std::ifstream images(argv[2]);
  if (!images) {
    std::fprintf(stderr, "verify_images: cannot read %s\n", argv[2]);
    return 2;
  }
  std::chrono::seconds limit(argc > 4 ? std::atoi(argv[4]) : 600);
  std::size_t workers = argc > 5 ? std::strtoul(argv[5], nullptr, 10) : 20;

  auto t0 = std::chrono::steady_clock::now();
  Lists lists;
  shoal::Pool pool(workers);
  for (std::string image; std::getline(images, image);)
    if (!image.empty()) pool.spawn_n(verify, docker, image, limit, std::ref(lists));
  if (auto done = pool.wait_all(); !done) {
    std::fprintf(stderr, "verify_images: %s\n", done.error().message.c_str());
    return 2;
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;

  for (auto& e : lists.errors) std::printf("failed: %s\n", e.c_str());
  if (!write_list(out_dir + "/succeeded.txt", lists.succeeded) ||
      !write_list(out_dir + "/failed.txt", lists.failed) ||
      !write_list(out_dir + "/timed-out.txt", lists.timed_out)) {
    std::fprintf(stderr, "verify_images: cannot write the lists in %s\n", out_dir.c_str());
    return 2;
  }
  std::printf("succeeded %zu, failed %zu, timed out %zu, in %.1f s\n", lists.succeeded.size(),
              lists.failed.size(), lists.timed_out.size(), took.count());
  return lists.failed.empty() && lists.timed_out.empty() ? 0 : 1;
}

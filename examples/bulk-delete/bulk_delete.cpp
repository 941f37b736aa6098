// Bulk delete (the brief's first job): one `nova delete ID` per line of a
// file, at most N at a time, one failure never stopping the others, the
// total time reported. No thread per delete: a pool of 100 is 100 child
// processes and one thread.
//
//   bulk_delete NOVA IDS_FILE [WORKERS]
//
// with the bundled stand-in: bulk_delete examples/bulk-delete/nova examples/bulk-delete/vm-ids.txt 100
#include <shoal/shoal.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bulk_delete NOVA IDS_FILE [WORKERS]\n");
    return 2;
  }
  std::string nova = argv[1];
  std::ifstream ids_file(argv[2]);
  if (!ids_file) {
    std::fprintf(stderr, "bulk_delete: cannot read %s\n", argv[2]);
    return 2;
  }
  std::size_t workers = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 20;

  auto t0 = std::chrono::steady_clock::now();
  shoal::Pool pool(workers);
  std::vector<std::string> ids;
  std::vector<shoal::GreenThread<shoal::Result>> deletes;
  for (std::string id; std::getline(ids_file, id);) {
    if (id.empty()) continue;
    ids.push_back(id);
    // Past `workers`, spawn queues the job; it starts when a slot is free.
    deletes.push_back(pool.spawn(shoal::Command::exec({nova, "delete", id})));
  }

  int failed = 0;
  for (std::size_t i = 0; i < deletes.size(); ++i) {
    auto& r = deletes[i].wait();  // an Expected<Result>: a failed delete is a Result too
    if (r && r->status == shoal::Status::ok) continue;
    ++failed;
    std::string why = r ? r->err.str() : r.error().message;
    if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
    std::printf("failed: %s: %s\n", ids[i].c_str(), why.c_str());
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
  std::printf("deleted %zu of %zu, %d failed, in %.1f s with %zu workers\n", ids.size() - failed,
              ids.size(), failed, took.count(), workers);
  return failed == 0 ? 0 : 1;
}

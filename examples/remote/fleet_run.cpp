// One command on many hosts (the brief's second job): `uptime` on a fleet
// through the system's own ssh, with exit status, output and time for every
// host, the slow ones named, an unreachable host an error among successes.
//
//   fleet_run "SSH COMMAND" HOSTS COMMAND [WIDTH]
//
// for instance: fleet_run ssh 'web[01-20],db[1,3]' uptime 50
#include <shoal/shoal.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: fleet_run \"SSH COMMAND\" HOSTS COMMAND [WIDTH]\n");
    return 2;
  }
  shoal::SshSettings ssh;
  ssh.ssh.clear();
  std::istringstream words(argv[1]);
  for (std::string w; words >> w;) ssh.ssh.push_back(w);

  std::vector<shoal::SshLogin> logins;
  std::string error;
  if (!shoal::parse_sshlogins(argv[2], logins, error)) {
    std::fprintf(stderr, "fleet_run: %s\n", error.c_str());
    return 2;
  }
  logins = shoal::unique_logins(std::move(logins));
  std::size_t width = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 64;

  shoal::Pool pool(width);
  std::vector<shoal::GreenThread<shoal::Result>> runs;
  for (const auto& login : logins)
    runs.push_back(pool.spawn(shoal::ssh_command(ssh, login, argv[3])));

  struct Took {
    double seconds;
    std::string host;
  };
  std::vector<Took> times;
  int not_ok = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string host = logins[i].name();
    auto& r = runs[i].wait();
    if (!r) {
      std::printf("%s: error: %s\n", host.c_str(), r.error().message.c_str());
      ++not_ok;
      continue;
    }
    times.push_back({r->duration().count(), host});
    // ssh's own exit status 255: it could not reach the host.
    if (r->status == shoal::Status::failed && r->exit_code == 255) {
      std::string why = r->err.str();
      while (!why.empty() && why.back() == '\n') why.pop_back();
      std::printf("%s: unreachable: %s\n", host.c_str(), why.c_str());
      ++not_ok;
      continue;
    }
    if (r->status != shoal::Status::ok) ++not_ok;
    std::printf("%s: %s, exit %d, %.2f s\n", host.c_str(),
                std::string(shoal::to_string(r->status)).c_str(), r->exit_code,
                r->duration().count());
    std::string out = r->out.str();
    if (!out.empty()) std::printf("  %s", out.c_str());
  }
  std::sort(times.begin(), times.end(),
            [](const Took& a, const Took& b) { return a.seconds > b.seconds; });
  std::printf("%zu hosts, %d not ok; slowest:", logins.size(), not_ok);
  for (std::size_t i = 0; i < std::min<std::size_t>(3, times.size()); ++i)
    std::printf(" %s (%.2f s)", times[i].host.c_str(), times[i].seconds);
  std::printf("\n");
  return not_ok == 0 ? 0 : 1;
}

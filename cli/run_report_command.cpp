// `shoal report [-o FILE.html] LOG...`: the report of an earlier run, or of a
// run on another machine, from its joblog or its --json lines. A command of
// its own rather than an option, since it runs no jobs; `shoal -- report`
// still runs a command named report.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "run_report.hpp"
#include "ending.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

constexpr const char* usage =
    "Usage: shoal report [-o FILE.html] LOG...\n"
    "Writes the report of a run as one HTML page (no network needed, open it from disk)\n"
    "from its joblog (--joblog FILE) or its --json lines; - reads stdin. Several logs\n"
    "make one report. Without -o the page goes to stdout.\n"
    "  -o, --output FILE   write the page to FILE\n"
    "  -h, --help          this help\n"
    "Exit status: 0 written; 255 a log that cannot be read, or the page not written.\n";

// Said as `shoal: report: MESSAGE`; the exit status.
int refused(const std::string& message) {
  say("report: " + message);
  return 255;
}

}  // namespace

int report_command(int argc, const char* const* argv) {
  std::string output;
  std::vector<std::string> logs;
  bool options_done = false;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (!options_done && (arg == "-h" || arg == "--help")) {
      shoal::write_all(1, usage);
      return 0;
    } else if (!options_done && (arg == "-o" || arg == "--output")) {
      if (i + 1 == argc) return refused(arg + " needs a file name (see shoal report --help)");
      output = argv[++i];
    } else if (!options_done && arg.starts_with("--output=")) {
      output = arg.substr(9);
    } else if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg.size() > 1 && arg[0] == '-') {
      return refused("unknown option: " + arg + " (see shoal report --help)");
    } else {
      logs.push_back(arg);
    }
  }
  if (logs.empty()) return refused("name the joblog or --json output to report on (- for stdin)");
  if (output.empty() && ::isatty(1))
    return refused("the report is an HTML page: give -o FILE.html or redirect stdout");

  RunRecord record;
  for (const auto& log : logs) {
    Checked<void> read;
    if (log == "-") {
      read = read_run_log(std::cin, "stdin", record);
    } else {
      std::ifstream in(log, std::ios::binary);
      if (!in) return refused("cannot open " + log + ": " + std::strerror(errno));
      read = read_run_log(in, log, record);
    }
    if (!read) return refused(read.error());
    record.source += (record.source.empty() ? "" : ", ") + (log == "-" ? std::string("stdin") : log);
  }
  std::string page = render_report_html(record);
  if (output.empty()) {
    if (int e = shoal::write_all(1, page); e != 0)
      return refused(std::string("cannot write stdout: ") + std::strerror(e));
    return 0;
  }
  if (auto written = write_report_file(output, page); !written) return refused(written.error());
  return 0;
}

namespace {
Failure cannot_write(const std::string& path, int e) {
  return fail("cannot write the report " + path + ": " + std::strerror(e));
}
}  // namespace

Checked<void> check_report_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (fd < 0) return cannot_write(path, errno);
  ::close(fd);
  return {};
}

Checked<void> write_report_file(const std::string& path, const std::string& page) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return cannot_write(path, errno);
  int e = shoal::write_all(fd, page);
  if (::close(fd) != 0 && e == 0) e = errno;
  if (e != 0) return cannot_write(path, e);
  return {};
}

}  // namespace shoal::cli

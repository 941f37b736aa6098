// GNU parallel's files for spread jobs -- --transferfile, --return,
// --cleanup, --basefile and --workdir -- as text: where each file is here
// and on the host, and the /bin/sh script that runs one job with them.
// Kept pure, as copy_command.cpp is, so the rules are tested without a
// host; Fleet runs what it builds.
//
// The paths follow GNU's rules (man parallel, --transferfile): a relative
// path is relative to the work dir on the host and to the current dir
// here; `/./` in a path makes the rest relative to the work dir; any other
// absolute path is the same path on both sides. Every step goes through
// the host's shared connection like the job itself: rsync with its paths
// inside its protocol (-s), the rest quoted for the remote shell.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shoal/ssh.hpp"

namespace shoal::cli {

// One job's files, their replacement strings filled in.
struct JobFiles {
  std::vector<std::string> transfer;  // local paths, as written
  std::vector<std::string> returns;   // as written: the host's path and the local one
  std::string workdir = ".";          // on the host: relative to the login dir, or absolute
  bool cleanup = false;
  bool remove_workdir = false;  // --wd ...: the work dir is the job's own, removed with it
};

// GNU's tidying of a --workdir value: /./ is /, no trailing /, no leading ./.
std::string normal_workdir(std::string_view workdir);
// --wd .: `cwd`, relative to `home` when it lies below it ("." when it is it).
std::string dot_workdir(std::string_view cwd, std::string_view home);

// Where `file` is on the host: workdir/rel for a relative path or one
// with /./ (rel: what follows the first /./, as rsync -R reads it), else
// the absolute path. The same for a file sent, returned and removed: GNU
// reads the last /./ for --return and --cleanup, and so misses the file
// its rsync sent (docs/remote.md).
std::string remote_path(std::string_view file, std::string_view workdir);
// Where a returned `file` lands here: the path without its /./ marker.
std::string returned_path(std::string_view file);

// The remote command line made to run in `workdir` (made if missing);
// exit 255 if it cannot get there. "." leaves it as it is.
std::string in_workdir(std::string_view workdir, std::string_view remote_line);

// Shell lines, each ending in its status (none when there is nothing to do):
// the files sent to the host (rsync -R into workdir, or / for absolute paths;
// given up when no data moves for `stall_seconds`, if not 0),
std::string send_line(const SshSettings& s, const SshLogin& login,
                      const std::vector<std::string>& files, std::string_view workdir,
                      unsigned stall_seconds = 0);
// one returned file fetched into place here (rsync holds it under a
// temporary name until it is whole),
std::string fetch_line(const SshSettings& s, const SshLogin& login, std::string_view file,
                       std::string_view workdir);
// the files removed on the host, with `remove_workdir` the work dir
// itself (rm -rf), and with `remove_dirs` the directories left empty
// between the files and the login dir. Only once no job can be using them:
// a job's rmdir would race another's rsync, which makes its directories
// and enters them a moment later.
std::string remove_line(const SshSettings& s, const SshLogin& login,
                        const std::vector<std::string>& files, std::string_view workdir,
                        bool remove_workdir, bool remove_dirs);

// /bin/sh -c <script>: send, then `job_argv` (the job's ssh), then fetch
// and clean up; its exit status is the job's, else a failed fetch's. A
// failed send ends it with rsync's status before the job runs.
std::vector<std::string> transfer_job_argv(const SshSettings& s, const SshLogin& login,
                                           const JobFiles& files,
                                           std::vector<std::string> job_argv);

}  // namespace shoal::cli

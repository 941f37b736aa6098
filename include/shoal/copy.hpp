// Copying files to and from a host through the system's ssh, as pdcp and
// rpdcp, clush --copy and --rcopy do: the command line that does one
// host's copy. Only text here, as in ssh.hpp -- an Engine or a Pool runs
// it. The copy goes through the host's shared connection when
// SshSettings::control_dir names one.
//
// rsync is the tool when both ends have it: it keeps mode and times, and it
// writes each file under a temporary name and renames it once complete
// (a directory's files all at the end: --delay-updates), so a copy cut
// short never leaves a file that looks whole. scp is the fallback, in its
// SFTP mode; it writes in place, so it writes into a staging directory
// beside the copies, renamed into place once all has arrived. Both copy
// what a symbolic link points to, as pdcp and clush do. The command is a
// small /bin/sh script: with Tool::automatic a push runs rsync, and if the
// host has none (its shell says so on stderr before rsync would start
// there) runs scp instead. A pull always lands in a staging directory, so
// rsync's temporary names add nothing there: Tool::automatic pulls with
// scp, which needs no rsync on the host and is the cheaper of the two.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <string>
#include <string_view>
#include <vector>

#include "shoal/ssh.hpp"

namespace shoal {

struct CopySpec {
  enum class Direction { push, pull };
  // automatic: a push by rsync, or scp on a host without rsync (the
  // caller decides on scp when this machine has no rsync: see
  // local_rsync_available); a pull by scp. Both by rsync alone when scp
  // cannot run the ssh command (scp_runs_ssh).
  enum class Tool { automatic, rsync, scp };
  Direction direction = Direction::push;
  Tool tool = Tool::automatic;
  // push: local files or directories; pull: paths on the host.
  std::vector<std::string> sources;
  // push: a directory on the host (made if missing); pull: a local
  // directory, where each source arrives as NAME.HOST (pulled_name).
  std::string dest;
};

// The name a pulled source gets in dest: its last path component, a dot,
// and the host's name() -- two hosts never write the same file. Empty when
// the source names no file of its own ("/", ".", "..", "").
std::string pulled_name(std::string_view source, const SshLogin& login);
// The source's last path component ("a/b/" -> "b"); empty as above.
std::string source_base_name(std::string_view source);

// A path given to rsync or scp as itself, never as an option nor a
// `host:` prefix: a relative path gets "./" in front ("-x" -> "./-x",
// "a:b" -> "./a:b").
std::string plain_path(std::string_view path);

// /bin/sh -c <script> for one host's copy. Its exit status is the tool's
// (rsync's or scp's); 255 when ssh could not reach the host.
std::vector<std::string> copy_argv(const SshSettings& s, const SshLogin& login,
                                   const CopySpec& spec);

// The staging directory of the host's copy inside dest: a pull's here, an
// scp push's on the host. ".shoal-partial." + login.name().
std::string staging_name(const SshLogin& login);

// A pull whose staging the caller does itself (the command line does, in
// its own process): the tool alone, run directly, copying every source
// into `stage`, a local directory that exists. The caller then renames
// stage/NAME to dest's pulled_name for each source. Exit status: the
// tool's; 255 when ssh could not reach the host.
std::vector<std::string> pull_argv(const SshSettings& s, const SshLogin& login, const CopySpec& spec,
                                   const std::string& stage);

// rsync's -e value for the login: ssh_client_argv's words in rsync's own
// quoting (rsync splits the string itself: inside '...' a doubled '' is one
// quote; no backslashes).
std::string rsync_ssh_option(const SshSettings& s, const SshLogin& login);

// An rsync option for a copy run by /bin/sh, not shell-quoted: the
// --delay-updates holding directory, named after that shell's pid, so that
// copies into one directory at the same time never share it (rsync's
// default, .~tmp~, is removed by the first to finish).
extern const char* const own_holding_dir;

// Whether scp can run ssh as `ssh` (SshSettings::ssh) says: scp takes the
// program alone (-S) and only the options it shares with ssh (-4 -6 -A -C
// -q -v, and -c -F -i -J -o with their values). A wrapper such as
// `setsid -w ssh` or `sshpass -f FILE ssh` is not for scp: Tool::automatic
// then uses rsync both ways (rsync takes any command as its -e).
bool scp_runs_ssh(const std::vector<std::string>& ssh);

// Whether `rsync` is found on this machine's PATH.
bool local_rsync_available();

}  // namespace shoal

#pragma GCC visibility pop

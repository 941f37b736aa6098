// Which hosts a run goes to, put together the way pdsh and clush users
// choose them: -S lists and --sshloginfile lines (a file, or `-` for
// stdin), `@group` references read from a groups file (host_groups.hpp),
// and -x/--exclude taking hosts back out. libshoal's parse_sshlogins knows
// logins and ranges; groups, files and exclusions are the command's.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"
#include "remote/host_groups.hpp"
#include "shoal/ssh.hpp"

namespace shoal::cli {

// What the command line says about hosts.
struct HostSelection {
  std::vector<std::string> sshlogins;      // -S values
  std::vector<std::string> sshloginfiles;  // --sshloginfile; "-" is stdin
  std::vector<std::string> excludes;       // -x values
  std::string groups_file;                 // --groups-file
};

// Where @groups are read from: --groups-file, else $SHOAL_GROUPS, else
// ${XDG_CONFIG_HOME:-~/.config}/shoal/groups. Empty if there is no home.
std::string groups_file_path(const std::string& option);

// Host lists with @group references in them. The groups are loaded (by
// `load`) the first time a reference needs them, so a run that names no
// group never reads, or trips over, a groups file.
class HostListParser {
 public:
  using Loader = std::function<Checked<void>(HostGroups& groups)>;
  explicit HostListParser(Loader load) : load_(std::move(load)) {}

  // One -S value or --sshloginfile line: `[N/][user@]host[:port]` items as
  // parse_sshlogins reads them, and `[N/][user@]@group` items, whose N/ and
  // user@ go to every host of the group (4/admin@@web).
  // Each adds to `out`.
  Checked<void> logins(std::string_view text, std::vector<SshLogin>& out);
  // One -x value: the same, without N/ (it means nothing there).
  Checked<void> excludes(std::string_view text, std::vector<SshLogin>& out);

 private:
  Checked<void> item(std::string_view item, bool exclude, std::vector<SshLogin>& out);

  Loader load_;
  HostGroups groups_;
  bool loaded_ = false;
};

// `logins` without those an exclusion names. The host part must be equal;
// an exclusion's user or port, when it has one, must be equal too. So
// `-x web1` leaves out admin@web1:2222 as well, `-x admin@web1` only the
// logins as admin.
std::vector<SshLogin> exclude_logins(std::vector<SshLogin> logins, const std::vector<SshLogin>& excluded);

// All of it: reads the files (and stdin for "-") and the groups file, and
// gives the logins, deduplicated, exclusions applied.
Checked<std::vector<SshLogin>> select_hosts(const HostSelection& selection);

// --list-hosts: the logins one per line on stdout, as the joblog's Host
// column names them. The exit status.
int print_hosts(const std::vector<SshLogin>& logins);

}  // namespace shoal::cli

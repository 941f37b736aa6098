#include "remote/host_selection.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "shoal/hosts.hpp"
#include "ending.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

// The whole of fd; 0 or the errno that stopped it.
int read_all(int fd, std::string& text) {
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return 0;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

int read_file(const std::string& path, std::string& text) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  int e = read_all(fd, text);
  ::close(fd);
  return e;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string groups_file_path(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("SHOAL_GROUPS"); env && *env) return env;
  // XDG: a relative XDG_CONFIG_HOME is to be ignored.
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/shoal/groups";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/shoal/groups";
  return {};
}

Checked<void> HostListParser::logins(std::string_view text, std::vector<SshLogin>& out) {
  for (std::string_view one : split_host_list(text))
    if (auto read = item(one, false, out); !read) return read;
  return {};
}

Checked<void> HostListParser::excludes(std::string_view text, std::vector<SshLogin>& out) {
  for (std::string_view one : split_host_list(text))
    if (auto read = item(one, true, out); !read) return read;
  return {};
}

Checked<void> HostListParser::item(std::string_view item, bool exclude, std::vector<SshLogin>& out) {
  std::string_view rest = item;
  std::string prefix;  // N/ and user@, for every host of a group
  if (auto slash = rest.find('/'); slash != std::string_view::npos && all_digits(rest.substr(0, slash))) {
    if (exclude)
      return fail("--exclude " + std::string(item) + ": N/ (jobs at once) means nothing in an exclusion");
    prefix = rest.substr(0, slash + 1);
    rest.remove_prefix(slash + 1);
  }
  std::string_view group;
  bool is_group = false;
  if (!rest.empty() && rest[0] == '@') {
    group = rest.substr(1);
    is_group = true;
  } else if (auto at = rest.find("@@"); at != std::string_view::npos) {
    prefix += rest.substr(0, at + 1);
    group = rest.substr(at + 2);
    is_group = true;
  }
  std::string error;
  if (!is_group) return parse_sshlogins(item, out, error) ? Checked<void>() : fail(error);

  if (group.find('/') != std::string_view::npos)
    return fail("bad sshlogin " + std::string(item) +
                ": @group/host is GNU parallel's --hostgroups, which shoal does not have; @name "
                "alone names a group of the groups file");
  if (group.empty()) return fail("bad sshlogin " + std::string(item) + ": a group name must follow @");
  if (!loaded_) {
    if (auto loaded = load_(groups_); !loaded)
      return fail(loaded.error() + " (needed for @" + std::string(group) + ")");
    loaded_ = true;
  }
  auto hosts = groups_.expand(group);
  if (!hosts) return hosts.failure();
  for (const auto& h : *hosts)
    if (!parse_sshlogins(prefix + h, out, error))
      return fail("@" + std::string(group) + " in " + groups_.origin() + ": " + error);
  return {};
}

std::vector<SshLogin> exclude_logins(std::vector<SshLogin> logins, const std::vector<SshLogin>& excluded) {
  // By host first: `-S 'n[1-99999]' -x 'n[1-50000]'` must not compare every
  // pair.
  std::unordered_multimap<std::string_view, const SshLogin*> by_host;
  for (const auto& x : excluded) by_host.emplace(x.host, &x);
  std::erase_if(logins, [&](const SshLogin& l) {
    auto [begin, end] = by_host.equal_range(l.host);
    return std::any_of(begin, end, [&](const auto& entry) {
      const SshLogin& x = *entry.second;
      return (x.user.empty() || x.user == l.user) && (x.port.empty() || x.port == l.port);
    });
  });
  return logins;
}

namespace {

// Reads the groups file, the first time an @group needs it.
Checked<void> load_groups(const HostSelection& selection, HostGroups& groups) {
  std::string path = groups_file_path(selection.groups_file);
  if (path.empty()) return fail("no groups file: give --groups-file FILE or set $SHOAL_GROUPS");
  std::string text;
  if (int e = read_file(path, text); e != 0)
    return fail("cannot read groups file " + path + ": " + std::strerror(e));
  return groups.parse(text, HostGroups::format_of(path), path);
}

// The -S values and --sshloginfile lines, in the order given.
Checked<void> given_logins(const HostSelection& selection, HostListParser& parser,
                           std::vector<SshLogin>& logins) {
  for (const auto& s : selection.sshlogins)
    if (auto read = parser.logins(s, logins); !read) return read;
  for (const auto& f : selection.sshloginfiles) {
    std::string text;
    bool from_stdin = f == "-";
    if (int e = from_stdin ? read_all(0, text) : read_file(f, text); e != 0)
      return fail("cannot read --sshloginfile " + f + ": " + std::strerror(e));
    std::string_view rest = text;
    for (std::size_t number = 1; !rest.empty(); ++number) {
      if (auto read = parser.logins(sshlogin_file_line(take_line(rest)), logins); !read)
        return fail((from_stdin ? std::string("--sshloginfile - (stdin)") : f) + " line " +
                    std::to_string(number) + ": " + read.error());
    }
  }
  return {};
}

}  // namespace

Checked<std::vector<SshLogin>> select_hosts(const HostSelection& selection) {
  HostListParser parser([&](HostGroups& groups) { return load_groups(selection, groups); });
  std::vector<SshLogin> logins;
  if (auto read = given_logins(selection, parser, logins); !read) return read.failure();
  bool given = !selection.sshlogins.empty() || !selection.sshloginfiles.empty();
  if (!selection.excludes.empty() && !given)
    return fail("--exclude takes hosts out of -S/--sshloginfile, and there are none");
  std::vector<SshLogin> excluded;
  for (const auto& x : selection.excludes)
    if (auto read = parser.excludes(x, excluded); !read) return read.failure();

  logins = unique_logins(std::move(logins));
  // `-S "$HOSTS"` with $HOSTS empty must not quietly run everything here.
  if (logins.empty() && given) return fail("no hosts in -S/--sshloginfile");
  auto left = exclude_logins(std::move(logins), excluded);
  if (left.empty() && given) return fail("no hosts left after --exclude");
  return left;
}

int print_hosts(const std::vector<SshLogin>& logins) {
  std::string text;
  for (const auto& l : logins) text += l.name() + '\n';
  int e = shoal::write_all(1, text);
  if (e == EPIPE) return 128 + SIGPIPE;  // the reader has what it wanted (`| head`)
  if (e != 0) {
    say(std::string("cannot write the host list: ") + std::strerror(e));
    return 255;
  }
  return 0;
}

}  // namespace shoal::cli

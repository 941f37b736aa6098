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

bool HostListParser::logins(std::string_view text, std::vector<SshLogin>& out, std::string& error) {
  for (std::string_view one : split_host_list(text))
    if (!item(one, false, out, error)) return false;
  return true;
}

bool HostListParser::excludes(std::string_view text, std::vector<SshLogin>& out, std::string& error) {
  for (std::string_view one : split_host_list(text))
    if (!item(one, true, out, error)) return false;
  return true;
}

bool HostListParser::item(std::string_view item, bool exclude, std::vector<SshLogin>& out, std::string& error) {
  std::string_view rest = item;
  std::string prefix;  // N/ and user@, for every host of a group
  if (auto slash = rest.find('/'); slash != std::string_view::npos && all_digits(rest.substr(0, slash))) {
    if (exclude) {
      error = "--exclude " + std::string(item) + ": N/ (jobs at once) means nothing in an exclusion";
      return false;
    }
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
  if (!is_group) return parse_sshlogins(item, out, error);

  if (group.find('/') != std::string_view::npos) {
    error = "bad sshlogin " + std::string(item) +
            ": @group/host is GNU parallel's --hostgroups, which shoal does not have; @name alone "
            "names a group of the groups file";
    return false;
  }
  if (group.empty()) {
    error = "bad sshlogin " + std::string(item) + ": a group name must follow @";
    return false;
  }
  if (!loaded_) {
    if (!load_(groups_, error)) {
      error += " (needed for @" + std::string(group) + ")";
      return false;
    }
    loaded_ = true;
  }
  std::vector<std::string> hosts;
  if (!groups_.expand(group, hosts, error)) return false;
  for (const auto& h : hosts)
    if (!parse_sshlogins(prefix + h, out, error)) {
      error = "@" + std::string(group) + " in " + groups_.origin() + ": " + error;
      return false;
    }
  return true;
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

bool select_hosts(const HostSelection& selection, std::vector<SshLogin>& out, std::string& error) {
  HostListParser parser([&](HostGroups& groups, std::string& why) {
    std::string path = groups_file_path(selection.groups_file);
    if (path.empty()) {
      why = "no groups file: give --groups-file FILE or set $SHOAL_GROUPS";
      return false;
    }
    std::string text;
    if (int e = read_file(path, text); e != 0) {
      why = "cannot read groups file " + path + ": " + std::strerror(e);
      return false;
    }
    return groups.parse(text, HostGroups::format_of(path), path, why);
  });

  std::vector<SshLogin> logins;
  for (const auto& s : selection.sshlogins)
    if (!parser.logins(s, logins, error)) return false;
  for (const auto& f : selection.sshloginfiles) {
    std::string text;
    bool from_stdin = f == "-";
    if (int e = from_stdin ? read_all(0, text) : read_file(f, text); e != 0) {
      error = "cannot read --sshloginfile " + f + ": " + std::strerror(e);
      return false;
    }
    std::string_view rest = text;
    for (std::size_t number = 1; !rest.empty(); ++number) {
      if (!parser.logins(sshlogin_file_line(take_line(rest)), logins, error)) {
        error = (from_stdin ? std::string("--sshloginfile - (stdin)") : f) + " line " + std::to_string(number) + ": " + error;
        return false;
      }
    }
  }
  bool given = !selection.sshlogins.empty() || !selection.sshloginfiles.empty();
  if (!selection.excludes.empty() && !given) {
    error = "--exclude takes hosts out of -S/--sshloginfile, and there are none";
    return false;
  }
  std::vector<SshLogin> excluded;
  for (const auto& x : selection.excludes)
    if (!parser.excludes(x, excluded, error)) return false;

  logins = unique_logins(std::move(logins));
  // `-S "$HOSTS"` with $HOSTS empty must not quietly run everything here.
  if (logins.empty() && given) {
    error = "no hosts in -S/--sshloginfile";
    return false;
  }
  out = exclude_logins(std::move(logins), excluded);
  if (out.empty() && given) {
    error = "no hosts left after --exclude";
    return false;
  }
  return true;
}

int print_hosts(const std::vector<SshLogin>& logins) {
  std::string text;
  for (const auto& l : logins) text += l.name() + '\n';
  int e = shoal::write_all(1, text);
  if (e == EPIPE) return 128 + SIGPIPE;  // the reader has what it wanted (`| head`)
  if (e != 0) {
    shoal::write_all(2, std::string("shoal: cannot write the host list: ") + std::strerror(e) + "\n");
    return 255;
  }
  return 0;
}

}  // namespace shoal::cli

#include "shoal/ssh.hpp"

#include <charconv>
#include <fstream>
#include <unordered_set>

#include "shoal/hosts.hpp"



namespace shoal {

std::string SshLogin::name() const {
  if (local()) return ":";
  std::string n = user.empty() ? host : user + "@" + host;
  return port.empty() ? n : n + ":" + port;
}

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// One login, ranges and all, without the commas between logins.
bool parse_one(std::string_view text, std::vector<SshLogin>& out, std::string& error) {
  SshLogin login;
  std::string_view rest = text;
  if (auto slash = rest.find('/'); slash != std::string_view::npos && all_digits(rest.substr(0, slash))) {
    std::from_chars(rest.data(), rest.data() + slash, login.slots);
    if (login.slots == 0) {
      error = "bad sshlogin " + std::string(text) + ": the number of slots must be at least 1";
      return false;
    }
    rest.remove_prefix(slash + 1);
  }
  if (rest == ":") {
    login.host = ":";
    out.push_back(login);
    return true;
  }
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    login.user = std::string(rest.substr(0, at));
    rest.remove_prefix(at + 1);
  }
  // A port after the last colon, unless the colons belong to an IPv6 address.
  if (auto colon = rest.rfind(':'); colon != std::string_view::npos &&
                                    rest.find(':') == colon && rest.find(']', colon) == std::string_view::npos) {
    std::string_view port = rest.substr(colon + 1);
    if (!all_digits(port)) {
      error = "bad sshlogin " + std::string(text) + ": the port must be a number";
      return false;
    }
    login.port = std::string(port);
    rest = rest.substr(0, colon);
  }
  // A leading '-' would reach ssh as an option (-oProxyCommand=...).
  if (rest.empty() || rest.front() == '-' || (!login.user.empty() && login.user.front() == '-') ||
      login.user.find_first_of(" \t") != std::string::npos ||
      rest.find_first_of(" \t") != std::string_view::npos || (login.user.empty() && text.find('@') != std::string_view::npos)) {
    error = "bad sshlogin " + std::string(text) + ": expected [N/][user@]host[:port]";
    return false;
  }
  // The cap on hosts counts those already in `out`: thirty -S items of
  // 99,999 hosts are 3 million hosts however they are written.
  std::vector<std::string> hosts = expand_hosts(rest, error, out.size());
  if (!error.empty()) return false;
  for (auto& h : hosts) {
    login.host = std::move(h);
    out.push_back(login);
  }
  return true;
}

}  // namespace

bool parse_sshlogins(std::string_view text, std::vector<SshLogin>& out, std::string& error) {
  for (std::string_view one : split_host_list(text))
    if (!parse_one(one, out, error)) return false;
  return true;
}

std::string_view sshlogin_file_line(std::string_view line) {
  line = line.substr(0, line.find('#'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a file written on Windows
  return line;
}

bool read_sshlogin_file(const std::string& path, std::vector<SshLogin>& out, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read --sshloginfile " + path;
    return false;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!parse_sshlogins(sshlogin_file_line(line), out, error)) {
      error = path + " line " + std::to_string(number) + ": " + error;
      return false;
    }
  }
  return true;
}

std::vector<SshLogin> unique_logins(std::vector<SshLogin> logins) {
  std::vector<SshLogin> out;
  std::unordered_set<std::string> seen;
  for (auto& l : logins)
    if (seen.insert(l.name()).second) out.push_back(std::move(l));
  return out;
}

}  // namespace shoal

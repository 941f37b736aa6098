// GNU parallel's sshlogins: `[N/][user@]host[:port]`, comma-separated, from
// -S or a --sshloginfile; `:` is this machine. Host ranges expand inside
// each one (`4/admin@web[01-20]`), and the same login written twice runs
// once. Pure parsing, tested without ssh.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::cli {

struct SshLogin {
  std::size_t slots = 0;  // N/ prefix; 0: as -j says
  std::string user;       // empty: ssh's own choice (config, or the local user)
  std::string host;       // ":" for this machine
  std::string port;       // empty: ssh's own choice

  bool local() const { return host == ":"; }
  // What the joblog's Host column and the reports show: [user@]host[:port].
  std::string name() const;
};

// Parses one -S value (or one line of a --sshloginfile) and appends its
// logins. On bad input returns false with a one-line `error`.
bool parse_sshlogins(std::string_view text, std::vector<SshLogin>& out, std::string& error);

// The lines of a --sshloginfile: blank lines and # comments are skipped.
bool read_sshlogin_file(const std::string& path, std::vector<SshLogin>& out, std::string& error);

// Drops logins whose name() came before; the first one's slots stay.
std::vector<SshLogin> unique_logins(std::vector<SshLogin> logins);

}  // namespace shoal::cli

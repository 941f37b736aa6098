// The command line of one host's copy (copy.hpp): a /bin/sh script built
// from shell-quoted words, so that no file name is ever parsed as shell
// syntax, an option or a `host:` prefix. Every path on the host travels
// inside rsync's protocol (-s, --secluded-args) or scp's SFTP requests, not
// through the host's shell; only --dest's mkdir is a shell word there,
// quoted.
#include "shoal/copy.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "shoal/quote.hpp"

namespace shoal {

namespace {

std::string join_quoted(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += shell_quote(w);
  }
  return out;
}

// rsync splits -e's string itself: spaces part words, and inside '...' a
// doubled '' is one quote (rsync's main.c, do_cmd). No backslashes.
std::string rsync_shell_word(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> ssh_words(const SshSettings& s, const SshLogin& login) {
  std::vector<std::string> argv = s.ssh;
  auto o = ssh_client_options(s, login);
  argv.insert(argv.end(), o.begin(), o.end());
  if (!login.port.empty()) argv.insert(argv.end(), {"-p", login.port});
  if (!login.user.empty()) argv.insert(argv.end(), {"-l", login.user});
  return argv;
}

// What the host's shell says, on stderr, when it has no rsync. rsync
// itself would only report a closed connection (exit 12), as for any other
// failure of the host's side.
constexpr const char* no_rsync = "shoal: no rsync on this host";

// rsync -a keeps mode, times and links as pdcp -p does; -s sends the paths
// inside its protocol, never through the host's shell. `before` runs on the
// host first (push: make --dest).
std::vector<std::string> rsync_words(const SshSettings& s, const SshLogin& login,
                                     const std::string& before) {
  std::string rsh;
  for (const auto& w : ssh_words(s, login)) {
    if (!rsh.empty()) rsh += ' ';
    rsh += rsync_shell_word(w);
  }
  std::string path = before + "{ command -v rsync >/dev/null 2>&1 || { echo '" + no_rsync +
                     "' >&2; exit 127; }; } && rsync";
  return {"rsync", "-a", "-s", "-e", rsh, "--rsync-path=" + path};
}

// Runs `rsync`, and `scp` if the host turned out to have no rsync;
// rsync's words are held back until it is known they are not that.
std::string rsync_else_scp(const std::string& rsync, const std::string& scp) {
  return "e=$(" + rsync + " 2>&1); s=$?; case \"$e\" in *'" + no_rsync + "'*) " + scp +
         ";; *) [ -z \"$e\" ] || printf '%s\\n' \"$e\" >&2;; esac; ";
}

// scp takes the ssh program with -S and shares ssh's -F -i -o -J -c: the
// rest of --ssh's words are given to scp as they are.
std::vector<std::string> scp_words(const SshSettings& s, const SshLogin& login) {
  std::vector<std::string> argv{"scp"};
  if (s.ssh.size() != 1 || s.ssh[0] != "ssh") {
    argv.insert(argv.end(), {"-S", s.ssh.at(0)});
    argv.insert(argv.end(), s.ssh.begin() + 1, s.ssh.end());
  }
  auto o = ssh_client_options(s, login);
  argv.insert(argv.end(), o.begin(), o.end());
  if (!login.port.empty()) argv.insert(argv.end(), {"-P", login.port});
  if (!login.user.empty()) argv.insert(argv.end(), {"-o", "User=" + login.user});
  argv.insert(argv.end(), {"-p", "-r"});
  return argv;
}

std::string strip_trailing_slashes(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return std::string(p);
}

std::string push_script(const SshSettings& s, const SshLogin& login, const CopySpec& spec) {
  std::string dir = plain_path(spec.dest);
  std::string target = login.host + ":" + dir + (dir.back() == '/' ? "" : "/");
  std::vector<std::string> sources;
  for (const auto& src : spec.sources) sources.push_back(plain_path(src));
  std::string mkdir = "mkdir -p -- " + shell_quote(dir);

  auto rsync = rsync_words(s, login, mkdir + " && ");
  rsync.push_back("--");
  rsync.insert(rsync.end(), sources.begin(), sources.end());
  rsync.push_back(target);

  auto ssh = ssh_words(s, login);
  ssh.insert(ssh.end(), {login.host, "--", mkdir});
  auto scp = scp_words(s, login);
  scp.push_back("--");
  scp.insert(scp.end(), sources.begin(), sources.end());
  scp.push_back(target);
  std::string by_scp = join_quoted(ssh) + " </dev/null || exit; exec " + join_quoted(scp);

  switch (spec.tool) {
    case CopySpec::Tool::rsync: return "exec " + join_quoted(rsync);
    case CopySpec::Tool::scp: return by_scp;
    case CopySpec::Tool::automatic: break;
  }
  return rsync_else_scp(join_quoted(rsync), by_scp) + "exit \"$s\"";
}

// Pulled into a staging directory of the host's own beside the results,
// then renamed into place once the whole copy has arrived: a pull cut short
// or failed leaves no NAME.HOST that looks complete, and an earlier copy
// stays as it was until the new one is whole. (A file replaces the old one
// in one rename; a directory's old copy is removed just before.) Staging
// from a run that was killed (SIGKILL: nothing can clean up) is cleared
// first.
std::string pull_script(const SshSettings& s, const SshLogin& login, const CopySpec& spec) {
  std::string dir = plain_path(spec.dest);
  std::string stage = shell_quote(dir + "/.shoal-partial." + login.name());
  std::string script = "rm -rf -- " + stage + "; mkdir -p -- " + stage + " || exit; ";
  // Interrupted or timed out: the staging goes, and the script ends by the
  // signal it got, as the record should say.
  for (const char* sig : {"INT", "TERM", "HUP"})
    script += "trap " + shell_quote("rm -rf -- " + stage + "; trap - " + sig + "; kill -" + sig + " $$") +
              " " + sig + "; ";
  std::vector<std::string> remote;
  std::string place;
  for (const auto& src : spec.sources) {
    std::string staged = shell_quote(dir + "/.shoal-partial." + login.name() + "/" + source_base_name(src));
    std::string final_name = shell_quote(dir + "/" + pulled_name(src, login));
    // A file over a file is one rename. An old copy that is a directory,
    // or anything in the way of a directory, is removed first (a link
    // itself, not where it leads). If the rename still fails, the staging
    // goes too: nothing whole may sit in it unnoticed.
    place += "if { [ -d " + final_name + " ] && [ ! -L " + final_name + " ]; } || { [ -d " + staged +
             " ] && { [ -e " + final_name + " ] || [ -L " + final_name + " ]; }; }; then rm -rf -- " +
             final_name + "; fi; mv -T -- " + staged + " " + final_name + " || { rm -rf -- " + stage +
             "; exit 1; }; ";
    remote.push_back(login.host + ":" + plain_path(strip_trailing_slashes(src)));
  }
  auto with_paths = [&](std::vector<std::string> words) {
    words.push_back("--");
    words.insert(words.end(), remote.begin(), remote.end());
    words.push_back(dir + "/.shoal-partial." + login.name() + "/");
    return join_quoted(words);
  };
  std::string rsync = with_paths(rsync_words(s, login, ""));
  std::string scp = with_paths(scp_words(s, login));
  switch (spec.tool) {
    case CopySpec::Tool::rsync: script += rsync + "; s=$?; "; break;
    case CopySpec::Tool::scp: script += scp + "; s=$?; "; break;
    case CopySpec::Tool::automatic:
      script += rsync_else_scp(rsync, scp + "; s=$?");
      break;
  }
  script += "if [ \"$s\" -ne 0 ]; then rm -rf -- " + stage + "; exit \"$s\"; fi; ";
  return script + place + "rmdir -- " + stage;
}

}  // namespace

std::string source_base_name(std::string_view source) {
  std::string p = strip_trailing_slashes(source);
  auto slash = p.rfind('/');
  std::string base = slash == std::string::npos ? p : p.substr(slash + 1);
  if (base == "." || base == "..") return {};
  return base;
}

std::string pulled_name(std::string_view source, const SshLogin& login) {
  std::string base = source_base_name(source);
  return base.empty() ? base : base + "." + login.name();
}

std::string plain_path(std::string_view path) {
  if (path.empty() || path[0] == '/' || path.substr(0, 2) == "./") return std::string(path);
  return "./" + std::string(path);
}

std::vector<std::string> copy_argv(const SshSettings& s, const SshLogin& login,
                                   const CopySpec& spec) {
  std::string script = spec.direction == CopySpec::Direction::push ? push_script(s, login, spec)
                                                                  : pull_script(s, login, spec);
  return {"/bin/sh", "-c", script, "shoal-copy"};
}

bool local_rsync_available() {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    auto colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    if (::access(((dir.empty() ? "." : dir) + "/rsync").c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) return false;
    dirs.remove_prefix(colon + 1);
  }
}

}  // namespace shoal

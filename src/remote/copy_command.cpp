// The command line of one host's copy (copy.hpp): a /bin/sh script built
// from shell-quoted words, so that no file name is ever parsed as shell
// syntax, an option or a `host:` prefix. Every path on the host travels
// inside rsync's protocol (-s, --secluded-args) or scp's SFTP requests, not
// through the host's shell, escaped where the tool would glob it; only the
// small scripts that make --dest and rename the staged copies run in the
// host's shell, their paths quoted.
#include "shoal/copy.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "shoal/quote.hpp"

namespace shoal {

// rsync's --delay-updates holding directory, named after the local shell
// running the copy ($$, expanded there): no other copy running at the same
// time has it.
const char* const own_holding_dir = "--partial-dir=.shoal-tmp.$$";

namespace {

// What the host's shell says, on stderr, when it has no rsync. rsync
// itself would only report a closed connection (exit 12), as for any other
// failure of the host's side.
constexpr const char* no_rsync = "shoal: no rsync on this host";

// A path on the host as itself for a tool that takes a pulled source as a
// glob pattern there: a backslash before each of \ * ? [. scp's SFTP mode
// globs it always (and unescapes a name without wildcards too); rsync, even
// with -s, only a name holding one of * ? [ (and then unescapes it). A
// push's target is taken as a path by both: never escaped.
std::string glob_escaped(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '\\' || c == '*' || c == '?' || c == '[') out += '\\';
    out += c;
  }
  return out;
}
std::string rsync_source(std::string_view path) {
  return path.find_first_of("*?[") == std::string_view::npos ? std::string(path) : glob_escaped(path);
}

// rsync -a keeps mode and times as pdcp -p does; -L copies what a link
// points to, as scp does (and pdcp, and clush --copy, which run it): the
// two tools agree. -s sends the paths inside its protocol, never through
// the host's shell. `before` runs on the host first (push: make --dest).
std::vector<std::string> rsync_words(const SshSettings& s, const SshLogin& login,
                                     const std::string& before) {
  std::string path = before + "{ command -v rsync >/dev/null 2>&1 || { echo '" + no_rsync +
                     "' >&2; exit 127; }; } && rsync";
  return {"rsync", "-a", "-L", "-s", "-e", rsync_ssh_option(s, login), "--rsync-path=" + path};
}

// Runs `rsync`, and `scp` if the host turned out to have no rsync;
// rsync's words are held back until it is known they are not that.
std::string rsync_else_scp(const std::string& rsync, const std::string& scp) {
  return "e=$(" + rsync + " 2>&1); s=$?; case \"$e\" in *'" + no_rsync + "'*) " + scp +
         ";; *) [ -z \"$e\" ] || printf '%s\\n' \"$e\" >&2;; esac; ";
}

// scp takes the ssh program with -S and shares ssh's -F -i -o -J -c: the
// rest of --ssh's words are given to scp as they are. -s: the SFTP
// protocol, whatever this scp's default (legacy scp would hand the paths
// to the host's shell).
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
  argv.insert(argv.end(), {"-s", "-p", "-r"});
  return argv;
}

// Whether the tool is rsync: asked for, or chosen for the direction (a
// push by rsync, falling back to scp; a pull by scp), unless scp could not
// run --ssh as given.
bool by_rsync(const SshSettings& s, const CopySpec& spec) {
  if (spec.tool != CopySpec::Tool::automatic) return spec.tool == CopySpec::Tool::rsync;
  return spec.direction == CopySpec::Direction::push || !scp_runs_ssh(s.ssh);
}

std::string strip_trailing_slashes(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return std::string(p);
}

// `script` run by the host's shell, through the shared connection.
std::string on_host(const SshSettings& s, const SshLogin& login, const std::string& script) {
  auto ssh = ssh_client_argv(s, login);
  ssh.insert(ssh.end(), {login.host, "--", script});
  return shell_join(ssh) + " </dev/null";
}

// Ended by INT, TERM or HUP (Ctrl-C, a timeout), the script runs
// `cleanup` once the tool it waits for has gone, then ends by the signal
// it got, as the record should say.
std::string on_signals(const std::string& cleanup) {
  std::string traps;
  for (const char* sig : {"INT", "TERM", "HUP"})
    traps += "trap " + shell_quote(cleanup + "; trap - " + sig + "; kill -" + sig + " $$") + " " + sig + "; ";
  return traps;
}

// Moves a whole copy from the staging directory `stage` to its final name.
// A file over a file is one rename. An old copy that is a directory, a
// link (itself, not where it leads) or anything in the way of a directory
// is removed first: no mv -T needed, which a host's mv may lack. If the
// rename still fails, the staging goes too: nothing whole may sit in it
// unnoticed.
std::string place(const std::string& staged, const std::string& final_name, const std::string& stage) {
  return "if [ -L " + final_name + " ] || { [ -e " + final_name + " ] && { [ -d " + final_name +
         " ] || [ -d " + staged + " ]; }; }; then rm -rf -- " + final_name + "; fi; mv -- " + staged +
         " " + final_name + " || { rm -rf -- " + stage + "; exit 1; }; ";
}

// Pushed by scp into a staging directory on the host, beside the copies,
// then renamed into place by the host's shell once all has arrived (scp
// writes in place). Staging a killed run left is cleared first.
std::string scp_push(const SshSettings& s, const SshLogin& login, const CopySpec& spec,
                     const std::vector<std::string>& sources) {
  std::string dir = plain_path(spec.dest);
  std::string stage_path = dir + "/" + staging_name(login);
  std::string stage = shell_quote(stage_path);
  std::string clear = on_host(s, login, "rm -rf -- " + stage);
  std::string script = on_host(s, login, "mkdir -p -- " + shell_quote(dir) + " && rm -rf -- " + stage +
                                             " && mkdir -- " + stage) +
                       " || exit; " + on_signals(clear);
  auto scp = scp_words(s, login);
  scp.push_back("--");
  scp.insert(scp.end(), sources.begin(), sources.end());
  scp.push_back(login.host + ":" + stage_path + "/");
  script += shell_join(scp) + "; s=$?; if [ \"$s\" -ne 0 ]; then " + clear + "; exit \"$s\"; fi; ";
  std::string places;
  for (const auto& src : spec.sources)
    places += place(shell_quote(stage_path + "/" + source_base_name(src)),
                    shell_quote(dir + "/" + source_base_name(src)), stage);
  return script + "exec " + on_host(s, login, places + "rmdir -- " + stage);
}

std::string push_script(const SshSettings& s, const SshLogin& login, const CopySpec& spec) {
  std::string dir = plain_path(spec.dest);
  std::vector<std::string> sources;
  for (const auto& src : spec.sources) sources.push_back(plain_path(src));

  // --delay-updates: each file of a directory waits in a holding directory
  // beside it until all have arrived, then all are renamed in one quick
  // pass at the end. The holding directory is this copy's own: with
  // rsync's default (.~tmp~), two copies into one directory -- hosts that
  // share a home over NFS, two runs at once -- remove it under each other.
  auto rsync = rsync_words(s, login, "mkdir -p -- " + shell_quote(dir) + " && ");
  rsync.push_back("--delay-updates");
  std::vector<std::string> paths{"--"};
  paths.insert(paths.end(), sources.begin(), sources.end());
  paths.push_back(login.host + ":" + dir + (dir.back() == '/' ? "" : "/"));
  std::string by_rsync = shell_join(rsync) + " " + own_holding_dir + " " + shell_join(paths);
  std::string by_scp = scp_push(s, login, spec, sources);

  switch (spec.tool) {
    case CopySpec::Tool::rsync: return "exec " + by_rsync;
    case CopySpec::Tool::scp: return by_scp;
    case CopySpec::Tool::automatic: break;
  }
  // (A host without rsync gets rsync's own failure when scp could not run
  // --ssh's words anyway.)
  if (!scp_runs_ssh(s.ssh)) return "exec " + by_rsync;
  return rsync_else_scp(by_rsync, by_scp) + "exit \"$s\"";
}

// The tool that pulls every source into `stage`, as words: scp (its SFTP
// mode) unless rsync is asked for. A pull lands in a staging directory
// anyway, so rsync's temporary names add nothing there, and scp needs no
// rsync on the host, no shell to fall back with, and fewer processes a
// host (its 1 MB pull costs about a tenth less: bench/fleet_copy.sh).
std::vector<std::string> pull_words(const SshSettings& s, const SshLogin& login, const CopySpec& spec,
                                    const std::string& stage) {
  bool rsync = by_rsync(s, spec);
  auto words = rsync ? rsync_words(s, login, "") : scp_words(s, login);
  words.push_back("--");
  for (const auto& src : spec.sources) {
    std::string path = plain_path(strip_trailing_slashes(src));
    words.push_back(login.host + ":" + (rsync ? rsync_source(path) : glob_escaped(path)));
  }
  words.push_back(stage + "/");
  return words;
}

// Pulled into a staging directory of the host's own beside the results,
// then renamed into place once the whole copy has arrived: a pull cut short
// or failed leaves no NAME.HOST that looks complete, and an earlier copy
// stays as it was until the new one is whole. (A file replaces the old one
// in one rename; a directory's old copy is removed just before.) Staging
// from a run that was killed (SIGKILL: nothing can clean up) is cleared
// first. (The command line stages in-process instead: pull_argv.)
std::string pull_script(const SshSettings& s, const SshLogin& login, const CopySpec& spec) {
  std::string dir = plain_path(spec.dest);
  std::string stage_path = dir + "/" + staging_name(login);
  std::string stage = shell_quote(stage_path);
  // The tool runs in the background: a signal then interrupts the `wait`
  // at once, and the staging goes before the tool has even ended (it can
  // write nothing more once its directory is gone) -- within the moment
  // --termseq's KILL leaves. After the tool, once more, should it have
  // made anything again.
  std::string script = "rm -rf -- " + stage + "; mkdir -p -- " + stage + " || exit; " +
                       on_signals("rm -rf -- " + stage + "; wait 2>/dev/null; rm -rf -- " + stage);
  std::string places;
  for (const auto& src : spec.sources)
    places += place(shell_quote(stage_path + "/" + source_base_name(src)),
                    shell_quote(dir + "/" + pulled_name(src, login)), stage);
  script += "( exec " + shell_join(pull_words(s, login, spec, stage_path)) + " ) & ";
  // (The shell would say "Terminated" for the tool ended by a signal.)
  script += "wait $! 2>/dev/null; s=$?; if [ \"$s\" -ne 0 ]; then rm -rf -- " + stage + "; exit \"$s\"; fi; ";
  return script + places + "rmdir -- " + stage;
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

std::string staging_name(const SshLogin& login) { return ".shoal-partial." + login.name(); }

std::vector<std::string> pull_argv(const SshSettings& s, const SshLogin& login, const CopySpec& spec,
                                   const std::string& stage) {
  return pull_words(s, login, spec, plain_path(stage));
}

std::string rsync_ssh_option(const SshSettings& s, const SshLogin& login) {
  std::string rsh;
  for (const auto& w : ssh_client_argv(s, login)) {
    if (!rsh.empty()) rsh += ' ';
    rsh += '\'';
    for (char c : w) rsh += c == '\'' ? std::string("''") : std::string(1, c);
    rsh += '\'';
  }
  return rsh;
}

bool scp_runs_ssh(const std::vector<std::string>& ssh) {
  // scp's options that it hands to ssh: flags, and those taking a value
  // (the value as the next word, or joined: -oX).
  static const std::string_view flags[] = {"-4", "-6", "-A", "-C", "-q", "-v"};
  static const std::string_view valued[] = {"-c", "-F", "-i", "-J", "-o"};
  for (std::size_t i = 1; i < ssh.size(); ++i) {
    std::string_view w = ssh[i];
    if (std::find(std::begin(flags), std::end(flags), w) != std::end(flags)) continue;
    auto opt = std::find(std::begin(valued), std::end(valued), w.substr(0, 2));
    if (opt == std::end(valued)) return false;
    if (w.size() == 2 && ++i == ssh.size()) return false;  // its value is missing
  }
  return !ssh.empty();
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

// The text of transfer.hpp. Local paths reach rsync after `--` and with
// plain_path's ./ in front, so none is an option or a `host:`; paths on
// the host travel inside rsync's protocol (-s), and only the remote shell
// lines (mkdir, cd, rm) hold them, shell-quoted.
#include "remote/transfer.hpp"

#include <algorithm>

#include "shoal/copy.hpp"
#include "shoal/quote.hpp"

namespace shoal::cli {

namespace {

// rsync through the run's client ssh (rsync_ssh_option). -a keeps mode and
// times; -s sends the host's paths inside the protocol, past its shell.
std::vector<std::string> rsync_words(const SshSettings& s, const SshLogin& login) {
  return {"rsync", "-a", "-s", "-e", rsync_ssh_option(s, login)};
}

bool relative_to_workdir(std::string_view file) {
  return file.empty() || file[0] != '/' || file.find("/./") != std::string_view::npos;
}

std::string without_dot_slash(std::string_view p) {
  while (p.substr(0, 2) == "./") p.remove_prefix(2);
  return std::string(p);
}

std::string without_trailing_slashes(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

// Each /./ made / (a path's meaning on disk: rsync -R reads only the first
// as its marker, and the rest as plain . directories).
std::string without_markers(std::string p) {
  for (auto at = p.find("/./"); at != std::string::npos; at = p.find("/./", at)) p.erase(at, 2);
  return p;
}

std::string dir_of(std::string_view path) {
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

}  // namespace

std::string normal_workdir(std::string_view workdir) {
  std::string w = without_trailing_slashes(without_markers(std::string(workdir)));
  w = without_dot_slash(w);
  return w.empty() ? "." : w;
}

std::string dot_workdir(std::string_view cwd, std::string_view home) {
  std::string h = without_trailing_slashes(std::string(home));
  if (h.empty() || h == "/") return std::string(cwd);
  if (cwd == h) return ".";
  if (cwd.size() > h.size() && cwd.substr(0, h.size()) == h && cwd[h.size()] == '/')
    return std::string(cwd.substr(h.size() + 1));
  return std::string(cwd);
}

std::string remote_path(std::string_view file, std::string_view workdir) {
  std::string f = without_dot_slash(file);
  if (!relative_to_workdir(f)) return f;
  if (auto mark = f.find("/./"); mark != std::string::npos) f = f.substr(mark + 3);
  f = without_markers(without_dot_slash(f));
  return workdir == "." ? f : std::string(workdir) + "/" + f;
}

std::string returned_path(std::string_view file) { return without_markers(without_dot_slash(file)); }

std::string in_workdir(std::string_view workdir, std::string_view remote_line) {
  if (workdir == ".") return std::string(remote_line);
  std::string wd = shell_quote(workdir);
  return "mkdir -p -- " + wd + " && cd -- " + wd + " || exit 255; " + std::string(remote_line);
}

std::string send_line(const SshSettings& s, const SshLogin& login,
                      const std::vector<std::string>& files, std::string_view workdir,
                      unsigned stall_seconds) {
  // rsync -R keeps each path below where it lands: relative ones (and
  // what follows a /./) under the work dir, other absolute ones under /.
  std::vector<std::string> into_workdir, into_root;
  for (const auto& f : files)
    if (!f.empty()) (relative_to_workdir(f) ? into_workdir : into_root).push_back(plain_path(f));
  std::string out;
  auto send = [&](const std::vector<std::string>& sources, std::string_view dest) {
    if (sources.empty()) return;
    auto words = rsync_words(s, login);
    words.push_back("-R");
    if (stall_seconds > 0) words.push_back("--timeout=" + std::to_string(stall_seconds));
    if (dest != "/" && dest != ".")
      words.push_back("--rsync-path=mkdir -p -- " + shell_quote(dest) + " && rsync");
    words.push_back("--");
    words.insert(words.end(), sources.begin(), sources.end());
    words.push_back(login.host + ":" + std::string(dest) + (dest.back() == '/' ? "" : "/"));
    if (!out.empty()) out += " && ";
    out += shell_join(words) + " </dev/null";
  };
  send(into_workdir, workdir);
  send(into_root, "/");
  return out;
}

std::string fetch_line(const SshSettings& s, const SshLogin& login, std::string_view file,
                       std::string_view workdir) {
  std::string here = without_trailing_slashes(returned_path(file));
  std::string there = without_trailing_slashes(remote_path(file, workdir));
  if (here.empty() || there.empty()) return {};
  std::string dir = plain_path(dir_of(here));
  // --delay-updates: a directory's files, too, are renamed into place
  // only once all of them have arrived; in a holding directory of this
  // job's own, as other jobs fetch into the same directory at once.
  auto words = rsync_words(s, login);
  words.push_back("--delay-updates");
  return "mkdir -p -- " + shell_quote(dir) + " && " + shell_join(words) + " " + own_holding_dir + " " +
         shell_join({"--", login.host + ":" + plain_path(there), dir + "/"}) + " </dev/null";
}

namespace {

// The directories a job's files may have made, deepest first: those
// between each relative file and the work dir, and the work dir (with its
// own parents when it is relative), as GNU's cleanup tries them. An
// absolute file's directories were there before.
std::vector<std::string> dirs_made(const std::vector<std::string>& files, const std::string& wd) {
  auto under_wd = [&wd](const std::string& rel) { return wd == "." ? rel : wd + "/" + rel; };
  std::vector<std::string> dirs;
  bool any_relative = false;
  for (const auto& f : files) {
    if (!relative_to_workdir(without_dot_slash(f))) continue;
    std::string rel = remote_path(f, ".");
    if (rel.empty() || rel == ".") continue;
    any_relative = true;
    for (std::string d = dir_of(rel); d != "." && d != "/"; d = dir_of(d)) dirs.push_back(under_wd(d));
  }
  if (any_relative && wd != ".") {
    dirs.push_back(wd);
    if (wd[0] != '/')
      for (std::string d = dir_of(wd); d != "."; d = dir_of(d)) dirs.push_back(d);
  }
  // Deeper (longer) first: rmdir takes them in order.
  std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  return dirs;
}

}  // namespace

std::string remove_line(const SshSettings& s, const SshLogin& login,
                        const std::vector<std::string>& files, std::string_view workdir,
                        bool remove_workdir, bool remove_dirs) {
  std::vector<std::string> paths;
  for (const auto& f : files) {
    std::string there = without_trailing_slashes(remote_path(f, workdir));
    if (!there.empty() && there != "." && there != "/") paths.push_back(there);
  }
  if (paths.empty() && !remove_workdir) return {};
  std::string line;
  if (!paths.empty()) line += "rm -f -- " + shell_join(paths) + "; ";
  if (remove_workdir) line += "rm -rf -- " + shell_quote(workdir) + "; ";
  if (remove_dirs)
    if (auto dirs = dirs_made(files, std::string(workdir)); !dirs.empty())
      line += "rmdir -- " + shell_join(dirs) + " 2>/dev/null; ";
  line += "exit 0";
  auto words = ssh_client_argv(s, login);
  words.insert(words.end(), {login.host, "--", line});
  return shell_join(words) + " </dev/null";
}

std::vector<std::string> transfer_job_argv(const SshSettings& s, const SshLogin& login,
                                           const JobFiles& files,
                                           std::vector<std::string> job_argv) {
  // The remote command is ssh's last word: it runs in the work dir.
  if (!job_argv.empty()) job_argv.back() = in_workdir(files.workdir, job_argv.back());
  std::string sent = send_line(s, login, files.transfer, files.workdir);
  std::vector<std::string> everything = files.transfer;
  everything.insert(everything.end(), files.returns.begin(), files.returns.end());
  std::string clean_all, clean_sent;
  if (files.cleanup) {
    clean_all = remove_line(s, login, everything, files.workdir, files.remove_workdir, false);
    clean_sent = remove_line(s, login, files.transfer, files.workdir, false, false);
  }
  std::string script;
  if (!sent.empty())
    script += sent + " || { t=$?; " + (clean_sent.empty() ? "" : clean_sent + "; ") + "exit \"$t\"; }; ";
  // No redirection: the job's ssh takes the held-open stdin (the remote
  // watcher's end-of-file signal, and --sudo's password).
  script += shell_join(job_argv) + "; s=$?; r=0; ";
  for (const auto& f : files.returns)
    if (std::string fetch = fetch_line(s, login, f, files.workdir); !fetch.empty())
      script += fetch + " || r=$?; ";
  // A file whose return failed is never removed on the host: it may be the
  // only copy of the result.
  if (!clean_all.empty())
    script += "if [ \"$r\" -eq 0 ]; then " + clean_all + "; else " +
              (clean_sent.empty() ? ":" : clean_sent) + "; fi; ";
  script += "[ \"$s\" -ne 0 ] || s=$r; exit \"$s\"";
  return {"/bin/sh", "-c", script, "shoal-transfer"};
}

}  // namespace shoal::cli

#include "remote/remote_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "durations.hpp"
#include "options.hpp"
#include "remote/host_selection.hpp"
#include "shell_words.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

void add_remote_options(CLI::App& app, RemoteOptions& o, RemoteOptionText& text) {
  const char* group = "Remote (through the system's ssh)";
  app.add_option("-S,--sshlogin", text.sshlogins,
                 "Run jobs on [N/][user@]host[:port] (N: jobs at once there; ':' is this "
                 "machine). Comma-separated, repeatable; ranges like web[01-20] or "
                 "db[1,3,7-9]; @name is a host group (see --groups-file), 4/admin@@web gives "
                 "its hosts N/ and user@; a host written twice runs once")
      ->allow_extra_args(false)
      ->type_name("HOSTS")
      ->group(group);
  app.add_option("--sshloginfile,--slf", text.sshloginfiles,
                 "Read sshlogins from FILE, one or more per line (# starts a comment); '-' "
                 "reads them from stdin (then give the jobs' inputs with :::, :::: or -a, or "
                 "use --nonall)")
      ->allow_extra_args(false)
      ->type_name("FILE")
      ->group(group);
  app.add_option("-x,--exclude", text.excludes,
                 "Leave these hosts out of -S/--sshloginfile, as pdsh -x and clush -x: ranges "
                 "and @groups as in -S, repeatable. web1 leaves out every login to web1; "
                 "admin@web1 or web1:2222 only the logins with that user or port")
      ->allow_extra_args(false)
      ->type_name("HOSTS")
      ->group(group);
  app.add_option("--groups-file", text.groups_file,
                 "Read @groups from FILE: ClusterShell's 'name: hosts' lines, or its groups.d "
                 "YAML when FILE ends in .yaml (default: $SHOAL_GROUPS, else "
                 "~/.config/shoal/groups)")
      ->type_name("FILE")
      ->group(group);
  app.add_flag("--list-hosts", o.list_hosts,
               "Print the hosts that -S, --sshloginfile, @groups and -x select, one per line, "
               "and exit without running anything (check a selection first)")
      ->group(group);
  app.add_flag("--nonall", o.nonall,
               "Run the command once on every host, without arguments (-j: hosts at once, "
               "default 64)")
      ->group(group);
  app.add_flag("--onall", o.onall,
               "Run every job on every host, one job at a time per host (-j: hosts at once, "
               "default 64)")
      ->group(group);
  app.add_option("--ssh", o.ssh,
                 "The ssh command to use, with its options (default: ssh), split into words "
                 "as a shell would: --ssh \"ssh -F '/my dir/config'\"")
      ->type_name("CMD")
      ->group(group);
  app.add_option("--connect-timeout", o.connect_timeout,
                 "Give up on a host that does not answer within SECS (default 10; 0: ssh's own "
                 "setting)")
      ->type_name("SECS")
      ->group(group);
  app.add_flag("--no-multiplex", text.no_multiplex,
               "Do not share one ssh connection per host between its jobs (ControlMaster)")
      ->group(group);
  app.add_option("--control-persist", text.control_persist,
                 "Keep each host's shared connection open for this long after the run "
                 "(seconds, or 10m), for the next run to reuse")
      ->type_name("DURATION")
      ->group(group);
  app.add_flag("--collapse", o.collapse,
               "Print identical outputs once, under the hosts that gave them folded as "
               "web[01-07,09] (as dshbak -c and clush -b do)")
      ->group("Output");
  add_copy_options(app, text.copy);
}

Checked<void> finish_remote_options(RemoteOptions& o, const RemoteOptionText& text,
                                    bool has_inputs, bool stdin_is_input) {
  o.hosts_from_stdin = std::count(text.sshloginfiles.begin(), text.sshloginfiles.end(), "-") > 0;
  if (o.hosts_from_stdin && stdin_is_input)
    return fail("--sshloginfile - and an input from stdin (:::: - or -a -) both read stdin: give "
                "one of them a file");
  // Checked before stdin is read: GNU parallel would read the hosts and
  // then find no inputs left, and run nothing.
  if (o.hosts_from_stdin && !has_inputs && !o.nonall && !o.list_hosts)
    return fail("--sshloginfile - reads the hosts from stdin, where the inputs come from too: give "
                "the inputs with :::, :::: FILE or -a FILE, or use --nonall");
  auto hosts = select_hosts({text.sshlogins, text.sshloginfiles, text.excludes, text.groups_file});
  if (!hosts) return hosts.failure();
  o.logins = std::move(*hosts);
  if (auto copy = finish_copy_options(o, text.copy, has_inputs); !copy) return copy;
  if (o.list_hosts && o.logins.empty()) return fail("--list-hosts needs hosts (-S or --sshloginfile)");
  o.multiplex = !text.no_multiplex;
  if (!text.control_persist.empty()) {
    auto seconds = parse_duration(text.control_persist);
    if (!seconds || *seconds < 1)
      return fail("--control-persist: " + (seconds ? "must be at least 1 second" : seconds.error()));
    o.control_persist = static_cast<unsigned>(*seconds);
  }
  if (o.nonall && o.onall) return fail("--nonall and --onall do not go together");
  if ((o.nonall || o.onall || o.collapse) && o.logins.empty())
    return fail(std::string(o.nonall ? "--nonall" : o.onall ? "--onall" : "--collapse") +
                " needs hosts (-S or --sshloginfile)");
  if (o.nonall && has_inputs) return fail("--nonall takes no arguments (use --onall to give some)");
  if (!(o.connect_timeout >= 0)) return fail("--connect-timeout must be 0 or more");
  // Split here, so that an unterminated quote is refused before anything runs.
  auto ssh = split_shell_words(o.ssh);
  if (!ssh) return fail("--ssh: " + ssh.error() + ": " + o.ssh);
  if (ssh->empty()) return fail("--ssh needs a command");
  o.ssh_argv = std::move(*ssh);
  if (!o.multiplex && o.control_persist) return fail("--control-persist needs multiplexing");
  return {};
}

std::optional<int> remote_preflight(const Options& o) {
  if (o.remote.list_hosts) return print_hosts(o.remote.logins);
  return std::nullopt;
}

}  // namespace shoal::cli

#include "remote/remote_options.hpp"

#include <CLI/CLI.hpp>

#include "durations.hpp"

namespace shoal::cli {

void add_remote_options(CLI::App& app, RemoteOptions& o, RemoteOptionText& text) {
  const char* group = "Remote (through the system's ssh)";
  app.add_option("-S,--sshlogin", text.sshlogins,
                 "Run jobs on [N/][user@]host[:port] (N: jobs at once there; ':' is this "
                 "machine). Comma-separated, repeatable; ranges like web[01-20] or "
                 "db[1,3,7-9]; a host written twice runs once")
      ->allow_extra_args(false)
      ->type_name("HOSTS")
      ->group(group);
  app.add_option("--sshloginfile,--slf", text.sshloginfiles,
                 "Read sshlogins from FILE, one or more per line (# starts a comment)")
      ->allow_extra_args(false)
      ->type_name("FILE")
      ->group(group);
  app.add_flag("--nonall", o.nonall,
               "Run the command once on every host, without arguments (-j: hosts at once, "
               "default 64)")
      ->group(group);
  app.add_flag("--onall", o.onall,
               "Run every job on every host, one job at a time per host (-j: hosts at once, "
               "default 64)")
      ->group(group);
  app.add_option("--ssh", o.ssh, "The ssh command to use, with its options (default: ssh)")
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
}

std::string finish_remote_options(RemoteOptions& o, const RemoteOptionText& text,
                                  bool has_inputs) {
  std::string error;
  std::vector<SshLogin> logins;
  for (const auto& s : text.sshlogins)
    if (!parse_sshlogins(s, logins, error)) return error;
  for (const auto& f : text.sshloginfiles)
    if (!read_sshlogin_file(f, logins, error)) return error;
  o.logins = unique_logins(std::move(logins));
  // `-S "$HOSTS"` with $HOSTS empty must not quietly run everything here.
  if (o.logins.empty() && (!text.sshlogins.empty() || !text.sshloginfiles.empty()))
    return "no hosts in -S/--sshloginfile";
  o.multiplex = !text.no_multiplex;
  if (!text.control_persist.empty()) {
    auto seconds = parse_duration(text.control_persist, error);
    if (!seconds || *seconds < 1) return "--control-persist: " + (error.empty() ? "must be at least 1 second" : error);
    o.control_persist = static_cast<unsigned>(*seconds);
  }
  if (o.nonall && o.onall) return "--nonall and --onall do not go together";
  if ((o.nonall || o.onall || o.collapse) && o.logins.empty())
    return std::string(o.nonall ? "--nonall" : o.onall ? "--onall" : "--collapse") +
           " needs hosts (-S or --sshloginfile)";
  if (o.nonall && has_inputs) return "--nonall takes no arguments (use --onall to give some)";
  if (!(o.connect_timeout >= 0)) return "--connect-timeout must be 0 or more";
  if (o.ssh.find_first_not_of(" \t") == std::string::npos) return "--ssh needs a command";
  if (!o.multiplex && o.control_persist) return "--control-persist needs multiplexing";
  return {};
}

}  // namespace shoal::cli

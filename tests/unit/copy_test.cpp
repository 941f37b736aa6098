// --copy/--rcopy without ssh: the names a pull gives, the paths that are
// never options, the command line of one host's copy, and the command
// line's refusals.
#include <gtest/gtest.h>

#include "options.hpp"
#include "shoal/copy.hpp"
#include "parse_args.hpp"
#include "shoal/quote.hpp"

using namespace shoal;
using namespace shoal::cli;
using namespace shoal::cli::test;

namespace {

CopySpec pull_of(std::vector<std::string> sources, std::string dest) {
  CopySpec spec;
  spec.direction = CopySpec::Direction::pull;
  spec.sources = std::move(sources);
  spec.dest = std::move(dest);
  return spec;
}

}  // namespace

TEST(Copy, PulledNamesCarryTheHost) {
  SshLogin web{0, "", "web1", ""};
  SshLogin admin{0, "admin", "web1", "2222"};
  EXPECT_EQ(pulled_name("/var/log/syslog", web), "syslog.web1");
  EXPECT_EQ(pulled_name("/etc/nginx/", web), "nginx.web1");
  EXPECT_EQ(pulled_name("a b", admin), "a b.admin@web1:2222");
  for (const char* none : {"/", "", ".", "..", "a/..", "./"}) EXPECT_EQ(pulled_name(none, web), "") << none;
}

TEST(Copy, PathsAreNeverOptionsNorHosts) {
  EXPECT_EQ(plain_path("-rf"), "./-rf");
  EXPECT_EQ(plain_path("host:x"), "./host:x");
  EXPECT_EQ(plain_path("/abs/-x"), "/abs/-x");
  EXPECT_EQ(plain_path("./y"), "./y");
}

TEST(Copy, TheCommandLineOfOneHost) {
  SshSettings s;
  s.ssh = {"ssh", "-F", "/my dir/it's"};
  s.control_dir = "/tmp/shoal-x";
  SshLogin login{0, "", "h1", ""};
  CopySpec spec;
  spec.sources = {"-a b"};
  spec.dest = "/d it's";
  auto argv = copy_argv(s, login, spec);
  ASSERT_EQ(argv.size(), 4u);
  EXPECT_EQ(argv[0], "/bin/sh");
  const std::string& script = argv[2];
  // rsync's -e quoting: '' is a quote inside '...'; the whole is one
  // word for the local shell.
  std::string rsh = "'ssh' '-F' '/my dir/it''s' '-o' 'BatchMode=yes' '-o' 'ConnectTimeout=10' "
                    "'-o' 'ControlPath=" + control_socket(s, login) + "' '-o' 'ControlMaster=no'";
  EXPECT_TRUE(has(script, "-e " + shell_quote(rsh) + " ")) << script;
  EXPECT_TRUE(has(script, "-- " + shell_quote("./-a b") + " ")) << script;
  // scp: the ssh program with -S, its options to scp.
  EXPECT_TRUE(has(script, "scp -S ssh -F '/my dir/it'\\''s'")) << script;
  EXPECT_TRUE(has(script, "no rsync on this host")) << "scp only where rsync is missing: " << script;
  spec.tool = CopySpec::Tool::rsync;
  EXPECT_FALSE(has(copy_argv(s, login, spec)[2], "scp"));
  spec.tool = CopySpec::Tool::scp;
  EXPECT_FALSE(has(copy_argv(s, login, spec)[2], "rsync"));
}

// A pull lands in a staging directory anyway: by default scp pulls it
// (no rsync needed on the host), run as itself when the caller stages.
TEST(Copy, APullIsTheToolAlone) {
  SshSettings s;
  SshLogin login{0, "", "h1", ""};
  CopySpec spec = pull_of({"/var/log/", "-x"}, "d");
  auto argv = pull_argv(s, login, spec, "d/" + staging_name(login));
  EXPECT_EQ(argv.front(), "scp");
  ASSERT_GE(argv.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(argv.end() - 4, argv.end()),
            (std::vector<std::string>{"--", "h1:/var/log", "h1:./-x", "./d/.shoal-partial.h1/"}));
  EXPECT_FALSE(has(copy_argv(s, login, spec)[2], "rsync")) << "the self-staged script pulls by scp too";
  spec.tool = CopySpec::Tool::rsync;
  EXPECT_EQ(pull_argv(s, login, spec, "/d/st").front(), "rsync");
}

// scp takes the ssh program alone and a few of ssh's options: a wrapper
// in --ssh is rsync's to run (its -e takes any command), both ways.
TEST(Copy, AWrapperInSshGoesByRsync) {
  EXPECT_TRUE(scp_runs_ssh({"ssh"}));
  EXPECT_TRUE(scp_runs_ssh({"/usr/bin/ssh", "-F", "cfg", "-oUser=x", "-o", "Port=2", "-C", "-i", "k"}));
  EXPECT_FALSE(scp_runs_ssh({"setsid", "-w", "ssh"}));
  EXPECT_FALSE(scp_runs_ssh({"ssh", "-p", "2222"})) << "scp's -p is not a port";
  EXPECT_FALSE(scp_runs_ssh({"ssh", "-F"})) << "a value missing";
  EXPECT_FALSE(scp_runs_ssh({}));
  SshSettings s;
  s.ssh = {"setsid", "-w", "ssh"};
  SshLogin login{0, "", "h1", ""};
  CopySpec spec = pull_of({"/f"}, "d");
  EXPECT_EQ(pull_argv(s, login, spec, "d/st").front(), "rsync");
  spec.direction = CopySpec::Direction::push;
  EXPECT_FALSE(has(copy_argv(s, login, spec)[2], "scp")) << "no scp fallback that could not run";
  EXPECT_EQ(parse({"-S", "h1", "--ssh", "setsid -w ssh", "--copy-tool", "scp", "--rcopy", "/f", "--dest", "d"}).message,
            "shoal: --copy-tool scp: scp cannot run --ssh 'setsid -w ssh' (it takes the program alone, and only "
            "ssh's -F -i -o -J -c -4 -6 -A -C -q -v); use --copy-tool rsync (see shoal --help)\n");
}

// rsync (even with -s) and scp's SFTP mode take a pulled path as a glob
// pattern on the host: escaped, so that `a*b` is that file alone.
TEST(Copy, PulledPathsAreNotPatterns) {
  SshSettings s;
  SshLogin login{0, "", "h1", ""};
  CopySpec spec = pull_of({"/x/a*b [c]?", "/x/back\\slash"}, "/d");
  spec.tool = CopySpec::Tool::rsync;
  std::string rsync = copy_argv(s, login, spec)[2];
  EXPECT_TRUE(has(rsync, shell_quote("h1:/x/a\\*b \\[c]\\?") + " ")) << rsync;
  // Without a wildcard rsync takes the name as it is, backslash and all.
  EXPECT_TRUE(has(rsync, shell_quote("h1:/x/back\\slash") + " ")) << rsync;
  spec.tool = CopySpec::Tool::scp;
  std::string scp = copy_argv(s, login, spec)[2];
  EXPECT_TRUE(has(scp, shell_quote("h1:/x/a\\*b \\[c]\\?") + " ")) << scp;
  EXPECT_TRUE(has(scp, shell_quote("h1:/x/back\\\\slash") + " ")) << scp;
  EXPECT_TRUE(has(scp, " -s -p -r ")) << "SFTP, never the host's shell: " << scp;
}

// A push's target is a path to both tools, never a pattern; rsync copies
// what links point to, as scp does, and holds a directory's files back
// until all have arrived; scp writes into a staging directory.
TEST(Copy, APushLooksWholeOnlyOnceWhole) {
  SshSettings s;
  SshLogin login{0, "", "h1", ""};
  CopySpec spec;
  spec.sources = {"/src/f"};
  spec.dest = "/d*[x]";
  spec.tool = CopySpec::Tool::rsync;
  std::string rsync = copy_argv(s, login, spec)[2];
  EXPECT_TRUE(has(rsync, "rsync -a -L -s ")) << rsync;
  EXPECT_TRUE(has(rsync, "--delay-updates --partial-dir=.shoal-tmp.$$ -- /src/f 'h1:/d*[x]/'")) << rsync;
  spec.tool = CopySpec::Tool::scp;
  std::string scp = copy_argv(s, login, spec)[2];
  EXPECT_TRUE(has(scp, "-- /src/f 'h1:/d*[x]/.shoal-partial.h1/'")) << scp;
  EXPECT_TRUE(has(scp, "mv -- ")) << scp;
}

TEST(Copy, BadCommandLinesAreOneLine) {
  for (auto args : std::vector<std::vector<const char*>>{
           {"--copy", "/etc/hostname", "--dest", "/tmp"},                   // no hosts
           {"-S", "h1", "--copy", "/etc/hostname"},                          // no --dest
           {"-S", "h1", "--copy", "/no/such/file", "--dest", "/tmp"},         // missing source
           {"-S", "h1", "--copy", "/", "--dest", "/tmp"},                     // no name of its own
           {"-S", "h1", "--rcopy", "/a/x", "/b/x", "--dest", "/tmp"},         // same name twice
           {"-S", ":", "--rcopy", "/a/x", "--dest", "/tmp"},                  // this machine
           {"-S", "h1", "--copy", "/etc/hostname", "--rcopy", "/x", "--dest", "/tmp"},
           {"-S", "h1", "--copy", "/etc/hostname", "--dest", "/tmp", "echo"},  // a command
           {"-S", "h1", "--copy", "/etc/hostname", "--dest", "/tmp", "--onall"},
           {"-S", "h1", "--copy", "/etc/hostname", "--dest", "/tmp", "--copy-tool", "ftp"},
           {"-S", "h1", "--dest", "/tmp", "true"},
           {"-S", "h1", "--copy", "/etc/hostname", "--dest", "/tmp", "--joblog", "/tmp/j",
            "--retry-failed"}}) {
    auto p = parse(args);
    EXPECT_FALSE(p.options) << args[2];
    EXPECT_EQ(p.exit_code, 255);
    EXPECT_EQ(p.message.find("shoal: "), 0u) << p.message;
    EXPECT_EQ(p.message.find('\n'), p.message.size() - 1) << p.message;
  }
}

TEST(Copy, ACopyIsANonallRun) {
  auto p = parse({"-S", "h[1-3]", "--copy", "/etc/hostname", "--dest", "/tmp/x y"});
  ASSERT_TRUE(p.options) << p.message;
  EXPECT_TRUE(p.options->remote.nonall);
  ASSERT_TRUE(p.options->remote.copy);
  EXPECT_EQ(p.options->command,
            (std::vector<std::string>{"--copy", "/etc/hostname", "--dest", "'/tmp/x y'"}));
}

// --retry-failed would run a copy's record as a command: refused, saying
// where the hosts to retry are.
TEST(Copy, RetryFailedSaysWhatToDo) {
  auto p = parse({"-S", "h1", "--rcopy", "/x", "--dest", "/tmp", "--joblog", "/tmp/j", "--retry-failed"});
  EXPECT_FALSE(p.options);
  EXPECT_NE(p.message.find("--retry-failed does not go with --rcopy"), std::string::npos) << p.message;
  EXPECT_NE(p.message.find("--failed"), std::string::npos) << p.message;
}

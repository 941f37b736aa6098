// --transferfile, --return, --cleanup, --basefile, --workdir without ssh:
// GNU parallel's path rules, the script of one job, and the command line's
// refusals. (tests/cli/remote_transfer.sh runs them against a real sshd,
// beside GNU parallel.)
#include <gtest/gtest.h>

#include "options.hpp"
#include "remote/transfer.hpp"
#include "remote/transfer_options.hpp"
#include "parse_args.hpp"
#include "shoal/quote.hpp"

using namespace shoal;
using namespace shoal::cli;
using namespace shoal::cli::test;

// man parallel, --transferfile: with the work dir /home/user,
// /tmp/foo/bar => /tmp/foo/bar, tmp/foo/bar => /home/user/tmp/foo/bar,
// /tmp/./foo/bar and tmp/./foo/bar => /home/user/foo/bar.
TEST(Transfer, PathsOnTheHostAsGnuParallelPutsThem) {
  EXPECT_EQ(remote_path("/tmp/foo/bar", "."), "/tmp/foo/bar");
  EXPECT_EQ(remote_path("tmp/foo/bar", "."), "tmp/foo/bar");
  EXPECT_EQ(remote_path("/tmp/./foo/bar", "."), "foo/bar");
  EXPECT_EQ(remote_path("tmp/./foo/bar", "."), "foo/bar");
  EXPECT_EQ(remote_path("./a b", "w d"), "w d/a b");
  EXPECT_EQ(remote_path("tmp/./foo/bar", "/abs/wd"), "/abs/wd/foo/bar");
  EXPECT_EQ(remote_path("-x", "wd"), "wd/-x");
}

TEST(Transfer, ReturnedFilesLandWithoutTheirMarker) {
  // man parallel, --return: out/./{}.out with in/file lands at out/in/file.out.
  EXPECT_EQ(returned_path("out/./in/file.out"), "out/in/file.out");
  EXPECT_EQ(remote_path("out/./in/file.out", "."), "in/file.out");
  EXPECT_EQ(returned_path("/tmp/foo/bar.out"), "/tmp/foo/bar.out");
  EXPECT_EQ(returned_path("./foo/bar.out"), "foo/bar.out");
}

// Two /./: the first is the marker, as rsync -R reads it when it sends,
// for the file returned and removed as well (GNU's --return and --cleanup
// read the last, and miss the file sent: docs/remote.md). Here, the
// path without any.
TEST(Transfer, TwoMarkersCutAtTheFirst) {
  EXPECT_EQ(remote_path("a/./b/./c", "wd"), "wd/b/c");
  EXPECT_EQ(remote_path("/a/./b/./c", "."), "b/c");
  EXPECT_EQ(returned_path("a/./b/./c"), "a/b/c");
  EXPECT_EQ(returned_path("./a/././b/c"), "a/b/c");
  SshSettings s;
  SshLogin h{0, "", "web1", ""};
  std::string line = remove_line(s, h, {"a/./b/./c"}, "wd", false, true);
  EXPECT_TRUE(has(line, "rm -f -- wd/b/c;")) << line;
  EXPECT_TRUE(has(line, "rmdir -- wd/b wd 2>/dev/null")) << line;
}

TEST(Transfer, WorkDirsAsGnuParallelTidiesThem) {
  EXPECT_EQ(normal_workdir("./a/./b/"), "a/b");
  EXPECT_EQ(normal_workdir(""), ".");
  EXPECT_EQ(normal_workdir("/srv/x//"), "/srv/x");
  EXPECT_EQ(dot_workdir("/home/me/src/app", "/home/me"), "src/app");
  EXPECT_EQ(dot_workdir("/home/me", "/home/me/"), ".");
  EXPECT_EQ(dot_workdir("/home/mex/a", "/home/me"), "/home/mex/a");
  EXPECT_EQ(dot_workdir("/tmp/a", "/home/me"), "/tmp/a");
}

TEST(Transfer, TheJobRunsInItsWorkDir) {
  EXPECT_EQ(in_workdir(".", "echo hi"), "echo hi");
  EXPECT_EQ(in_workdir("it's", "echo hi"),
            "mkdir -p -- " + shell_quote("it's") + " && cd -- " + shell_quote("it's") + " || exit 255; echo hi");
}

TEST(Transfer, OneJobsScript) {
  SshSettings s;
  s.control_dir = "/tmp/shoal-x";
  SshLogin h{0, "", "web1", ""};
  JobFiles files;
  files.transfer = {"-in put", "/abs/./rel"};
  files.returns = {"out/./-r.out"};
  files.workdir = "w d";
  files.cleanup = true;
  auto argv = transfer_job_argv(s, h, files, {"ssh", "web1", "--", "echo hi"});
  ASSERT_EQ(argv.size(), 4u);
  EXPECT_EQ(argv[0], "/bin/sh");
  const std::string& script = argv[2];
  // Sent: relative and /./ paths under the work dir, never as options.
  EXPECT_TRUE(has(script, "-R")) << script;
  EXPECT_TRUE(has(script, "'./-in put'")) << script;
  EXPECT_TRUE(has(script, "/abs/./rel")) << script;
  EXPECT_TRUE(has(script, "'web1:w d/'")) << script;
  // A failed send ends the script before the job.
  EXPECT_LT(script.find("exit \"$t\""), script.find("echo hi';")) << script;
  // The job runs in the work dir, made if missing.
  EXPECT_TRUE(has(script, shell_quote(in_workdir("w d", "echo hi")))) << script;
  // Fetched after it, into out/ here, the host's copy at w d/-r.out.
  EXPECT_TRUE(has(script, "'web1:./w d/-r.out' ./out/")) << script;
  EXPECT_LT(script.find("echo hi';"), script.find("--delay-updates")) << script;
  // Removed at the end; a failed fetch keeps the host's copy.
  EXPECT_TRUE(has(script, "if [ \"$r\" -eq 0 ]")) << script;
  // Every step through the shared connection.
  EXPECT_TRUE(has(script, "ControlPath=")) << script;
  EXPECT_TRUE(has(script, "exit \"$s\"")) << script;
}

TEST(Transfer, CleanupRemovesTheDirectoriesItMade) {
  SshSettings s;
  SshLogin h{0, "", "web1", ""};
  // At the end of the run (basefiles): the directories too.
  std::string line = remove_line(s, h, {"a/b/c.txt", "/abs/x", "top/./y"}, "wd", false, true);
  EXPECT_TRUE(has(line, "rm -f -- wd/a/b/c.txt /abs/x wd/y")) << line;
  // Deepest first, and not /abs (it was there before).
  EXPECT_TRUE(has(line, "rmdir -- wd/a/b wd/a wd 2>/dev/null")) << line;
  // After a job: other jobs may be entering them.
  EXPECT_FALSE(has(remove_line(s, h, {"a/b/c.txt"}, "wd", false, false), "rmdir"));
  std::string own = remove_line(s, h, {}, ".shoal/tmp/m-1-1-0", true, false);
  EXPECT_TRUE(has(own, "rm -rf -- .shoal/tmp/m-1-1-0")) << own;
  EXPECT_FALSE(has(own, "rmdir")) << own;
  EXPECT_EQ(remove_line(s, h, {}, "wd", false, false), "");
}

TEST(Transfer, EachJobsFilesFromTheTemplates) {
  TransferOptions o;
  o.trc = {"{}.out"};
  o.workdir = "...";
  TransferTemplates t(o, "{}");
  std::vector<std::string> args{"in/a b"};
  JobFiles f = t.for_job(JobInput{args, 7, 1}, 3);
  EXPECT_EQ(f.transfer, std::vector<std::string>{"in/a b"});
  EXPECT_EQ(f.returns, std::vector<std::string>{"in/a b.out"});
  EXPECT_TRUE(f.cleanup);
  EXPECT_TRUE(f.remove_workdir);
  EXPECT_EQ(f.workdir.substr(0, 11), ".shoal/tmp/");
  EXPECT_EQ(f.workdir.substr(f.workdir.size() - 4), "-7-3");
  TransferOptions w;
  w.workdir = "./jobs/{}/";
  w.transfer = true;
  JobFiles g = TransferTemplates(w, "{}").for_job(JobInput{args, 1, 1}, 0);
  EXPECT_EQ(g.workdir, "jobs/in/a b");
  EXPECT_FALSE(g.cleanup);
}

TEST(Transfer, CommandLineRefusals) {
  auto copy = parse({"-S", "h1", "--tf", "x", "--copy", "a", "--dest", "d"});
  EXPECT_EQ(copy.exit_code, 255);
  EXPECT_TRUE(has(copy.message, "--copy")) << copy.message;
  auto base = parse({"-S", "h1", "--bf", "rel", "--wd", "...", "echo"});
  EXPECT_EQ(base.exit_code, 255);
  EXPECT_TRUE(has(base.message, "absolute")) << base.message;
  auto mux = parse({"-S", "h1", "--bf", "/abs", "--no-multiplex", "echo"});
  EXPECT_EQ(mux.exit_code, 255);
  auto ok = parse({"-S", "h1", "--trc", "{}.out", "--bf", "/abs", "--wd", "...", "echo", ":::", "a"});
  ASSERT_TRUE(ok.options) << ok.message;
  EXPECT_EQ(ok.options->remote_job.transfer.trc, std::vector<std::string>{"{}.out"});
}

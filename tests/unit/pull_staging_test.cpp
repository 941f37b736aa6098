// --rcopy's staging without ssh: what a pull's tool leaves in the staging
// directory is put in place only when the pull succeeded, over whatever an
// earlier pull left there, and nothing of the staging is left either way;
// and the reason an unreachable host's pull gives.
#include "remote/pull_staging.hpp"

#include "remote/fleet.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "temp_file.hpp"

using namespace shoal;
using namespace shoal::cli;
using test_support::read_file;
using test_support::TempDir;

namespace {

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }
std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}
Result ended(Status status) {
  Result r;
  r.status = status;
  r.exit_code = status == Status::ok ? 0 : 1;
  return r;
}

struct Pull : ::testing::Test {
  TempDir tmp;
  SshLogin web{0, "", "web1", ""};
  PullStaging staging_of(std::vector<std::string> sources, std::string dest) {
    CopySpec spec;
    spec.direction = CopySpec::Direction::pull;
    spec.sources = std::move(sources);
    spec.dest = std::move(dest);
    return PullStaging(spec);
  }
};

}  // namespace

TEST_F(Pull, ASucceededPullIsPutInPlace) {
  auto staging = staging_of({"/var/log/syslog", "/etc/nginx/"}, tmp / "new/dest");
  ASSERT_TRUE(staging.open().ok()) << "--dest is made";
  std::string stage = staging.prepare(web);
  EXPECT_EQ(stage, tmp / "new/dest/.shoal-partial.web1");
  write(stage + "/syslog", "log");
  ASSERT_EQ(::mkdir((stage + "/nginx").c_str(), 0755), 0);
  write(stage + "/nginx/nginx.conf", "conf");
  Result r = ended(Status::ok);
  staging.finish(web, r);
  EXPECT_EQ(r.status, Status::ok) << r.err.str();
  EXPECT_EQ(names_in(tmp / "new/dest"), (std::vector<std::string>{"nginx.web1", "syslog.web1"}));
  EXPECT_EQ(read_file(tmp / "new/dest/nginx.web1/nginx.conf"), "conf");
}

// A file over a directory, a directory over a file and over a directory:
// the new copy takes the place, nothing of the old one stays beside it.
TEST_F(Pull, TheNewCopyReplacesWhateverWasThere) {
  auto staging = staging_of({"/f", "/d", "/e"}, tmp.path());
  ASSERT_TRUE(staging.open().ok());
  ASSERT_EQ(::mkdir((tmp / "f.web1").c_str(), 0755), 0);
  write(tmp / "f.web1/old", "old");
  write(tmp / "d.web1", "old file");
  ASSERT_EQ(::mkdir((tmp / "e.web1").c_str(), 0755), 0);
  write(tmp / "e.web1/old", "old");
  std::string stage = staging.prepare(web);
  write(stage + "/f", "new f");
  ASSERT_EQ(::mkdir((stage + "/d").c_str(), 0755), 0);
  write(stage + "/d/in", "new d");
  ASSERT_EQ(::mkdir((stage + "/e").c_str(), 0755), 0);
  write(stage + "/e/in", "new e");
  Result r = ended(Status::ok);
  staging.finish(web, r);
  EXPECT_EQ(r.status, Status::ok) << r.err.str();
  EXPECT_EQ(read_file(tmp / "f.web1"), "new f");
  EXPECT_EQ(names_in(tmp / "d.web1"), std::vector<std::string>{"in"});
  EXPECT_EQ(names_in(tmp / "e.web1"), std::vector<std::string>{"in"});
  EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"d.web1", "e.web1", "f.web1"}));
}

// A failed, timed-out or interrupted pull: the earlier copy stays as it
// was, and what had arrived goes.
TEST_F(Pull, AFailedPullLeavesTheEarlierCopy) {
  for (Status how : {Status::failed, Status::timeout, Status::killed}) {
    auto staging = staging_of({"/f"}, tmp.path());
    ASSERT_TRUE(staging.open().ok());
    write(tmp / "f.web1", "earlier");
    write(staging.prepare(web) + "/f", "half");
    Result r = ended(how);
    staging.finish(web, r);
    EXPECT_EQ(r.status, how);
    EXPECT_EQ(read_file(tmp / "f.web1"), "earlier");
    EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"f.web1"});
  }
}

// The tool said it succeeded, yet the file is not there to move: the
// record says so, as a failure, rather than an ok with nothing pulled.
TEST_F(Pull, ACopyThatCannotBePlacedIsAFailure) {
  auto staging = staging_of({"/f"}, tmp.path());
  ASSERT_TRUE(staging.open().ok());
  staging.prepare(web);
  Result r = ended(Status::ok);
  staging.finish(web, r);
  EXPECT_EQ(r.status, Status::failed);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.str().find("shoal: cannot move"), std::string::npos) << r.err.str();
  EXPECT_TRUE(names_in(tmp.path()).empty());
}

// What a killed run left is cleared before the next pull, and close()
// removes the staging of jobs that never ended (Ctrl-C).
TEST_F(Pull, StagingNeverOutlivesTheRun) {
  auto staging = staging_of({"/f"}, tmp.path());
  ASSERT_TRUE(staging.open().ok());
  ASSERT_EQ(::mkdir((tmp / ".shoal-partial.web1").c_str(), 0755), 0);
  write(tmp / ".shoal-partial.web1/f", "stale");
  std::string stage = staging.prepare(web);
  EXPECT_TRUE(names_in(stage).empty()) << "stale staging cleared";
  write(stage + "/f", "half");
  staging.close();
  EXPECT_TRUE(names_in(tmp.path()).empty());
}

TEST_F(Pull, ADestThatIsAFileIsRefused) {
  write(tmp / "file", "x");
  auto opened = staging_of({"/f"}, tmp / "file").open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error(), "--dest " + (tmp / "file") + ": Not a directory");
}

// An unreachable host's record says ssh's reason, not the line scp adds
// after it (a pull connects directly: no shared connection said it first).
TEST(SshMessage, IsSshsReasonNotScpsLastWord) {
  Output err;
  (void)err.append("ssh: connect to host web1 port 22: Connection refused\r\nscp: Connection closed\r\n");
  EXPECT_EQ(ssh_message(err), "ssh: connect to host web1 port 22: Connection refused");
  Output plain;
  (void)plain.append("warning: x\nssh: Could not resolve hostname web1\n\n");
  EXPECT_EQ(ssh_message(plain), "ssh: Could not resolve hostname web1");
  Output alone;
  (void)alone.append("scp: Connection closed\n");
  EXPECT_EQ(ssh_message(alone), "scp: Connection closed");
}

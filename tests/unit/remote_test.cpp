// The remote policy without ssh: host ranges and their folding, sshlogins,
// the ssh command lines, and which host a job goes to.
#include <gtest/gtest.h>

#include <csignal>

#include "remote/host_pool.hpp"
#include "shoal/hosts.hpp"
#include "shoal/ssh.hpp"

using namespace shoal;
using namespace shoal::cli;
using Strings = std::vector<std::string>;

namespace {
Strings expand(std::string_view list) {
  std::string error;
  Strings out = expand_hosts(list, error);
  EXPECT_EQ(error, "") << list;
  return out;
}
std::string expand_error(std::string_view list) {
  std::string error;
  EXPECT_TRUE(expand_hosts(list, error).empty());
  return error;
}
bool has(const Strings& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

TEST(HostList, RangesListsAndPadding) {
  EXPECT_EQ(expand("web[01-03]"), (Strings{"web01", "web02", "web03"}));
  EXPECT_EQ(expand("db[1,3,7-9]"), (Strings{"db1", "db3", "db7", "db8", "db9"}));
  EXPECT_EQ(expand("n[08-10]"), (Strings{"n08", "n09", "n10"}));
  EXPECT_EQ(expand("plain,a[1-2].example.com"),
            (Strings{"plain", "a1.example.com", "a2.example.com"}));
}

TEST(HostList, SeveralBracketsGiveEveryCombination) {
  EXPECT_EQ(expand("rack[1-2]-node[01-02]"),
            (Strings{"rack1-node01", "rack1-node02", "rack2-node01", "rack2-node02"}));
}

TEST(HostList, Ipv6AddressIsNotARange) { EXPECT_EQ(expand("[::1]"), (Strings{"[::1]"})); }

TEST(HostList, MalformedListsSayWhy) {
  EXPECT_NE(expand_error("web[3-1]").find("1 is less than 3"), std::string::npos);
  EXPECT_NE(expand_error("web[1-3").find("unmatched ["), std::string::npos);
  EXPECT_NE(expand_error("web1-3]").find("unmatched ]"), std::string::npos);
  EXPECT_NE(expand_error("web[a-b]").find("bad range"), std::string::npos);
  EXPECT_NE(expand_error("web[1-]").find("bad range"), std::string::npos);
  EXPECT_NE(expand_error("web[0-9999999]").find("more than"), std::string::npos);
}

TEST(HostList, DuplicatesRunOnce) {
  EXPECT_EQ(unique_hosts({"a", "b", "a", "c", "b"}), (Strings{"a", "b", "c"}));
}

TEST(HostList, FoldsOnTheLastNumber) {
  EXPECT_EQ(fold_hosts({"web01", "web02", "web03", "web09", "web04", "web05", "web06", "web07"}),
            "web[01-07,09]");
  EXPECT_EQ(fold_hosts({"db1", "mail", "db3", "db2"}), "db[1-3],mail");
  EXPECT_EQ(fold_hosts({"node9", "node10", "node11"}), "node[9-11]");
  EXPECT_EQ(fold_hosts({"rack1-node01", "rack1-node02", "rack2-node01"}),
            "rack1-node[01-02],rack2-node01");
  EXPECT_EQ(fold_hosts({"h1"}), "h1");
  EXPECT_EQ(fold_hosts({"h1", "h1"}), "h1");
}

TEST(HostList, FoldThenExpandGivesTheSameHosts) {
  Strings hosts = expand("web[001-120],db[1-3,5],x");
  Strings again = expand(fold_hosts(hosts));
  EXPECT_EQ(again, hosts);
}

// Issue 13: `n <= b` never ended with b the largest 64-bit number (++n
// wrapped to 0), eating memory until the machine gave up.
TEST(HostList, LargestNumberIsOneHostNotAnEndlessLoop) {
  EXPECT_EQ(expand("a[18446744073709551615]"), (Strings{"a18446744073709551615"}));
  EXPECT_EQ(expand("a[18446744073709551614-18446744073709551615]"),
            (Strings{"a18446744073709551614", "a18446744073709551615"}));
  EXPECT_NE(expand_error("a[0-18446744073709551615]").find("more than"), std::string::npos);
}

TEST(HostList, NumberPast64BitsSaysSo) {
  EXPECT_NE(expand_error("a[99999999999999999999]").find("99999999999999999999 is too large"),
            std::string::npos);
  EXPECT_NE(expand_error("a[1-99999999999999999999]").find("is too large"), std::string::npos);
}

// The cap is on the whole list: 30 items of 99,999 hosts are 3 million
// hosts (888 MB) whether written as one item or thirty.
TEST(HostList, CapCountsEveryItemOfTheList) {
  std::string thirty;
  for (int i = 0; i < 30; ++i) thirty += "n" + std::to_string(i) + "[1-99999],";
  std::vector<SshLogin> logins;
  std::string error;
  EXPECT_FALSE(parse_sshlogins(thirty, logins, error));
  EXPECT_NE(error.find("more than 100000 hosts"), std::string::npos) << error;

  // ... and across -S options, which append to the same list.
  logins.clear();
  error.clear();
  ASSERT_TRUE(parse_sshlogins("a[1-60000]", logins, error)) << error;
  EXPECT_FALSE(parse_sshlogins("b[1-60000]", logins, error));
  EXPECT_NE(error.find("more than 100000 hosts"), std::string::npos) << error;

  EXPECT_NE(expand_error("a[1-60000],b[1-60000]").find("more than"), std::string::npos);
  // Thirty ranges in one bracket: refused before they are expanded.
  std::string bracket = "a[";
  for (int i = 0; i < 30; ++i) bracket += "1-99999,";
  bracket += "1]";
  EXPECT_NE(expand_error(bracket).find("more than"), std::string::npos);
  // A caller whose list is full gets no more.
  error.clear();
  EXPECT_TRUE(expand_hosts("x", error, max_hosts).empty());
  EXPECT_NE(error.find("more than"), std::string::npos);
  error.clear();
  EXPECT_EQ(expand_hosts("x", error, max_hosts - 1).size(), 1u);
}

// $SLURM_JOB_NODELIST is a host list as shoal writes them.
TEST(HostList, SlurmNodeListAsIs) {
  EXPECT_EQ(expand("node[001-004,007],gpu[1-2]"),
            (Strings{"node001", "node002", "node003", "node004", "node007", "gpu1", "gpu2"}));
  std::vector<SshLogin> logins;
  std::string error;
  ASSERT_TRUE(parse_sshlogins("node[001-004,007],gpu[1-2]", logins, error)) << error;
  EXPECT_EQ(logins.size(), 7u);
  EXPECT_EQ(logins[4].name(), "node007");
}

TEST(SshLogin, SlotsUserHostPort) {
  std::vector<SshLogin> logins;
  std::string error;
  ASSERT_TRUE(parse_sshlogins("4/admin@web[1-2]:2222, :,db", logins, error)) << error;
  ASSERT_EQ(logins.size(), 4u);
  EXPECT_EQ(logins[0].slots, 4u);
  EXPECT_EQ(logins[0].user, "admin");
  EXPECT_EQ(logins[0].host, "web1");
  EXPECT_EQ(logins[0].port, "2222");
  EXPECT_EQ(logins[1].name(), "admin@web2:2222");
  EXPECT_TRUE(logins[2].local());
  EXPECT_EQ(logins[3].name(), "db");
  EXPECT_EQ(logins[3].slots, 0u);
}

TEST(SshLogin, BadOnesSayWhy) {
  std::vector<SshLogin> logins;
  std::string error;
  EXPECT_FALSE(parse_sshlogins("h:port", logins, error));
  EXPECT_NE(error.find("port must be a number"), std::string::npos);
  EXPECT_FALSE(parse_sshlogins("0/h", logins, error));
  EXPECT_FALSE(parse_sshlogins("@h", logins, error));
}

TEST(SshLogin, SameLoginTwiceRunsOnceKeepingTheFirstSlots) {
  std::vector<SshLogin> logins;
  std::string error;
  ASSERT_TRUE(parse_sshlogins("2/h1,h2,5/h1,h[1-2]", logins, error));
  auto unique = unique_logins(logins);
  ASSERT_EQ(unique.size(), 2u);
  EXPECT_EQ(unique[0].slots, 2u);
}

TEST(SshCommand, JobGoesThroughTheSharedConnectionAndNeverPrompts) {
  SshSettings s;
  s.ssh = {"ssh", "-F", "cfg"};
  s.control_dir = "/tmp/shoal-x";
  SshLogin login{0, "admin", "web1", "2222"};
  Strings argv = ssh_job_argv(s, login, "echo hi");
  EXPECT_EQ(argv[0], "ssh");
  EXPECT_EQ(argv[2], "cfg");
  EXPECT_TRUE(has(argv, "BatchMode=yes"));
  EXPECT_TRUE(has(argv, "ConnectTimeout=10"));
  EXPECT_TRUE(has(argv, "ControlMaster=no"));
  EXPECT_TRUE(has(argv, "2222"));
  EXPECT_TRUE(has(argv, "admin"));
  for (const auto& a : argv) EXPECT_EQ(a.find("StrictHostKeyChecking"), std::string::npos);
  ASSERT_GE(argv.size(), 3u);
  EXPECT_EQ(argv[argv.size() - 3], "web1");
  EXPECT_EQ(argv[argv.size() - 2], "--");
  EXPECT_EQ(argv.back(), remote_script("echo hi"));
}

TEST(SshCommand, EachLoginHasItsOwnSocket) {
  SshSettings s;
  s.control_dir = "/tmp/shoal-x";
  auto path = [&](const char* host) {
    for (const auto& a : ssh_master_argv(s, SshLogin{0, "", host, ""}))
      if (a.rfind("ControlPath=", 0) == 0) return a;
    return std::string();
  };
  EXPECT_NE(path("h1"), "");
  EXPECT_NE(path("h1"), path("h2"));
  EXPECT_LT(path("h1").size(), 108u);
}

TEST(SshCommand, WithoutMultiplexingNoControlPath) {
  SshSettings s;
  s.connect_timeout = 0;
  for (const auto& a : ssh_job_argv(s, SshLogin{0, "", "h", ""}, "true")) {
    EXPECT_EQ(a.find("Control"), std::string::npos);
    EXPECT_EQ(a.find("ConnectTimeout"), std::string::npos);
  }
}

TEST(SshCommand, RemoteScriptQuotesTheCommandAsOneWord) {
  std::string script = remote_script("echo 'it'\"'\"'s'; x");
  EXPECT_NE(script.find("eval 'echo '\\''it'\\''\"'\\''\"'\\''s'\\''; x'"), std::string::npos)
      << script;
}

TEST(SshCommand, RemoteScriptEndsTheSessionByTheTermseq) {
  using std::chrono::milliseconds;
  std::string script = remote_script("x", {{SIGINT, milliseconds(200)}, {SIGKILL, milliseconds(0)}});
  EXPECT_NE(script.find("trap '' INT; read -r _ <&3; kill -INT 0; sleep 0.200; kill -KILL 0;"),
            std::string::npos)
      << script;
  EXPECT_NE(remote_script("x").find("kill -TERM 0; sleep 2; kill -KILL 0;"), std::string::npos);
}

TEST(HostPool, SpreadsToTheHostWithMostRoomOnceUp) {
  std::vector<SshLogin> logins{{2, "", "a", ""}, {3, "", "b", ""}};
  HostPool pool(logins, 1, true);
  EXPECT_EQ(pool.total_slots(), 5u);
  EXPECT_EQ(pool.place_anywhere().kind, HostPool::Placement::Kind::wait);
  pool.set_up(0);
  auto p = pool.place_anywhere();
  ASSERT_EQ(p.kind, HostPool::Placement::Kind::run);
  EXPECT_EQ(p.host, 0u);
  pool.set_up(1);
  EXPECT_EQ(pool.place_anywhere().host, 1u);  // 3 free beats 2
  pool.take(1);
  pool.take(1);
  EXPECT_EQ(pool.place_anywhere().host, 0u);
  pool.take(0);
  pool.take(0);
  pool.take(1);
  EXPECT_EQ(pool.place_anywhere().kind, HostPool::Placement::Kind::wait);
  pool.release(0);
  EXPECT_EQ(pool.place_anywhere().host, 0u);
}

TEST(HostPool, DownHostsTakeNothingAndAllDownFails) {
  std::vector<SshLogin> logins{{0, "", "a", ""}, {0, "", "b", ""}};
  HostPool pool(logins, 1, true);
  pool.set_down(0, "refused");
  EXPECT_EQ(pool.place_on(0).kind, HostPool::Placement::Kind::fail);
  EXPECT_EQ(pool.place_on(0).reason, "refused");
  EXPECT_EQ(pool.place_anywhere().kind, HostPool::Placement::Kind::wait);  // b may come
  pool.set_down(1, "timed out");
  auto p = pool.place_anywhere();
  EXPECT_EQ(p.kind, HostPool::Placement::Kind::fail);
  EXPECT_NE(p.reason.find("a: refused"), std::string::npos);
  EXPECT_NE(p.reason.find("b: timed out"), std::string::npos);
}

TEST(HostPool, LocalHostNeedsNoConnection) {
  std::vector<SshLogin> logins{{0, "", ":", ""}};
  HostPool pool(logins, 2, true);
  EXPECT_EQ(pool.place_on(0).kind, HostPool::Placement::Kind::run);
}

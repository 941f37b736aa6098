// Choosing hosts as pdsh and clush users do, without files or ssh: groups
// files in ClusterShell's two formats, @group references in host lists,
// and --exclude. What real ClusterShell (nodeset 1.9.1) gives for the same
// files was checked by hand; where shoal differs, the test says so.
#include <gtest/gtest.h>

#include "remote/host_groups.hpp"
#include "remote/host_selection.hpp"
#include "shoal/hosts.hpp"

using namespace shoal;
using namespace shoal::cli;
using Strings = std::vector<std::string>;

namespace {

HostGroups groups(std::string_view text, HostGroups::Format format = HostGroups::Format::plain) {
  HostGroups g;
  auto parsed = g.parse(text, format, "groups");
  EXPECT_TRUE(parsed) << parsed.error();
  return g;
}

Strings expand(const HostGroups& g, std::string_view reference) {
  auto hosts = g.expand(reference);
  EXPECT_TRUE(hosts) << hosts.error();
  return hosts ? *hosts : Strings();
}

std::string expand_error(const HostGroups& g, std::string_view reference) {
  auto hosts = g.expand(reference);
  EXPECT_FALSE(hosts);
  return hosts.error();
}

std::string parse_error(std::string_view text, HostGroups::Format format = HostGroups::Format::plain) {
  HostGroups g;
  auto parsed = g.parse(text, format, "groups");
  EXPECT_FALSE(parsed);
  return parsed.error();
}

Strings names(const std::vector<SshLogin>& logins) {
  Strings out;
  for (const auto& l : logins) out.push_back(l.name());
  return out;
}

constexpr std::string_view plain = R"(# the fleet
web: web[01-03] web07
db: db[1-2],@web

web: extra1   # a name on two lines is both lines, as ClusterShell's sed upcall
rack1: r1n[1-2]
rack2: r2n[1-2]
racks: @rack[1-2]
all: @web,@db
canary: web[01-05]!web03,web09
)";

}  // namespace

TEST(HostGroups, PlainFormatNameColonHosts) {
  auto g = groups(plain);
  EXPECT_EQ(expand(g, "web"), (Strings{"web01", "web02", "web03", "web07", "extra1"}));
  EXPECT_EQ(expand(g, "rack1"), (Strings{"r1n1", "r1n2"}));
}

TEST(HostGroups, GroupsHoldGroupsEachHostOnceInTheOrderWritten) {
  auto g = groups(plain);
  // nodeset -e @db sorts them (db1 db2 extra1 web01 ...); shoal keeps the
  // order written, as it does for -S.
  EXPECT_EQ(expand(g, "db"), (Strings{"db1", "db2", "web01", "web02", "web03", "web07", "extra1"}));
  EXPECT_EQ(expand(g, "all"), (Strings{"web01", "web02", "web03", "web07", "extra1", "db1", "db2"}))
      << "@db's share of @web is there once";
}

TEST(HostGroups, ARangeOfGroupNames) {
  auto g = groups(plain);
  EXPECT_EQ(expand(g, "racks"), (Strings{"r1n1", "r1n2", "r2n1", "r2n2"}));
  EXPECT_EQ(expand(g, "rack[1-2]"), expand(g, "racks"));
}

TEST(HostGroups, ClusterShellOperatorsLeftToRight) {
  auto g = groups(plain);
  // nodeset -e 'web[01-05]!web03,web09': web01 web02 web04 web05 web09.
  EXPECT_EQ(expand(g, "canary"), (Strings{"web01", "web02", "web04", "web05", "web09"}));
  auto ops = groups("and: a[1-5]&a[4-9]\nxor: a[1-3]^a[3-4]\nlate: a[1-5],a3!a3\n");
  EXPECT_EQ(expand(ops, "and"), (Strings{"a4", "a5"}));
  EXPECT_EQ(expand(ops, "xor"), (Strings{"a1", "a2", "a4"}));
  EXPECT_EQ(expand(ops, "late"), (Strings{"a1", "a2", "a4", "a5"}));  // as nodeset: no a3
}

TEST(HostGroups, MissingGroupAndCycleAreErrors) {
  auto g = groups("a: @b\nb: @c\nc: @a\nuses: h1,@nope\nempty:\n");
  // nodeset prints nothing and exits 0 for a missing group, and dies of
  // Python's recursion limit on a cycle; shoal says which.
  EXPECT_EQ(expand_error(g, "nope"), "no group @nope in groups");
  EXPECT_EQ(expand_error(g, "uses"), "no group @nope in groups (used by @uses)");
  EXPECT_EQ(expand_error(g, "a"), "group cycle in groups: @a -> @b -> @c -> @a");
  EXPECT_EQ(expand(g, "empty"), Strings{});
  // The same object still answers after an error.
  EXPECT_EQ(expand_error(g, "b"), "group cycle in groups: @b -> @c -> @a -> @b");
}

TEST(HostGroups, BadTextSaysWhereAndWhat) {
  EXPECT_EQ(parse_error("web: a\njust words\n"), "groups line 2: expected 'name: hosts'");
  EXPECT_NE(parse_error("web:\n    a: b\n").find("line 2: an indented line"), std::string::npos);
  EXPECT_NE(parse_error("w b: a\n").find("bad group name 'w b'"), std::string::npos);
  auto g = groups("web: a[1-\nusers: root@h1\n");
  EXPECT_NE(expand_error(g, "web").find("groups: group @web: bad host list"), std::string::npos);
  EXPECT_NE(expand_error(g, "users").find("'root@h1' is not a host name"), std::string::npos);
  EXPECT_NE(expand_error(g, "w!x").find("bad group name"), std::string::npos);
}

TEST(HostGroups, HugeGroupsAreRefused) {
  auto g = groups("big: a[1-60000] b[1-60000]\n");
  EXPECT_NE(expand_error(g, "big").find("more than 100000"), std::string::npos);
}

// ClusterShell's groups.d/*.yaml: sources, each a map of groups.
constexpr std::string_view yaml = R"(# several sources
---
roles:
    adm: 'admin0'
    io: "@racks:rack2,io1"   # another source's group
    compute: '@racks:rack[3-4]'
    all: '@adm,@io,@compute'
    listed: [n1, 'n2', "n[3-4]"]
    block:
      - b1
      - 'b[2-3]'
    nothing:
    nothing2: ~
racks:
    rack2: 'n[4-5]'
    rack3: n[6-7]
    rack4: n7
    all: '@rack[2-4]'
cpu:
    ivy: 'n[4-6]'
    hsw: '@roles:compute!@ivy'
)";

TEST(HostGroups, YamlSourcesAsClusterShellReadsThem) {
  auto g = groups(yaml, HostGroups::Format::yaml);
  EXPECT_EQ(expand(g, "adm"), Strings{"admin0"}) << "the first source is the default";
  EXPECT_EQ(expand(g, "roles:adm"), Strings{"admin0"});
  EXPECT_EQ(expand(g, "io"), (Strings{"n4", "n5", "io1"}));
  EXPECT_EQ(expand(g, "all"), (Strings{"admin0", "n4", "n5", "io1", "n6", "n7"}));
  EXPECT_EQ(expand(g, "racks:all"), (Strings{"n4", "n5", "n6", "n7"})) << "@rack[2-4] within racks";
  EXPECT_EQ(expand(g, "cpu:hsw"), Strings{"n7"});
  EXPECT_EQ(expand(g, "listed"), (Strings{"n1", "n2", "n3", "n4"}));
  EXPECT_EQ(expand(g, "block"), (Strings{"b1", "b2", "b3"}));
  EXPECT_EQ(expand(g, "nothing"), Strings{});
  EXPECT_EQ(expand(g, "nothing2"), Strings{});
  EXPECT_NE(expand_error(g, "gpu:x").find("no group source 'gpu'"), std::string::npos);
  EXPECT_NE(expand_error(g, "web:22").find("a group takes no :port"), std::string::npos);
}

TEST(HostGroups, YamlBeyondTheSubsetIsAnErrorNotAGuess) {
  auto y = HostGroups::Format::yaml;
  EXPECT_NE(parse_error("s:\n  a: &x n1\n", y).find("line 2: YAML's '&'"), std::string::npos);
  EXPECT_NE(parse_error("s:\n  a: |\n    n1\n", y).find("YAML's '|'"), std::string::npos);
  EXPECT_NE(parse_error("s:\n  a:\n    b: n1\n", y).find("line 3: unexpected indentation"), std::string::npos);
  EXPECT_NE(parse_error("s:\n\ta: n1\n", y).find("a tab"), std::string::npos);
  EXPECT_NE(parse_error("s: n1\n", y).find("line 1: expected 'source:'"), std::string::npos);
  EXPECT_NE(parse_error("  a: n1\n", y).find("before any 'source:'"), std::string::npos);
  EXPECT_NE(parse_error("s:\n  a: 'n1\n", y).find("unclosed quote"), std::string::npos);
  EXPECT_NE(parse_error("s:\n  a: [n1, n2\n", y).find("closed with ]"), std::string::npos);
  EXPECT_EQ(parse_error("s:\n  a: 'n1' n2\n", y), "groups line 2: text after a closing quote");
  EXPECT_EQ(parse_error("s:\n  a: [n1, 'n2]\n", y), "groups line 2: an unclosed quote in a list");
  EXPECT_EQ(parse_error("s:\n  a: [n1, &n2]\n", y).find("groups line 2: YAML's '&'"), 0u);
  EXPECT_EQ(parse_error("s:\n  a:\n    - \"n\\1\"\n", y),
            "groups line 3: an unclosed quote, or an escape other than \\\" and \\\\");
  EXPECT_NE(parse_error("s:\n  a: n1\n  a: n2\n", y).find("defined twice"), std::string::npos);
}

TEST(HostGroups, FormatFollowsTheFileName) {
  EXPECT_EQ(HostGroups::format_of("/etc/clustershell/groups.d/cluster.yaml"), HostGroups::Format::yaml);
  EXPECT_EQ(HostGroups::format_of("x.yml"), HostGroups::Format::yaml);
  EXPECT_EQ(HostGroups::format_of("/etc/clustershell/groups"), HostGroups::Format::plain);
  EXPECT_EQ(HostGroups::format_of("groups.d/local.cfg"), HostGroups::Format::plain);
}

// ---- @group references in host lists ----

namespace {
struct Parser {
  int loads = 0;
  std::string text = std::string(plain);
  bool fail = false;
  HostListParser parser{[this](HostGroups& g) -> Checked<void> {
    ++loads;
    if (fail) return shoal::cli::fail("cannot read groups file x: No such file or directory");
    return g.parse(text, HostGroups::Format::plain, "x");
  }};
};
// Whether a step worked, saying why not when it did not.
::testing::AssertionResult ok(const Checked<void>& step) {
  if (step) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << step.error();
}

// Why a step that must fail failed ("" and a test failure if it did not).
std::string refused(const Checked<void>& step) {
  EXPECT_FALSE(step);
  return step.error();
}
}  // namespace

TEST(HostSelection, GroupReferencesInAHostList) {
  Parser p;
  std::vector<SshLogin> out;
  std::string error;
  ASSERT_TRUE(ok(p.parser.logins("@rack1,h9", out)));
  EXPECT_EQ(names(out), (Strings{"r1n1", "r1n2", "h9"}));
  out.clear();
  ASSERT_TRUE(ok(p.parser.logins("4/admin@@rack2, 2/@rack1", out)));
  EXPECT_EQ(names(out), (Strings{"admin@r2n1", "admin@r2n2", "r1n1", "r1n2"}));
  EXPECT_EQ(out[0].slots, 4u);
  EXPECT_EQ(out[3].slots, 2u);
  EXPECT_EQ(p.loads, 1) << "the groups file is read once";
}

TEST(HostSelection, NoGroupNoGroupsFile) {
  Parser p;
  p.fail = true;
  std::vector<SshLogin> out;
  std::string error;
  ASSERT_TRUE(ok(p.parser.logins("h[1-3],admin@h4:2222", out)));
  EXPECT_EQ(p.loads, 0);
  error = refused(p.parser.logins("h1,@web", out));
  EXPECT_EQ(error, "cannot read groups file x: No such file or directory (needed for @web)");
}

TEST(HostSelection, BadReferencesSayWhy) {
  Parser p;
  std::vector<SshLogin> out;
  std::string error;
  error = refused(p.parser.logins("@grp1/server1", out));
  EXPECT_NE(error.find("GNU parallel's --hostgroups"), std::string::npos);
  error = refused(p.parser.logins("@", out));
  EXPECT_NE(error.find("a group name must follow @"), std::string::npos);
  error = refused(p.parser.excludes("2/h1", out));
  EXPECT_NE(error.find("N/ (jobs at once) means nothing"), std::string::npos);
  error = refused(p.parser.logins("@nope", out));
  EXPECT_EQ(error, "no group @nope in x");
}

TEST(HostSelection, ExcludeByHostOrByTheExactLogin) {
  Parser p;
  std::vector<SshLogin> logins, excluded;
  std::string error;
  ASSERT_TRUE(ok(p.parser.logins("web1,admin@web1:2222,root@web2,web2:2222,web3,@rack1", logins)));
  auto left = [&](std::string_view x) {
    excluded.clear();
    EXPECT_TRUE(ok(p.parser.excludes(x, excluded)));
    return names(exclude_logins(logins, excluded));
  };
  // pdsh -x web1: no web1 of any user or port.
  EXPECT_EQ(left("web1"), (Strings{"root@web2", "web2:2222", "web3", "r1n1", "r1n2"}));
  EXPECT_EQ(left("root@web2"), (Strings{"web1", "admin@web1:2222", "web2:2222", "web3", "r1n1", "r1n2"}));
  EXPECT_EQ(left("web2:2222,web[1-2]:22"), (Strings{"web1", "admin@web1:2222", "root@web2", "web3", "r1n1", "r1n2"}));
  EXPECT_EQ(left("@rack1,web[2-9],nothere"), (Strings{"web1", "admin@web1:2222"}));
}

#include "json_record.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

using namespace shoal::cli;

namespace {
shoal::Result result(std::string out) {
  shoal::Result r;
  r.status = shoal::Status::failed;
  r.exit_code = 2;
  r.out.append(out);
  r.start = std::chrono::steady_clock::time_point(std::chrono::seconds(5));
  r.end = r.start + std::chrono::milliseconds(1500);
  r.wall_start = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
  return r;
}
}  // namespace

TEST(Base64, KnownVectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(JsonRecord, OneLineWithEveryField) {
  std::string line = format_json_record({7, {"a b"}, ":", "echo 'a b'", ""}, result("hi\n"));
  ASSERT_EQ(line.find('\n'), line.size() - 1);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["seq"], 7);
  EXPECT_EQ(j["args"], nlohmann::json::array({"a b"}));
  EXPECT_EQ(j["command"], "echo 'a b'");
  EXPECT_EQ(j["status"], "failed");
  EXPECT_EQ(j["exit"], 2);
  EXPECT_DOUBLE_EQ(j["start"].get<double>(), 1000.0);
  EXPECT_DOUBLE_EQ(j["end"].get<double>(), 1001.5);
  EXPECT_DOUBLE_EQ(j["duration"].get<double>(), 1.5);
  EXPECT_EQ(j["stdout"], "hi\n");
  EXPECT_FALSE(j.contains("stdout_base64"));
}

TEST(JsonRecord, InvalidUtf8IsKeptExactlyInBase64) {
  auto j = nlohmann::json::parse(format_json_record({1, {"x"}, ":", "x", ""}, result("a\xff" "b")));
  EXPECT_EQ(j["stdout_base64"], base64_encode("a\xff" "b"));
  EXPECT_EQ(j["stdout"], "a\xef\xbf\xbd" "b");  // U+FFFD where the bad byte was
}

TEST(JsonRecord, ArgumentsThatAreNotUtf8AreKeptExactlyInBase64) {
  auto j = nlohmann::json::parse(format_json_record({1, {"ok", "x\xffy"}, ":", "x", ""}, result("")));
  EXPECT_EQ(j["args_base64"], nlohmann::json::array({base64_encode("ok"), base64_encode("x\xffy")}));
  EXPECT_FALSE(nlohmann::json::parse(format_json_record({1, {"caf\xc3\xa9"}, ":", "x", ""}, result("")))
                   .contains("args_base64"));
}

// Tests of the access-log line format and level filtering.
#include "service/logging.h"

#include <cstdio>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CallRecord Record(const std::string& code) {
  CallRecord record;
  record.request_id = "req-1";
  record.method = "/aka.v1.Resolver/Resolve";
  record.code = code;
  record.latency_ms = 1.5;
  record.peer = "ipv4:127.0.0.1:5000";
  record.messages_received = 1;
  record.messages_sent = 1;
  return record;
}

TEST(LoggingTest, OneJsonObjectWithTheFieldsOperatorsSearchBy) {
  const std::string line = FormatCallLine(Record("OK"), LogLevel::kInfo, absl::FromUnixSeconds(0));
  EXPECT_EQ(line,
            "{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"info\",\"request_id\":\"req-1\","
            "\"method\":\"/aka.v1.Resolver/Resolve\",\"code\":\"OK\",\"latency_ms\":1.500,"
            "\"peer\":\"ipv4:127.0.0.1:5000\",\"messages_received\":1,\"messages_sent\":1}");
}

TEST(LoggingTest, HostileTextCannotBreakTheLine) {
  CallRecord record = Record("OK");
  record.request_id = "a\"b\\c\nd\x01";
  record.name = "APT \"31\"\n{\"level\":\"error\"}";
  const std::string line = FormatCallLine(record, LogLevel::kDebug, absl::FromUnixSeconds(0));
  EXPECT_THAT(line, Not(HasSubstr("\n")));
  EXPECT_THAT(line, HasSubstr("\"request_id\":\"a\\\"b\\\\c\\nd\\u0001\""));
  EXPECT_THAT(line, HasSubstr("\"name\":\"APT \\\"31\\\"\\n{\\\"level\\\":\\\"error\\\"}\""));
}

// Reads what a CallLogger at `level` writes for `record`.
std::string Logged(LogLevel level, const CallRecord& record) {
  std::FILE* out = std::tmpfile();
  CallLogger(level, out).Log(record);
  std::rewind(out);
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, out)) > 0) text.append(buffer, n);
  std::fclose(out);
  return text;
}

TEST(LoggingTest, LevelsFilterCallsAndNamesAppearOnlyAtDebug) {
  CallRecord ok = Record("OK");
  EXPECT_EQ(Logged(LogLevel::kWarn, ok), "");
  EXPECT_THAT(Logged(LogLevel::kWarn, Record("INTERNAL")), HasSubstr("\"level\":\"warn\""));
  EXPECT_THAT(Logged(LogLevel::kInfo, ok), HasSubstr("\"code\":\"OK\""));
  EXPECT_EQ(LevelForCode("INVALID_ARGUMENT"), LogLevel::kInfo);
  EXPECT_EQ(LevelForCode("RESOURCE_EXHAUSTED"), LogLevel::kWarn);
  EXPECT_FALSE(CallLogger(LogLevel::kInfo).logs_names());
  EXPECT_TRUE(CallLogger(LogLevel::kDebug).logs_names());
  EXPECT_EQ(ParseLogLevel("debug").value(), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("verbose").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aka::service

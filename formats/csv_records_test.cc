// Tests for the libcsv record reader: quoting, line numbers and legacy-file quirks.
#include "formats/csv_records.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::formats {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

using Records = std::vector<std::pair<int, std::vector<std::string>>>;

Records Parse(const std::string& text, absl::Status* status_out = nullptr) {
  Records records;
  absl::Status status = ParseCsvRecords(text, "t.csv", [&](int line, std::vector<std::string>& fields) {
    records.emplace_back(line, std::move(fields));
    return absl::OkStatus();
  });
  if (status_out != nullptr) {
    *status_out = status;
  } else {
    EXPECT_TRUE(status.ok()) << status;
  }
  return records;
}

TEST(CsvRecordsTest, QuotedCommasQuotesAndNewlines) {
  const Records records = Parse(
      "1,\"SMITH, John\",-0- \r\n"
      "2,\"say \"\"hi\"\"\",x\r\n"
      "3,\"two\nlines\",y\r\n"
      "4,z,w\r\n");
  EXPECT_THAT(records, ElementsAre(Pair(1, ElementsAre("1", "SMITH, John", "-0-")),
                                   Pair(2, ElementsAre("2", "say \"hi\"", "x")),
                                   Pair(3, ElementsAre("3", "two\nlines", "y")),
                                   Pair(5, ElementsAre("4", "z", "w"))));
}

TEST(CsvRecordsTest, EmptyLinesBomEofMarkAndMissingFinalNewline) {
  const Records records = Parse("\xEF\xBB\xBF" "a,b\n\n\r\nc,d\n\x1a");
  EXPECT_THAT(records, ElementsAre(Pair(1, ElementsAre("a", "b")), Pair(4, ElementsAre("c", "d"))));
  EXPECT_THAT(Parse("a,b\nc,d"), ElementsAre(Pair(1, ElementsAre("a", "b")), Pair(2, ElementsAre("c", "d"))));
}

TEST(CsvRecordsTest, UnclosedQuoteIsAnErrorWithItsLine) {
  absl::Status status;
  Parse("a,b\nc,\"open\nmore\n", &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("t.csv:2:"));
}

TEST(CsvRecordsTest, StrayQuoteIsAnErrorWithItsLine) {
  absl::Status status;
  Parse("a,b\r\nc,d\r\ne,\"x\"y\r\n", &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("t.csv:3:"));
}

TEST(CsvRecordsTest, SpacesAroundFieldsAreTolerated) {
  EXPECT_THAT(Parse("1 , \"A, B\" ,-0- \r\n"), ElementsAre(Pair(1, ElementsAre("1", "A, B", "-0-"))));
}

TEST(CsvRecordsTest, HandlerErrorStopsTheRead) {
  int calls = 0;
  absl::Status status = ParseCsvRecords("a\nb\nc\n", "t.csv", [&](int, std::vector<std::string>&) {
    ++calls;
    return absl::CancelledError("stop");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

TEST(CsvRecordsTest, MissingFileIsNotFound) {
  EXPECT_EQ(ReadCsvRecords("/nonexistent/x.csv", [](int, std::vector<std::string>&) {
              return absl::OkStatus();
            }).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace aka::formats

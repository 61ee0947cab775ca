#include "client/canonicalize/csv_table.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::canonicalize {
namespace {

using ::testing::ElementsAre;

class CsvTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("csv_table_test." + std::to_string(::getpid()) + "." +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& contents) {
    std::string path = (dir_ / "in.csv").string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  // Reads every record after the header, with a tiny chunk size so records straddle chunk boundaries.
  std::vector<CsvRecord> ReadAll(const std::string& contents, std::vector<std::string>* header = nullptr) {
    auto input = InputFile::Open(Write(contents));
    EXPECT_TRUE(input.ok()) << input.status();
    input_ = std::move(*input);
    CsvReaderOptions options;
    options.chunk_bytes = 3;
    auto reader = CsvReader::Open(input_.get(), options);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (header != nullptr) *header = (*reader)->header();
    std::vector<CsvRecord> records;
    CsvRecord record;
    while (true) {
      auto found = (*reader)->Next(&record);
      EXPECT_TRUE(found.ok()) << found.status();
      if (!found.ok() || !*found) break;
      records.push_back(record);
    }
    return records;
  }

  std::filesystem::path dir_;
  std::unique_ptr<InputFile> input_;
};

TEST_F(CsvTableTest, ReadsQuotedFieldsCommasQuotesAndNewlines) {
  std::vector<std::string> header;
  auto records = ReadAll(
      "id,name\n"
      "1,\"Fancy, Bear\"\n"
      "2,\"say \"\"hi\"\"\"\n"
      "3,\"two\nlines\"\n"
      "4, spaced \n",
      &header);
  EXPECT_THAT(header, ElementsAre("id", "name"));
  ASSERT_EQ(records.size(), 4u);
  EXPECT_THAT(records[0].fields, ElementsAre("1", "Fancy, Bear"));
  EXPECT_THAT(records[1].fields, ElementsAre("2", "say \"hi\""));
  EXPECT_THAT(records[2].fields, ElementsAre("3", "two\nlines"));
  EXPECT_THAT(records[3].fields, ElementsAre("4", " spaced "));
  EXPECT_EQ(records[0].line, 2);
  EXPECT_EQ(records[2].line, 4);
  EXPECT_EQ(records[3].line, 6);  // the record before spans lines 4-5
  EXPECT_EQ(records[0].offset, 8);
  for (const auto& r : records) EXPECT_EQ(r.error, "");
}

TEST_F(CsvTableTest, CrlfBomAndMissingFinalNewline) {
  std::vector<std::string> header;
  auto records = ReadAll("\xEF\xBB\xBFname,x\r\n\"a\r\nb\",1\r\n\r\nc,2", &header);
  EXPECT_THAT(header, ElementsAre("name", "x"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("a\r\nb", "1"));
  EXPECT_EQ(records[0].line, 2);
  EXPECT_THAT(records[1].fields, ElementsAre("c", "2"));
  EXPECT_EQ(records[1].line, 5);  // a blank line (4) is skipped but counted
}

TEST_F(CsvTableTest, HeaderOnlyHasNoRecords) { EXPECT_TRUE(ReadAll("a,b\n").empty()); }

TEST_F(CsvTableTest, EmptyInputIsAnError) {
  auto input = InputFile::Open(Write(""));
  ASSERT_TRUE(input.ok());
  auto reader = CsvReader::Open(input->get());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CsvTableTest, RaggedAndMalformedRowsAreBadRowsWithLineNumbers) {
  auto records = ReadAll("a,b\n1,2\n1,2,3\nx\n\"bad\"quote,1\n5,6\n\"open,7\n");
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[1].line, 3);
  EXPECT_EQ(records[1].error, "record has 3 fields; the header has 2");
  EXPECT_EQ(records[2].line, 4);
  EXPECT_THAT(records[2].error, ::testing::HasSubstr("1 fields"));
  EXPECT_EQ(records[3].line, 5);
  EXPECT_THAT(records[3].error, ::testing::HasSubstr("malformed"));
  EXPECT_THAT(records[4].fields, ElementsAre("5", "6"));  // reading goes on after the malformed line
  EXPECT_EQ(records[4].line, 6);
  EXPECT_EQ(records[5].line, 7);
  EXPECT_THAT(records[5].error, ::testing::HasSubstr("unterminated"));
}

TEST_F(CsvTableTest, WriterQuotesExactlyWhenNeeded) {
  std::string out;
  AppendCsvRecord(std::vector<std::string>{"plain", "a,b", "q\"q", "l\nf", " lead", "trail ", ""}, &out);
  EXPECT_EQ(out, "plain,\"a,b\",\"q\"\"q\",\"l\nf\",\" lead\",\"trail \",\n");
  out.clear();
  AppendCsvRecord(std::vector<std::string>{""}, &out);
  EXPECT_EQ(out, "\"\"\n");
  // A carriage return needs quotes; bytes above 0x7f (UTF-8, or a stray 0xff) and tabs inside do not.
  out.clear();
  AppendCsvRecord(std::vector<std::string>{"c\rr", "Caf\xC3\xA9", "\xFF\xAC", "t\tt"}, &out);
  EXPECT_EQ(out, "\"c\rr\",Caf\xC3\xA9,\xFF\xAC,t\tt\n");
}

TEST_F(CsvTableTest, RoundTripReproducesFields) {
  const std::vector<std::vector<std::string>> rows = {
      {"h1", "h2", "h3"}, {"a,b", "\"x\"", " y "}, {"multi\r\nline", "", "z"}, {"", "", ""}, {"é漢", "\t", "c"}};
  std::string text;
  for (const auto& row : rows) AppendCsvRecord(row, &text);
  std::vector<std::string> header;
  auto records = ReadAll(text, &header);
  EXPECT_EQ(header, rows[0]);
  ASSERT_EQ(records.size(), rows.size() - 1);
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].fields, rows[i + 1]) << i;
    EXPECT_EQ(records[i].error, "");
  }
}

// Found by fuzz/csv_table_fuzzer: a first header field starting with U+FEFF, written unquoted at the start of
// the file, was read back as a byte order mark and lost.
TEST_F(CsvTableTest, RoundTripKeepsALeadingFeffInTheFirstField) {
  std::string text;
  AppendCsvRecord(std::vector<std::string>{"\xEF\xBB\xBFid", "name"}, &text);
  AppendCsvRecord(std::vector<std::string>{"1", "x"}, &text);
  std::vector<std::string> header;
  auto records = ReadAll(text, &header);
  EXPECT_THAT(header, ElementsAre("\xEF\xBB\xBFid", "name"));
  ASSERT_EQ(records.size(), 1u);
}

// Found by fuzz/csv_table_fuzzer: a chunk size below 3 made Open's byte-order-mark read ask for 0 bytes and
// take that for the end of the file.
TEST_F(CsvTableTest, ChunkSmallerThanABomStillReadsTheWholeFile) {
  for (size_t chunk : {size_t{1}, size_t{2}}) {
    auto input = InputFile::Open(Write("id,name\n1,x\n"));
    ASSERT_TRUE(input.ok());
    CsvReaderOptions options;
    options.chunk_bytes = chunk;
    auto reader = CsvReader::Open(input->get(), options);
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_THAT((*reader)->header(), ElementsAre("id", "name")) << chunk;
    CsvRecord record;
    auto found = (*reader)->Next(&record);
    ASSERT_TRUE(found.ok() && *found) << chunk;
    EXPECT_THAT(record.fields, ElementsAre("1", "x")) << chunk;
  }
}

TEST_F(CsvTableTest, SeekContinuesAtAReportedPosition) {
  auto input = InputFile::Open(Write("a\r\n1\r\n2\r\n3\r\n"));
  ASSERT_TRUE(input.ok());
  auto reader = CsvReader::Open(input->get());
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  ASSERT_TRUE(*(*reader)->Next(&record));
  const int64_t offset = (*reader)->next_offset();
  const int64_t line = (*reader)->next_line();
  ASSERT_TRUE(*(*reader)->Next(&record));
  ASSERT_TRUE((*reader)->Seek(offset, line).ok());
  ASSERT_TRUE(*(*reader)->Next(&record));
  EXPECT_THAT(record.fields, ElementsAre("2"));
  EXPECT_EQ(record.line, 3);
  ASSERT_TRUE(*(*reader)->Next(&record));
  EXPECT_EQ(record.line, 4);
}

}  // namespace
}  // namespace aka::canonicalize

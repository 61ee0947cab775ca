#include "client/canonicalize/jsonl_table.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "client/canonicalize/table_codec.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::canonicalize {
namespace {

class JsonlTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("jsonl_table_test." + std::to_string(::getpid()) + "." +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& contents) {
    std::string path = (dir_ / "in.jsonl").string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(JsonlTableTest, ReadsLinesWithPositionsSkippingBlankOnes) {
  auto input = InputFile::Open(Write("\xEF\xBB\xBF{\"a\":1}\r\n\n  \n{\"a\":2}"));
  ASSERT_TRUE(input.ok());
  JsonlReaderOptions options;
  options.chunk_bytes = 2;
  auto reader = JsonlReader::Open(input->get(), options);
  ASSERT_TRUE(reader.ok());
  JsonlLine line;
  ASSERT_TRUE(*(*reader)->Next(&line));
  EXPECT_EQ(line.text, "{\"a\":1}");
  EXPECT_EQ(line.line, 1);
  EXPECT_EQ(line.offset, 3);
  ASSERT_TRUE(*(*reader)->Next(&line));
  EXPECT_EQ(line.text, "{\"a\":2}");
  EXPECT_EQ(line.line, 4);
  EXPECT_FALSE(*(*reader)->Next(&line));
}

TEST_F(JsonlTableTest, FindsDottedFieldsAndKeepsKeyOrder) {
  nlohmann::ordered_json object;
  std::string error;
  ASSERT_TRUE(ParseJsonlObject(R"({"z":1,"actor":{"name":"APT 31"},"a":[1.5]})", &object, &error));
  const nlohmann::ordered_json* name = FindJsonField(object, "actor.name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(*name, "APT 31");
  EXPECT_EQ(FindJsonField(object, "actor.missing"), nullptr);
  EXPECT_EQ(FindJsonField(object, "z.name"), nullptr);
  std::string out;
  AppendJsonlRecord(&object, {{"aka_id", "e1"}, {"z", "replaced"}}, &out);
  EXPECT_EQ(out, R"({"z":"replaced","actor":{"name":"APT 31"},"a":[1.5],"aka_id":"e1"})"
                 "\n");
}

TEST_F(JsonlTableTest, RejectsNonObjectsAndInvalidJson) {
  nlohmann::ordered_json object;
  std::string error;
  EXPECT_FALSE(ParseJsonlObject("[1,2]", &object, &error));
  EXPECT_EQ(error, "line is not a JSON object");
  EXPECT_FALSE(ParseJsonlObject("{\"a\":", &object, &error));
  EXPECT_THAT(error, ::testing::StartsWith("not valid JSON"));
  // A number too large for a double is out_of_range in nlohmann, not a parse_error; still a bad row.
  EXPECT_FALSE(ParseJsonlObject("{\"name\": \"x\", \"n\": 1e99999}", &object, &error));
  EXPECT_THAT(error, ::testing::HasSubstr("number overflow"));
}

TEST_F(JsonlTableTest, CodecMarksBadRows) {
  auto input = InputFile::Open(Write("{\"actor\":{\"name\":\"APT 31\"}}\n[]\n{\"actor\":{}}\n{\"actor\":{\"name\":5}}\n"));
  ASSERT_TRUE(input.ok());
  auto codec = OpenTableCodec(TableFormat::kJsonl, input->get(), "actor.name", ResultColumnNames());
  ASSERT_TRUE(codec.ok());
  TableRecord record;
  ASSERT_TRUE(*(*codec)->Next(&record));
  EXPECT_EQ(record.name, "APT 31");
  EXPECT_EQ(record.error, "");
  ASSERT_TRUE(*(*codec)->Next(&record));
  EXPECT_EQ(record.error, "line is not a JSON object");
  EXPECT_EQ(record.line, 2);
  std::string out;
  (*codec)->AppendRecord(&record, ResultFields{"", "", "", "", "ERROR"}, &out);
  EXPECT_EQ(out, R"({"aka_id":"","aka_name":"","aka_type":"","aka_score":"","aka_outcome":"ERROR"})"
                 "\n");
  ASSERT_TRUE(*(*codec)->Next(&record));
  EXPECT_EQ(record.error, "missing field 'actor.name'");
  ASSERT_TRUE(*(*codec)->Next(&record));
  EXPECT_EQ(record.error, "field 'actor.name' is not a string");
  EXPECT_FALSE(*(*codec)->Next(&record));
}

}  // namespace
}  // namespace aka::canonicalize

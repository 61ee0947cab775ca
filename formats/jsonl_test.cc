// Tests for aka's JSON lines: deterministic writing, round trips, and line-numbered skips on reading.
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>

#include "formats/entity_source.h"
#include "formats/test_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::formats {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// An entity using every field, with maps big enough that hash order and sorted order differ.
aka::v1::Entity FullEntity(bool reverse_insertion) {
  aka::v1::Entity entity;
  entity.set_id("E00000031");
  entity.set_type("threat_actor");
  entity.set_canonical_name("APT31");
  entity.set_version(7);
  entity.mutable_create_time()->set_seconds(1700000000);
  entity.mutable_update_time()->set_seconds(1700000123);
  entity.mutable_update_time()->set_nanos(450000000);
  aka::v1::Alias* alias = entity.add_aliases();
  alias->set_name("赵光宗 \"Zirconium\" \\ </script>");
  alias->set_source("misp");
  alias->set_reference("misp-galaxy:threat-actor");
  alias->set_asserted_by("importer");
  alias->set_kind(aka::v1::WEAK_AKA);
  alias->mutable_added_time()->set_seconds(1600000000);
  entity.add_aliases()->set_name("Violet Typhoon");
  std::vector<std::pair<std::string, std::string>> ids, attributes;
  for (int i = 0; i < 40; ++i) {
    ids.emplace_back("id_" + std::to_string(i), std::to_string(i * 7));
    attributes.emplace_back("attr_" + std::to_string(i), "value " + std::to_string(i));
  }
  if (reverse_insertion) {
    std::reverse(ids.begin(), ids.end());
    std::reverse(attributes.begin(), attributes.end());
  }
  for (const auto& [key, value] : ids) (*entity.mutable_external_ids())[key] = value;
  for (const auto& [key, value] : attributes) (*entity.mutable_attributes())[key] = value;
  return entity;
}

std::string WriteLine(const aka::v1::Entity& entity) {
  std::ostringstream out;
  const absl::Status status = WriteJsonLine(entity, out);
  EXPECT_TRUE(status.ok()) << status;
  return out.str();
}

struct ReadResult {
  absl::Status status;
  std::vector<aka::v1::Entity> entities;
  std::vector<SkippedRecord> skipped;
};

ReadResult Read(const std::string& path) {
  ReadResult result;
  result.status = ReadJsonLines(
      path,
      [&](aka::v1::Entity entity) {
        result.entities.push_back(std::move(entity));
        return absl::OkStatus();
      },
      [&](const SkippedRecord& record) { result.skipped.push_back(record); });
  return result;
}

TEST(WriteJsonLineTest, SameEntitySameBytesWithSortedMapKeys) {
  const std::string a = WriteLine(FullEntity(false));
  const std::string b = WriteLine(FullEntity(true));
  EXPECT_EQ(a, b);
  ASSERT_EQ(a.back(), '\n');
  EXPECT_EQ(a.find('\n'), a.size() - 1);  // One line.
  // Map keys in byte order: "id_0" < "id_1" < "id_10" < ... < "id_9".
  EXPECT_LT(a.find("\"id_1\""), a.find("\"id_10\""));
  EXPECT_LT(a.find("\"id_10\""), a.find("\"id_2\""));
  EXPECT_LT(a.find("\"attr_38\""), a.find("\"attr_39\""));
  // Fields keep proto order and snake_case names; names in their own script stay readable.
  EXPECT_EQ(a.rfind("{\"id\":\"E00000031\",\"type\":\"threat_actor\",\"canonical_name\":\"APT31\"", 0), 0u);
  EXPECT_THAT(a, HasSubstr("\"added_time\":\"2020-09-13T12:26:40Z\""));
  EXPECT_THAT(a, HasSubstr("\"update_time\":\"2023-11-14T22:15:23.450Z\""));
  EXPECT_THAT(a, HasSubstr("\"version\":\"7\""));
  EXPECT_THAT(a, HasSubstr("\"kind\":\"WEAK_AKA\""));
  EXPECT_THAT(a, HasSubstr("赵光宗"));
}

TEST(WriteJsonLineTest, ProtobufPrinterAloneIsNotEnough) {
  // Documents why WriteJsonLine sorts: the stock printer follows hash-map order, which for these two equal
  // entities is expected to differ. If a future protobuf sorts map keys itself, this test says so, and the
  // sorting in jsonl.cc becomes redundant but still harmless.
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string a, b;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(FullEntity(false), &a, options).ok());
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(FullEntity(true), &b, options).ok());
  if (a == b) GTEST_SKIP() << "this protobuf prints map keys in a stable order";
  EXPECT_NE(a, b);
}

TEST(JsonLinesTest, WriteReadWriteIsByteIdentical) {
  test_files::TempDir dir;
  std::string written;
  aka::v1::Entity minimal;
  minimal.set_type("person");
  minimal.set_canonical_name("ZHAO, Guangzong");
  for (const aka::v1::Entity& entity : {FullEntity(false), minimal, FullEntity(true)}) {
    written += WriteLine(entity);
  }
  const std::string path = dir.Write("export.jsonl", written);
  const ReadResult result = Read(path);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.skipped, SizeIs(0));
  ASSERT_THAT(result.entities, SizeIs(3));
  std::string rewritten;
  for (const aka::v1::Entity& entity : result.entities) rewritten += WriteLine(entity);
  EXPECT_EQ(rewritten, written);
  EXPECT_EQ(result.entities[0].external_ids().size(), 40u);
  EXPECT_EQ(result.entities[0].update_time().nanos(), 450000000);
}

TEST(JsonLinesTest, BadLinesAreSkippedWithTheirLineNumber) {
  test_files::TempDir dir;
  const std::string path = dir.Write("in.jsonl",
                                     "{\"type\":\"person\",\"canonical_name\":\"A\"}\r\n"
                                     "\n"
                                     "{\"type\":\"person\",\"canonical_name\":\n"
                                     "{\"type\":\"person\",\"canonical_name\":\"B\",\"colour\":\"red\"}\n"
                                     "   \n"
                                     "{\"type\":\"person\",\"canonical_name\":\"C\",\"aliases\":[{\"kind\":\"FKA\"}]}");
  const ReadResult result = Read(path);
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_THAT(result.entities, SizeIs(2));
  EXPECT_EQ(result.entities[0].canonical_name(), "A");
  EXPECT_EQ(result.entities[1].canonical_name(), "C");
  EXPECT_EQ(result.entities[1].aliases(0).kind(), aka::v1::FKA);
  std::vector<std::string> where;
  for (const SkippedRecord& record : result.skipped) where.push_back(record.where);
  EXPECT_THAT(where, ElementsAre(path + ":3", path + ":4"));
  EXPECT_THAT(result.skipped[1].reason, HasSubstr("colour"));  // Unknown fields are errors.
}

TEST(JsonLinesTest, MissingFileAndSinkError) {
  EXPECT_EQ(Read("/nonexistent/x.jsonl").status.code(), absl::StatusCode::kNotFound);
  test_files::TempDir dir;
  const std::string path = dir.Write("in.jsonl", "{\"canonical_name\":\"A\"}\n{\"canonical_name\":\"B\"}\n");
  int calls = 0;
  const absl::Status status = ReadJsonLines(
      path, [&](aka::v1::Entity) { return ++calls == 1 ? absl::AbortedError("full") : absl::OkStatus(); },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace aka::formats

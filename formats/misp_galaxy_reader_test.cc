// Tests for the MISP galaxy reader, on the real threat-actor galaxy and on small fixtures.
#include <map>
#include <string>
#include <vector>

#include "formats/entity_source.h"
#include "formats/test_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::formats {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Pair;
using ::testing::SizeIs;

struct ReadResult {
  absl::Status status;
  std::vector<aka::v1::Entity> entities;
  std::vector<SkippedRecord> skipped;
};

ReadResult Read(const std::string& path) {
  ReadResult result;
  result.status = ReadMispGalaxy(
      path,
      [&](aka::v1::Entity entity) {
        result.entities.push_back(std::move(entity));
        return absl::OkStatus();
      },
      [&](const SkippedRecord& record) { result.skipped.push_back(record); });
  return result;
}

std::vector<std::string> AliasNames(const aka::v1::Entity& entity) {
  std::vector<std::string> names;
  for (const aka::v1::Alias& alias : entity.aliases()) names.push_back(alias.name());
  return names;
}

const aka::v1::Entity* FindByName(const std::vector<aka::v1::Entity>& entities, const std::string& name) {
  for (const aka::v1::Entity& entity : entities) {
    if (entity.canonical_name() == name) return &entity;
  }
  return nullptr;
}

TEST(MispGalaxyRealDataTest, ThreatActorGalaxy) {
  const ReadResult result = Read(test_files::SharedDataDir() + "/misp-galaxy/threat-actor.json");
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.entities, SizeIs(1041));

  const aka::v1::Entity* apt31 = FindByName(result.entities, "APT31");
  ASSERT_NE(apt31, nullptr);
  EXPECT_EQ(apt31->type(), "threat_actor");
  EXPECT_THAT(apt31->external_ids(), Contains(Pair("misp", "6bf7e6b6-5917-45a6-9567-f0baba79768c")));
  EXPECT_THAT(AliasNames(*apt31), IsSupersetOf({"ZIRCONIUM", "JUDGMENT PANDA", "BRONZE VINEWOOD", "Red keres",
                                                "Violet Typhoon", "TA412", "TIDE CASTLE"}));
  for (const aka::v1::Alias& alias : apt31->aliases()) {
    EXPECT_EQ(alias.source(), "misp");
    EXPECT_EQ(alias.reference(), "misp-galaxy:threat-actor");
    EXPECT_EQ(alias.kind(), aka::v1::AKA);
    EXPECT_NE(alias.name(), "APT31");  // The value is the canonical name, not an alias.
  }

  const aka::v1::Entity* apt28 = FindByName(result.entities, "APT28");
  ASSERT_NE(apt28, nullptr);
  EXPECT_THAT(apt28->external_ids(), Contains(Pair("mitre", "G0007")));
  EXPECT_THAT(apt28->attributes(), Contains(Pair("country", "RU")));
  ASSERT_EQ(apt28->attributes().count("description"), 1u);
  EXPECT_LE(apt28->attributes().at("description").size(), 500u);

  // No two entities of the file may share an external id: import would merge them into one.
  std::map<std::string, int> mitre_ids;
  for (const aka::v1::Entity& entity : result.entities) {
    if (entity.external_ids().count("mitre") > 0) ++mitre_ids[entity.external_ids().at("mitre")];
  }
  for (const auto& [id, count] : mitre_ids) EXPECT_EQ(count, 1) << id;
}

TEST(MispGalaxyRealDataTest, GalaxyTypeDecidesEntityType) {
  for (const auto& [file, type] : std::map<std::string, std::string>{
           {"microsoft-activity-group.json", "threat_actor"},
           {"360net.json", "threat_actor"},
           {"surveillance-vendor.json", "organization"},
           {"china-defence-universities.json", "organization"}}) {
    const ReadResult result = Read(test_files::SharedDataDir() + "/misp-galaxy/" + file);
    ASSERT_TRUE(result.status.ok()) << result.status;
    ASSERT_FALSE(result.entities.empty()) << file;
    for (const aka::v1::Entity& entity : result.entities) EXPECT_EQ(entity.type(), type) << file;
  }
}

TEST(MispGalaxyFixtureTest, SynonymsMitreAttributesAndSkips) {
  test_files::TempDir dir;
  const std::string path = dir.Write("g.json", R"({
    "type": "surveillance-vendor",
    "values": [
      {"value": "Acme", "uuid": "u-1", "description": "Makes things",
       "meta": {"synonyms": ["Acme", "ACME Corp", "ACME Corp", "  Acme Ltd ", "bad\u0001name", "G0001"],
                "country": "XX", "cfr-suspected-state-sponsor": "Nowhere", "refs": ["https://example.com"]}},
      {"uuid": "u-2", "meta": {"synonyms": ["nameless"]}},
      {"value": "NoUuid"},
      {"value": "RefsOnly", "uuid": "u-3",
       "meta": {"refs": ["https://attack.mitre.org/groups/G0123/"]}},
      {"value": "Twin1", "uuid": "u-4", "meta": {"synonyms": ["G0999"]}},
      {"value": "Twin2", "uuid": "u-5", "meta": {"synonyms": ["G0999"]}},
      "not an object"
    ]})");
  const ReadResult result = Read(path);
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_THAT(result.entities, SizeIs(4));

  const aka::v1::Entity& acme = result.entities[0];
  EXPECT_EQ(acme.type(), "organization");
  EXPECT_EQ(acme.canonical_name(), "Acme");
  EXPECT_THAT(AliasNames(acme), ElementsAre("ACME Corp", "Acme Ltd", "G0001"));
  EXPECT_EQ(acme.aliases(0).reference(), "misp-galaxy:surveillance-vendor");
  EXPECT_THAT(acme.external_ids(), ::testing::UnorderedElementsAre(Pair("misp", "u-1"), Pair("mitre", "G0001")));
  EXPECT_THAT(acme.attributes(),
              ::testing::UnorderedElementsAre(Pair("description", "Makes things"), Pair("country", "XX"),
                                            Pair("cfr-suspected-state-sponsor", "Nowhere")));

  EXPECT_THAT(result.entities[1].external_ids(), Contains(Pair("mitre", "G0123")));
  // G0999 is claimed twice: kept as an alias, left out of external_ids on both.
  EXPECT_EQ(result.entities[2].external_ids().count("mitre"), 0u);
  EXPECT_EQ(result.entities[3].external_ids().count("mitre"), 0u);
  EXPECT_THAT(AliasNames(result.entities[2]), ElementsAre("G0999"));

  std::vector<std::string> where;
  for (const SkippedRecord& record : result.skipped) where.push_back(record.where);
  EXPECT_THAT(where, ElementsAre(path + ":values[0].meta.synonyms[4]", path + ":values[1]",
                                 path + ":values[2]", path + ":values[4]", path + ":values[5]",
                                 path + ":values[6]"));
  EXPECT_THAT(result.skipped[1].reason, HasSubstr("value"));
  EXPECT_THAT(result.skipped[2].reason, HasSubstr("uuid"));
}

TEST(MispGalaxyFixtureTest, NotAGalaxyIsInvalidArgumentNamingPathAndProblem) {
  test_files::TempDir dir;
  const std::string bad_json = dir.Write("bad.json", "{\"values\": [");
  ReadResult result = Read(bad_json);
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status.message(), HasSubstr(bad_json));
  EXPECT_THAT(result.status.message(), HasSubstr("invalid JSON"));

  const std::string no_values = dir.Write("nv.json", R"({"type": "threat-actor", "values": {}})");
  result = Read(no_values);
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status.message(), HasSubstr(no_values));
  EXPECT_THAT(result.status.message(), HasSubstr("no \"values\" array"));

  EXPECT_EQ(Read(dir.Write("arr.json", "[]")).status.code(), absl::StatusCode::kInvalidArgument);
  // A number too large for a double (nlohmann's out_of_range, not a parse_error): found by the fuzzer.
  const std::string huge = dir.Write("huge.json", R"({"type": "threat-actor", "values": [{"n": 1e99999}]})");
  result = Read(huge);
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status.message(), HasSubstr("number overflow"));
  EXPECT_EQ(Read(dir.path() + "/missing.json").status.code(), absl::StatusCode::kNotFound);
}

TEST(MispGalaxyFixtureTest, SinkErrorStopsTheRead) {
  test_files::TempDir dir;
  const std::string path = dir.Write("g.json", R"({"type":"x","values":[{"value":"A","uuid":"1"},
      {"value":"B","uuid":"2"}]})");
  int calls = 0;
  const absl::Status status = ReadMispGalaxy(
      path, [&](aka::v1::Entity) { return ++calls == 1 ? absl::AbortedError("full") : absl::OkStatus(); },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace aka::formats

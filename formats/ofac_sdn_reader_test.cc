// Tests for the OFAC SDN reader, on the real legacy CSV files and on small fixtures.
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
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

struct ReadResult {
  absl::Status status;
  std::vector<aka::v1::Entity> entities;
  std::vector<SkippedRecord> skipped;
};

ReadResult Read(const std::string& folder) {
  ReadResult result;
  result.status = ReadOfacSdn(
      folder,
      [&](aka::v1::Entity entity) {
        result.entities.push_back(std::move(entity));
        return absl::OkStatus();
      },
      [&](const SkippedRecord& record) { result.skipped.push_back(record); });
  return result;
}

const aka::v1::Entity* FindByOfacId(const std::vector<aka::v1::Entity>& entities, const std::string& id) {
  for (const aka::v1::Entity& entity : entities) {
    if (entity.external_ids().at("ofac") == id) return &entity;
  }
  return nullptr;
}

TEST(OfacSdnRealDataTest, SharedFolder) {
  const ReadResult result = Read(test_files::SharedDataDir() + "/ofac-sdn");
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.entities, SizeIs(14965));
  EXPECT_EQ(result.entities.front().external_ids().at("ofac"), "36");  // sdn.csv order.
  EXPECT_EQ(result.entities.front().canonical_name(), "AEROCARIBBEAN AIRLINES");

  const aka::v1::Entity* wuhan = FindByOfacId(result.entities, "47800");
  ASSERT_NE(wuhan, nullptr);
  EXPECT_EQ(wuhan->canonical_name(), "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED");
  EXPECT_EQ(wuhan->type(), "organization");
  EXPECT_THAT(wuhan->attributes(), Contains(Pair("program", "CYBER2")));
  ASSERT_EQ(wuhan->attributes().count("remarks"), 1u);
  EXPECT_LE(wuhan->attributes().at("remarks").size(), 500u);
  EXPECT_EQ(wuhan->attributes().count("title"), 0u);  // "-0-" is no value.

  const aka::v1::Entity* zhao = FindByOfacId(result.entities, "47814");
  ASSERT_NE(zhao, nullptr);
  EXPECT_EQ(zhao->canonical_name(), "ZHAO, Guangzong");
  EXPECT_EQ(zhao->type(), "person");

  // alt.csv row `906,46100,"aka","HAVANA INTERNATIONAL BANK, LTD",-0- ` has a comma inside quotes.
  const aka::v1::Entity* havana = FindByOfacId(result.entities, "906");
  ASSERT_NE(havana, nullptr);
  bool found = false;
  for (const aka::v1::Alias& alias : havana->aliases()) {
    if (alias.name() == "HAVANA INTERNATIONAL BANK, LTD") {
      found = true;
      EXPECT_EQ(alias.source(), "ofac");
      EXPECT_EQ(alias.reference(), "ofac:alt:46100");
      EXPECT_EQ(alias.kind(), aka::v1::AKA);
    }
  }
  EXPECT_TRUE(found);

  size_t aliases = 0;
  std::map<std::string, int> types;
  for (const aka::v1::Entity& entity : result.entities) {
    aliases += entity.aliases_size();
    ++types[entity.type()];
  }
  // 20,107 alt rows, of which 2,460 name an ent_num that this (older) sdn.csv does not have.
  EXPECT_EQ(aliases, 20107u - 2460u);
  EXPECT_EQ(result.skipped.size(), 2460u);
  for (const SkippedRecord& record : result.skipped) EXPECT_THAT(record.reason, HasSubstr("no row in sdn.csv"));
  EXPECT_THAT(types, UnorderedElementsAre(Pair("organization", 6884), Pair("person", 6854), Pair("vessel", 851),
                                          Pair("aircraft", 376)));
}

TEST(OfacSdnFixtureTest, QuotingEmptyMarkersKindsAndSkips) {
  test_files::TempDir dir;
  dir.Write("sdn/sdn.csv",
            "10,\"ACME, LTD.\",-0- ,\"SDGT] [IRGC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Line one,\nline two.\"\r\n"
            "\r\n"
            "11,\"DOE, Jane\",\"individual\",\"CUBA\",\"Director\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
            "12,\"SEA STAR\",\"vessel\",\"IRAN\",-0- ,\"ABCD\",\"Tanker\",-0- ,-0- ,\"Panama\",-0- ,-0- \r\n"
            "13,\"  \",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
            "14,\"BAD\x01NAME\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
            "15,\"ROCKET\",\"spaceship\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
            "abc,\"NOT A NUMBER\",-0- \r\n"
            "\x1a");
  dir.Write("sdn/alt.csv",
            "10,1,\"aka\",\"ACME, LIMITED\",-0- \r\n"
            "10,2,\"fka\",\"OLD ACME\",-0- \r\n"
            "11,3,\"nka\",\"ROE, Jane\",-0- \r\n"
            "11,4,\"weak aka\",\"JJ\",-0- \r\n"
            "99,5,\"aka\",\"ORPHAN ONE\",-0- \r\n"
            "12,6,\"aka\",-0- ,-0- \r\n"
            "98,7,\"aka\",\"ORPHAN TWO\",-0- \r\n"
            "\x1a");
  const std::string sdn_path = dir.path() + "/sdn/sdn.csv";
  const std::string alt_path = dir.path() + "/sdn/alt.csv";
  const ReadResult result = Read(dir.path() + "/sdn");
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_THAT(result.entities, SizeIs(3));

  const aka::v1::Entity& acme = result.entities[0];
  EXPECT_EQ(acme.canonical_name(), "ACME, LTD.");
  EXPECT_EQ(acme.type(), "organization");
  EXPECT_THAT(acme.external_ids(), UnorderedElementsAre(Pair("ofac", "10")));
  EXPECT_THAT(acme.attributes(), UnorderedElementsAre(Pair("program", "SDGT] [IRGC"),
                                                      Pair("remarks", "Line one,\nline two.")));
  ASSERT_EQ(acme.aliases_size(), 2);
  EXPECT_EQ(acme.aliases(0).name(), "ACME, LIMITED");
  EXPECT_EQ(acme.aliases(0).reference(), "ofac:alt:1");
  EXPECT_EQ(acme.aliases(0).kind(), aka::v1::AKA);
  EXPECT_EQ(acme.aliases(1).kind(), aka::v1::FKA);

  const aka::v1::Entity& doe = result.entities[1];
  EXPECT_EQ(doe.type(), "person");
  EXPECT_THAT(doe.attributes(), UnorderedElementsAre(Pair("program", "CUBA"), Pair("title", "Director")));
  ASSERT_EQ(doe.aliases_size(), 2);
  EXPECT_EQ(doe.aliases(0).kind(), aka::v1::NKA);
  EXPECT_EQ(doe.aliases(1).kind(), aka::v1::WEAK_AKA);

  const aka::v1::Entity& ship = result.entities[2];
  EXPECT_EQ(ship.type(), "vessel");
  EXPECT_THAT(ship.attributes(), UnorderedElementsAre(Pair("program", "IRAN"), Pair("call_sign", "ABCD"),
                                                      Pair("vessel_type", "Tanker"), Pair("vessel_flag", "Panama")));
  EXPECT_EQ(ship.aliases_size(), 0);

  std::vector<std::string> where;
  for (const SkippedRecord& record : result.skipped) where.push_back(record.where);
  // alt.csv's empty name first (read first), then the bad sdn rows (line numbers count the quoted newline and
  // the empty line), then the orphans.
  EXPECT_THAT(where, ElementsAre(alt_path + ":6", sdn_path + ":6", sdn_path + ":7", sdn_path + ":8",
                                 sdn_path + ":9", alt_path + ":7", alt_path + ":5"));
  EXPECT_THAT(result.skipped[1].reason, HasSubstr("empty"));
  EXPECT_THAT(result.skipped[2].reason, HasSubstr("control character"));
  EXPECT_THAT(result.skipped[3].reason, HasSubstr("spaceship"));
  EXPECT_THAT(result.skipped[4].reason, HasSubstr("ent_num"));
  EXPECT_THAT(result.skipped[6].reason, HasSubstr("ORPHAN ONE"));
}

TEST(OfacSdnFixtureTest, FolderErrors) {
  test_files::TempDir dir;
  EXPECT_EQ(Read(dir.path() + "/missing").status.code(), absl::StatusCode::kNotFound);
  const std::string file = dir.Write("sdn.csv", "1,\"A\",-0- \n");
  EXPECT_EQ(Read(file).status.code(), absl::StatusCode::kInvalidArgument);
  // A folder without alt.csv is not an SDN folder: NOT_FOUND naming the file.
  const ReadResult no_alt = Read(dir.path());
  EXPECT_EQ(no_alt.status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(no_alt.status.message(), HasSubstr("alt.csv"));
}

}  // namespace
}  // namespace aka::formats

// Tests for the STIX 2.1 bundle reader, on an ATT&CK-shaped fixture (testdata/stix/attack-sample.json) and on
// small bundles written per test.
#include "formats/stix_bundle_reader.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "formats/test_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::formats {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

const std::string kFixture = std::string(AKA_STIX_TESTDATA_DIR) + "/attack-sample.json";

struct ReadResult {
  absl::Status status;
  std::vector<std::string> names;  // canonical names in the order the sink saw them
  std::map<std::string, aka::v1::Entity> by_name;
  std::vector<SkippedRecord> skipped;
  std::vector<StixRevocation> revocations;
  StixBundleCounts counts;

  const aka::v1::Entity* Named(const std::string& name) const {
    const auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : &it->second;
  }
};

ReadResult Read(const std::string& path) {
  ReadResult result;
  const EntitySink sink = [&result](aka::v1::Entity entity) {
    result.names.push_back(entity.canonical_name());
    result.by_name.emplace(entity.canonical_name(), std::move(entity));
    return absl::OkStatus();
  };
  const SkipSink skip = [&result](const SkippedRecord& record) { result.skipped.push_back(record); };
  const StixRevocationSink revoked = [&result](const StixRevocation& r) { result.revocations.push_back(r); };
  result.status = ReadStixBundle(path, sink, skip, revoked, &result.counts);
  return result;
}

std::vector<std::string> AliasNames(const aka::v1::Entity& entity) {
  std::vector<std::string> names(entity.aliases_size());
  std::transform(entity.aliases().begin(), entity.aliases().end(), names.begin(),
                 [](const aka::v1::Alias& alias) { return alias.name(); });
  return names;
}

// The skip reported at `where_part` (a substring of SkippedRecord::where), or "" if there is none.
std::string SkipReason(const std::vector<SkippedRecord>& skipped, const std::string& where_part) {
  for (const SkippedRecord& record : skipped) {
    if (record.where.find(where_part) != std::string::npos) return record.reason;
  }
  return "";
}

TEST(StixBundleReaderTest, IntrusionSetsBecomeThreatActorsInFileOrder) {
  const ReadResult result = Read(kFixture);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.names,
              ElementsAre("APT28", "Magic Hound", "Charming Kitten", "Night Dragon", "Vendor Panda", "APT29",
                          "Lone Revoked"));
  for (const auto& [name, entity] : result.by_name) EXPECT_EQ(entity.type(), "threat_actor") << name;
  EXPECT_EQ(result.counts.intrusion_sets, 7);
}

TEST(StixBundleReaderTest, AttackAliasesExternalIdsAndReference) {
  const ReadResult result = Read(kFixture);
  const aka::v1::Entity* apt28 = result.Named("APT28");
  ASSERT_NE(apt28, nullptr);
  // The name itself (listed first by ATT&CK) and the repeated "Sofacy" are left out.
  EXPECT_THAT(AliasNames(*apt28), ElementsAre("IRON TWILIGHT", "SNAKEMACKEREL", "Sofacy", "Fancy Bear"));
  for (const aka::v1::Alias& alias : apt28->aliases()) {
    EXPECT_EQ(alias.source(), "mitre-attack");
    EXPECT_EQ(alias.reference(), "https://attack.mitre.org/groups/G0007");
    EXPECT_EQ(alias.kind(), aka::v1::AKA);
  }
  EXPECT_THAT(apt28->external_ids(),
              UnorderedElementsAre(Pair("stix", "intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c"),
                                   Pair("mitre", "G0007")));
  ASSERT_EQ(apt28->attributes().count("description"), 1u);
  EXPECT_THAT(apt28->attributes().at("description"), HasSubstr("GRU"));
  // revoked: false and x_mitre_deprecated: false leave no marks.
  EXPECT_EQ(apt28->attributes().count("revoked"), 0u);
  EXPECT_EQ(apt28->attributes().count("deprecated"), 0u);
}

TEST(StixBundleReaderTest, NonAttackSourceIsTheCreatingIdentity) {
  const ReadResult result = Read(kFixture);
  const aka::v1::Entity* vendor = result.Named("Vendor Panda");
  ASSERT_NE(vendor, nullptr);
  ASSERT_THAT(vendor->aliases(), SizeIs(1));
  EXPECT_EQ(vendor->aliases(0).source(), "ACME Threat Intel");
  EXPECT_EQ(vendor->aliases(0).reference(), "intrusion-set--5e4a3b2c-9999-4888-8777-666655554444");
  EXPECT_EQ(vendor->external_ids().count("mitre"), 0u);
}

TEST(StixBundleReaderTest, RevokedAndDeprecatedAreImportedAndMarked) {
  const ReadResult result = Read(kFixture);
  // Revoked without a replacement: stays an entity of its own, marked.
  const aka::v1::Entity* revoked = result.Named("Lone Revoked");
  ASSERT_NE(revoked, nullptr);
  EXPECT_THAT(revoked->attributes(), Contains(Pair("revoked", "true")));
  // Revoked by Magic Hound: sent (to be merged) but unmarked, or the merge would mark Magic Hound.
  const aka::v1::Entity* replaced = result.Named("Charming Kitten");
  ASSERT_NE(replaced, nullptr);
  EXPECT_EQ(replaced->attributes().count("revoked"), 0u);
  EXPECT_THAT(replaced->external_ids(), Contains(Pair("mitre", "G0058")));
  const aka::v1::Entity* deprecated = result.Named("Night Dragon");
  ASSERT_NE(deprecated, nullptr);
  EXPECT_THAT(deprecated->attributes(), Contains(Pair("deprecated", "true")));
}

TEST(StixBundleReaderTest, RevokedByBetweenIntrusionSetsIsReported) {
  const ReadResult result = Read(kFixture);
  ASSERT_THAT(result.revocations, SizeIs(1));
  EXPECT_EQ(result.revocations[0].source_stix_id, "intrusion-set--7636484c-adc5-45d4-9bfe-c3e062fbc4a0");
  EXPECT_EQ(result.revocations[0].target_stix_id, "intrusion-set--f9d6633a-55e6-4adc-9263-6ae080421a13");
  EXPECT_THAT(result.revocations[0].where, HasSubstr("attack-sample.json:objects[11]"));
  EXPECT_EQ(result.counts.revocations, 1);
  // A revoked-by naming an intrusion-set that is not in the bundle cannot become a merge.
  EXPECT_THAT(SkipReason(result.skipped, ":objects[12]"),
              HasSubstr("\"source_ref\": \"intrusion-set--00000000-0000-4000-8000-00000000dead\" is not an "
                        "intrusion-set imported from this bundle"));
}

TEST(StixBundleReaderTest, OtherObjectsAreCountedByType) {
  const ReadResult result = Read(kFixture);
  // Two identities, the marking, the attack-pattern, a "uses" relationship and a revoked-by between
  // attack-patterns.
  EXPECT_THAT(result.counts.other_objects,
              UnorderedElementsAre(Pair("identity", 2), Pair("marking-definition", 1), Pair("attack-pattern", 1),
                                   Pair("relationship", 2)));
}

TEST(StixBundleReaderTest, BadObjectsAreSkippedNamingIndexIdAndField) {
  const ReadResult result = Read(kFixture);
  EXPECT_EQ(SkipReason(result.skipped, ":objects[14] (intrusion-set--a0000000-0000-4000-8000-000000000001)"),
            "\"name\": missing");
  EXPECT_THAT(SkipReason(result.skipped, ":objects[15]"),
              HasSubstr("\"id\": \"malware--a0000000-0000-4000-8000-000000000002\" is not of the form"));
  EXPECT_EQ(SkipReason(result.skipped, ":objects[16]"), "\"name\": not a string");
  EXPECT_EQ(SkipReason(result.skipped, ":objects[17]"), "\"id\": repeats objects[2]");
  EXPECT_EQ(SkipReason(result.skipped, ":objects[18]"), "not a JSON object");
  EXPECT_EQ(SkipReason(result.skipped, ":objects[19]"), "\"type\": missing or not a string");
  // Bad aliases are dropped one by one; the intrusion-set stays.
  EXPECT_EQ(SkipReason(result.skipped, ":objects[8] (intrusion-set--899ce53f-13a0-479b-a0e4-67d46e241542).aliases[1]"),
            "not a string");
  EXPECT_THAT(SkipReason(result.skipped, ".aliases[2]"), HasSubstr("control"));
  EXPECT_THAT(SkipReason(result.skipped, ".aliases[4]"), Not(IsEmpty()));
  const aka::v1::Entity* apt29 = result.Named("APT29");
  ASSERT_NE(apt29, nullptr);
  EXPECT_THAT(AliasNames(*apt29), ElementsAre("Cozy Bear"));
  EXPECT_THAT(result.skipped, SizeIs(10));
  for (const SkippedRecord& record : result.skipped) EXPECT_FALSE(record.reason.empty()) << record.where;
}

TEST(StixBundleReaderTest, NotABundleIsInvalidArgumentNamingThePath) {
  test_files::TempDir dir;
  const struct {
    const char* contents;
    const char* message;
  } kCases[] = {
      {"{\"type\": \"bundle\", \"objects\": [", "invalid JSON at byte"},
      {"[]", "top level is not an object"},
      {"{\"type\": \"x-bundle\", \"objects\": []}", "\"type\" is not \"bundle\""},
      {"{\"type\": \"bundle\"}", "no \"objects\" array"},
      {"{\"type\": \"bundle\", \"objects\": {}}", "no \"objects\" array"},
      {"{\"type\": \"bundle\", \"objects\": [1e999]}", "not a STIX bundle"},
  };
  for (const auto& test_case : kCases) {
    const std::string path = dir.Write("bad.json", test_case.contents);
    const ReadResult result = Read(path);
    EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument) << test_case.contents;
    EXPECT_THAT(result.status.message(), HasSubstr(path)) << test_case.contents;
    EXPECT_THAT(result.status.message(), HasSubstr(test_case.message)) << test_case.contents;
    EXPECT_THAT(result.names, IsEmpty());
  }
  EXPECT_EQ(Read(dir.path() + "/missing.json").status.code(), absl::StatusCode::kNotFound);
}

TEST(StixBundleReaderTest, GroupIdClaimedTwiceIdentifiesNeither) {
  test_files::TempDir dir;
  const std::string path = dir.Write("b.json", R"({"type": "bundle", "objects": [
      {"type": "intrusion-set", "id": "intrusion-set--1", "name": "A",
       "external_references": [{"source_name": "mitre-attack", "external_id": "G0001"}]},
      {"type": "intrusion-set", "id": "intrusion-set--2", "name": "B",
       "external_references": [{"source_name": "mitre-attack", "external_id": "G0001"}]},
      {"type": "intrusion-set", "id": "intrusion-set--3", "name": "C",
       "external_references": [{"source_name": "mitre-attack", "external_id": "T1059"}]}]})");
  const ReadResult result = Read(path);
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_THAT(result.names, SizeIs(3));
  for (const auto& [name, entity] : result.by_name) {
    EXPECT_EQ(entity.external_ids().count("mitre"), 0u) << name;
    EXPECT_EQ(entity.external_ids().count("stix"), 1u) << name;
  }
  EXPECT_THAT(SkipReason(result.skipped, ":objects[0]"), HasSubstr("G0001 is claimed by several intrusion-sets"));
}

TEST(StixBundleReaderTest, RevocationsAreCheckedAndComeAfterEveryEntity) {
  test_files::TempDir dir;
  // The relationship comes first in the file; the target after it.
  const std::string path = dir.Write("b.json", R"({"type": "bundle", "objects": [
      {"type": "relationship", "relationship_type": "revoked-by", "id": "relationship--1",
       "source_ref": "intrusion-set--old", "target_ref": "intrusion-set--new"},
      {"type": "relationship", "relationship_type": "revoked-by", "id": "relationship--2",
       "source_ref": "intrusion-set--old", "target_ref": "intrusion-set--other"},
      {"type": "relationship", "relationship_type": "revoked-by", "id": "relationship--3",
       "source_ref": "intrusion-set--new", "target_ref": "malware--x"},
      {"type": "relationship", "relationship_type": "revoked-by", "id": "relationship--4",
       "source_ref": "intrusion-set--new", "target_ref": 5},
      {"type": "relationship", "relationship_type": "revoked-by", "id": "relationship--5",
       "source_ref": "intrusion-set--new", "target_ref": "intrusion-set--new"},
      {"type": "intrusion-set", "id": "intrusion-set--old", "name": "Old", "revoked": true},
      {"type": "intrusion-set", "id": "intrusion-set--new", "name": "New"},
      {"type": "intrusion-set", "id": "intrusion-set--other", "name": "Other"}]})");
  std::vector<std::string> events;
  std::vector<SkippedRecord> skipped;
  const absl::Status status = ReadStixBundle(
      path,
      [&](aka::v1::Entity entity) {
        events.push_back("entity " + entity.canonical_name());
        return absl::OkStatus();
      },
      [&](const SkippedRecord& record) { skipped.push_back(record); },
      [&](const StixRevocation& revocation) {
        events.push_back("revoked " + revocation.source_stix_id + " -> " + revocation.target_stix_id);
      },
      nullptr);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(events, ElementsAre("entity Old", "entity New", "entity Other",
                                  "revoked intrusion-set--old -> intrusion-set--new"));
  EXPECT_THAT(SkipReason(skipped, "objects[1] (relationship--2)"), HasSubstr("already revoked by"));
  EXPECT_THAT(SkipReason(skipped, "objects[2]"), HasSubstr("only be revoked by another intrusion-set"));
  EXPECT_EQ(SkipReason(skipped, "objects[3]"), "\"target_ref\": not a string");
  EXPECT_THAT(SkipReason(skipped, "objects[4]"), HasSubstr("revoked by itself"));
}

TEST(StixBundleReaderTest, SinkErrorStopsTheRead) {
  const absl::Status status =
      ReadStixBundle(kFixture, [](aka::v1::Entity) { return absl::CancelledError("enough"); }, nullptr, nullptr,
                     nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace aka::formats

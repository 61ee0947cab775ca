// `aka import --format stix` end to end: RunImport with the real aka::Client against an in-process akad
// (AkaServer on 127.0.0.1:0, its own temp database) on the ATT&CK-shaped fixture bundle: entities created,
// actors already stored from MISP updated rather than duplicated (their aliases kept), revoked-by applied as
// a merge whose source id redirects to its target, and a re-import that changes nothing. UnionWithStored is
// also tested alone.
#include "client/cli/stix_import.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "client/cli/akad_test_fixture.h"
#include "client/cli/commands.h"
#include "client/mock_client.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace aka::cli {
namespace {

using ::testing::_;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Pair;
using ::testing::Return;

const std::string kBundle = std::string(AKA_STIX_TESTDATA_DIR) + "/attack-sample.json";
constexpr char kMagicHoundStixId[] = "intrusion-set--f9d6633a-55e6-4adc-9263-6ae080421a13";

v1::Entity MispActor(const std::string& name, const std::string& uuid, const std::string& mitre_id,
                     const std::vector<std::string>& synonyms) {
  v1::Entity entity;
  entity.set_type("threat_actor");
  entity.set_canonical_name(name);
  (*entity.mutable_external_ids())["misp"] = uuid;
  (*entity.mutable_external_ids())["mitre"] = mitre_id;
  for (const std::string& synonym : synonyms) {
    v1::Alias* alias = entity.add_aliases();
    alias->set_name(synonym);
    alias->set_source("misp");
  }
  return entity;
}

class StixImportTest : public InProcessAkadTest {
 protected:
  // Runs `aka import --format stix --json BUNDLE` and returns its JSON summary; `exit_code` gets the exit code.
  nlohmann::json Import(int* exit_code) {
    std::ostringstream out, err;
    *exit_code = RunImport({"stix", {kBundle}, true}, *client_, out, err);
    EXPECT_EQ(err.str(), "");
    return nlohmann::json::parse(out.str());
  }

  // The ids MERGE changes in `target_id`'s history turned into redirects to it.
  std::vector<std::string> MergedInto(const std::string& target_id) {
    v1::GetHistoryRequest request;
    request.set_entity_id(target_id);
    absl::StatusOr<v1::GetHistoryResponse> history = client_->GetHistory(request);
    EXPECT_TRUE(history.ok()) << history.status();
    std::vector<std::string> sources;
    if (!history.ok()) return sources;
    for (const v1::Change& change : history->changes()) {
      if (change.kind() != v1::CHANGE_KIND_MERGE) continue;
      for (const v1::EntityChange& touched : change.entities()) {
        if (touched.redirect_after() == target_id) sources.push_back(touched.entity_id());
      }
    }
    return sources;
  }

  // Imports the bundle a second time: nothing created, updated or merged again, and the revoked actor (merged
  // into `magic_hound` by the first import) not sent again.
  void ExpectReimportChangesNothing(const std::string& magic_hound) {
    int exit_code = -1;
    const nlohmann::json again = Import(&exit_code);
    EXPECT_EQ(exit_code, kExitOk) << again.dump();
    EXPECT_EQ(again["sent"], 6);
    EXPECT_EQ(again["created"], 0);
    EXPECT_EQ(again["updated"], 0);
    EXPECT_EQ(again["unchanged"], 6);
    EXPECT_EQ(again["merged"], 0);
    EXPECT_EQ(again["already_merged"], 1);
    EXPECT_EQ(MergedInto(magic_hound).size(), 1u);
  }

};

TEST_F(StixImportTest, ImportMergesRevokedAndReimportChangesNothing) {
  int exit_code = -1;
  const nlohmann::json first = Import(&exit_code);
  EXPECT_EQ(exit_code, kExitOk) << first.dump();
  EXPECT_EQ(first["sent"], 7);
  EXPECT_EQ(first["created"], 7);
  EXPECT_EQ(first["rejected"], 0);
  EXPECT_EQ(first["merged"], 1);
  EXPECT_EQ(first["already_merged"], 0);
  EXPECT_EQ(first["reader_skips"], 10);
  EXPECT_EQ(first["other_objects"]["attack-pattern"], 1);

  // An alias resolves to its actor.
  const std::string apt29 = ResolveId("Cozy Bear");
  ASSERT_FALSE(apt29.empty());
  absl::StatusOr<v1::Entity> apt29_entity = client_->GetEntity(apt29);
  ASSERT_TRUE(apt29_entity.ok()) << apt29_entity.status();
  EXPECT_EQ(apt29_entity->canonical_name(), "APT29");
  EXPECT_THAT(apt29_entity->external_ids(), Contains(Pair("mitre", "G0016")));

  // Charming Kitten (revoked by Magic Hound) was merged: its id redirects, its names answer Magic Hound.
  const std::string magic_hound = ResolveId("Magic Hound");
  ASSERT_FALSE(magic_hound.empty());
  const std::vector<std::string> merged = MergedInto(magic_hound);
  ASSERT_EQ(merged.size(), 1u);
  absl::StatusOr<v1::Entity> redirected = client_->GetEntity(merged[0]);
  ASSERT_TRUE(redirected.ok()) << redirected.status();
  EXPECT_EQ(redirected->id(), magic_hound);
  EXPECT_EQ(ResolveId("Charming Kitten"), magic_hound);
  EXPECT_EQ(ResolveId("Newscaster"), magic_hound);
  EXPECT_THAT(redirected->external_ids(), Contains(Pair("stix", kMagicHoundStixId)));
  EXPECT_EQ(redirected->attributes().count("revoked"), 0u);  // Magic Hound itself is not revoked.

  ExpectReimportChangesNothing(magic_hound);
}

TEST_F(StixImportTest, InputsSharingActorsSendEachOnceAndMergeOnce) {
  // As `aka import --format stix enterprise-attack.json mobile-attack.json`: the same intrusion-sets (and
  // revoked-by) in two bundles.
  std::ostringstream out, err;
  EXPECT_EQ(RunImport({"stix", {kBundle, kBundle}, true}, *client_, out, err), kExitOk) << out.str() << err.str();
  const nlohmann::json summary = nlohmann::json::parse(out.str());
  EXPECT_EQ(summary["sent"], 7);
  EXPECT_EQ(summary["created"], 7);
  EXPECT_EQ(summary["merged"], 1);
  EXPECT_TRUE(summary["merge_failures"].empty()) << summary.dump();
  ExpectReimportChangesNothing(ResolveId("Magic Hound"));
}

TEST_F(StixImportTest, SourceRevokedByDifferentTargetsAcrossInputsKeepsTheFirst) {
  const auto write_bundle = [this](const std::string& file, const std::string& target) {
    const std::string path = dir_ + "/" + file;
    std::ofstream(path) << R"({"type": "bundle", "objects": [
        {"type": "intrusion-set", "id": "intrusion-set--old", "name": "Old Name"},
        {"type": "intrusion-set", "id": "intrusion-set--)" << target << R"(", "name": ")" << target << R"("},
        {"type": "relationship", "relationship_type": "revoked-by", "source_ref": "intrusion-set--old",
         "target_ref": "intrusion-set--)" << target << R"("}]})";
    return path;
  };
  const std::string first = write_bundle("a.json", "first");
  const std::string second = write_bundle("b.json", "second");
  std::ostringstream out, err;
  EXPECT_EQ(RunImport({"stix", {first, second}, true}, *client_, out, err), kExitNegative) << err.str();
  const nlohmann::json summary = nlohmann::json::parse(out.str());
  EXPECT_EQ(summary["created"], 3);
  EXPECT_EQ(summary["merged"], 1);
  ASSERT_EQ(summary["merge_failures"].size(), 1u) << summary.dump();
  EXPECT_THAT(summary["merge_failures"][0].get<std::string>(),
              AllOf(HasSubstr("b.json:objects[2]"), HasSubstr("a.json:objects[2] revokes it by another")));
  EXPECT_EQ(ResolveId("Old Name"), ResolveId("first"));
}

TEST_F(StixImportTest, ActorsStoredFromMispAreUpdatedNotDuplicated) {
  // As `aka import --format misp-galaxy` stores them: keyed by the MISP uuid and the same ATT&CK G id.
  for (const v1::Entity& entity :
       {MispActor("Sofacy Group", "5b4ee3ea-eee3-4c8e-8323-85ae32658754", "G0007", {"Pawn Storm", "Fancy Bear"}),
        MispActor("Charming Kitten", "f98bac6b-12fd-4cad-be84-c84666932ead", "G0058", {"NEWSCASTER"})}) {
    v1::UpsertEntityRequest request;
    *request.mutable_entity() = entity;
    ASSERT_TRUE(client_->UpsertEntity(request).ok());
  }
  const std::string sofacy = ResolveId("Pawn Storm");
  ASSERT_FALSE(sofacy.empty());

  int exit_code = -1;
  const nlohmann::json first = Import(&exit_code);
  EXPECT_EQ(exit_code, kExitOk) << first.dump();
  EXPECT_EQ(first["created"], 5);
  EXPECT_EQ(first["updated"], 2);
  EXPECT_EQ(first["merged"], 1);

  // One entity for G0007: the curator's (MISP's) name and aliases stay, ATT&CK's are added.
  absl::StatusOr<v1::Entity> apt28 = client_->GetEntity(sofacy);
  ASSERT_TRUE(apt28.ok()) << apt28.status();
  EXPECT_EQ(apt28->canonical_name(), "Sofacy Group");
  EXPECT_THAT(apt28->external_ids(), Contains(Pair("misp", "5b4ee3ea-eee3-4c8e-8323-85ae32658754")));
  EXPECT_THAT(apt28->external_ids(), Contains(Pair("stix", "intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c")));
  EXPECT_EQ(ResolveId("APT28"), sofacy);
  EXPECT_EQ(ResolveId("IRON TWILIGHT"), sofacy);
  EXPECT_EQ(ResolveId("Pawn Storm"), sofacy);

  // The MISP-stored Charming Kitten was the revoked source: merged into Magic Hound.
  const std::string magic_hound = ResolveId("Magic Hound");
  EXPECT_EQ(MergedInto(magic_hound).size(), 1u);
  EXPECT_EQ(ResolveId("NEWSCASTER"), magic_hound);
  ExpectReimportChangesNothing(magic_hound);
}

// A MockClient that stores what Import sends (ids E1, E2, ...) and lists it back, refusing every merge.
TEST(StixImportTextTest, SummaryListsMergesOtherObjectsAndRefusedMerges) {
  MockClient client;
  std::vector<v1::Entity> stored;
  EXPECT_CALL(client, ListEntities(_)).WillRepeatedly(Invoke([&stored](const v1::ListEntitiesRequest& request) {
    EXPECT_EQ(request.type(), "threat_actor");
    v1::ListEntitiesResponse page;
    for (const v1::Entity& entity : stored) *page.add_entities() = entity;
    return page;
  }));
  EXPECT_CALL(client, Import(_)).WillOnce(Invoke([&stored](const std::function<bool(v1::Entity*)>& next) {
    v1::Entity entity;
    while (next(&entity)) {
      entity.set_id("E" + std::to_string(stored.size() + 1));
      stored.push_back(entity);
    }
    v1::ImportResponse response;
    response.set_created(static_cast<int64_t>(stored.size()));
    return response;
  }));
  EXPECT_CALL(client, MergeEntities(_)).WillOnce(Invoke([&stored](const v1::MergeEntitiesRequest& request) {
    // Magic Hound (second in the bundle) absorbs Charming Kitten (third), with the relationship as the note.
    EXPECT_EQ(request.target_id(), stored[1].id());
    EXPECT_THAT(request.source_ids(), ::testing::ElementsAre(stored[2].id()));
    EXPECT_THAT(request.note(), HasSubstr("STIX revoked-by: intrusion-set--7636484c"));
    return absl::StatusOr<v1::MergeEntitiesResponse>(absl::FailedPreconditionError("entity types differ"));
  }));
  std::ostringstream out, err;
  EXPECT_EQ(RunImport({"stix", {kBundle}, false}, client, out, err), kExitNegative);
  EXPECT_EQ(err.str(), "");
  EXPECT_THAT(out.str(), AllOf(HasSubstr("created:       7\n"), HasSubstr("merged:        0 (revoked-by)\n"),
                               HasSubstr("already merged: 0\n"), HasSubstr("merge failures: 1\n"),
                               HasSubstr("other objects: attack-pattern 1, identity 2, marking-definition 1, "
                                         "relationship 2\n"),
                               HasSubstr("attack-sample.json:objects[11] (revoked-by intrusion-set--7636484c-adc5-"
                                         "45d4-9bfe-c3e062fbc4a0 -> intrusion-set--f9d6633a-55e6-4adc-9263-"
                                         "6ae080421a13): merge E3 into E2 refused: entity types differ")));
}

TEST(UnionWithStoredTest, StoredValuesWinAndUnionIsIdempotent) {
  v1::Entity stored = MispActor("Sofacy Group", "u1", "G0007", {"Fancy Bear"});
  stored.set_id("E00000001");
  (*stored.mutable_attributes())["description"] = "curated";
  v1::Entity incoming;
  incoming.set_type("threat_actor");
  incoming.set_canonical_name("APT28");
  (*incoming.mutable_external_ids())["stix"] = "intrusion-set--x";
  (*incoming.mutable_external_ids())["mitre"] = "G0007";
  (*incoming.mutable_attributes())["description"] = "from the bundle";
  (*incoming.mutable_attributes())["deprecated"] = "true";
  for (const char* name : {"Fancy Bear", "Sofacy"}) {
    v1::Alias* alias = incoming.add_aliases();
    alias->set_name(name);
    alias->set_source("mitre-attack");
    alias->set_reference("https://attack.mitre.org/groups/G0007");
  }

  const v1::Entity once = UnionWithStored(stored, incoming);
  EXPECT_EQ(once.id(), "E00000001");
  EXPECT_EQ(once.canonical_name(), "Sofacy Group");
  ASSERT_EQ(once.aliases_size(), 3);
  EXPECT_EQ(once.aliases(0).source(), "misp");  // "Fancy Bear" keeps the provenance it had.
  EXPECT_EQ(once.aliases(1).name(), "APT28");
  EXPECT_EQ(once.aliases(1).source(), "mitre-attack");
  EXPECT_EQ(once.aliases(1).reference(), "https://attack.mitre.org/groups/G0007");
  EXPECT_EQ(once.aliases(2).name(), "Sofacy");
  EXPECT_EQ(once.attributes().at("description"), "curated");
  EXPECT_EQ(once.attributes().at("deprecated"), "true");
  EXPECT_EQ(once.external_ids().at("misp"), "u1");
  EXPECT_EQ(once.external_ids().at("stix"), "intrusion-set--x");

  const v1::Entity twice = UnionWithStored(once, incoming);
  // Map fields serialize in no fixed order, so compare as messages.
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(twice, once)) << twice.DebugString();
}

}  // namespace
}  // namespace aka::cli

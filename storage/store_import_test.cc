// Store::ImportEntity: an exported entity goes into a database that lacks its id with exactly its id,
// version, times and alias provenance; the id counter moves past it; existing ids update as UpsertEntity;
// merged ids and malformed ids are refused. Also: ChangeContext.who on the plain writes.
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "storage/change_log.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using aka::v1::Entity;
using google::protobuf::util::MessageDifferencer;
using testing::MakeEntity;

class StoreImportTest : public testing::StoreTestBase {
 protected:
  // An entity as `aka export` writes it: every server-set field filled in.
  static Entity Exported(const std::string& id, const std::string& name) {
    Entity entity = MakeEntity("threat_actor", name);
    entity.set_id(id);
    entity.set_version(7);
    entity.mutable_create_time()->set_seconds(1700000000);
    entity.mutable_update_time()->set_seconds(1700000500);
    aka::v1::Alias* alias = entity.add_aliases();
    alias->set_name(name + " Team");
    alias->set_source("misp");
    alias->set_reference("https://example.org/1");
    alias->set_asserted_by("carol");
    alias->set_kind(aka::v1::FKA);
    alias->mutable_added_time()->set_seconds(1700000100);
    (*entity.mutable_external_ids())["mitre"] = id + "-g";
    return entity;
  }
};

TEST_F(StoreImportTest, AbsentIdIsCreatedExactlyAsExported) {
  const Entity exported = Exported("E00000042", "Fancy Bear");
  auto written = store_->ImportEntity(exported, ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_TRUE(written->created);
  EXPECT_GT(written->sequence, 0);
  auto stored = store_->GetEntity("E00000042");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*stored, exported)) << stored->DebugString();
  EXPECT_EQ(SerializeEntityRecord(*stored), SerializeEntityRecord(exported));
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "fancy bear team"), std::vector<std::string>{"E00000042"});
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreImportTest, IdCounterMovesPastImportedIdsAndSurvivesReopen) {
  ASSERT_TRUE(store_->ImportEntity(Exported("E00000042", "Fancy Bear"), ChangeContext()).ok());
  // A lower id later does not move the counter back.
  ASSERT_TRUE(store_->ImportEntity(Exported("E00000007", "Cozy Bear"), ChangeContext()).ok());
  EXPECT_EQ(Create(MakeEntity("threat_actor", "Turla")).id(), "E00000043");
  store_.reset();
  OpenStore();
  EXPECT_EQ(Create(MakeEntity("threat_actor", "Sandworm")).id(), "E00000044");
}

TEST_F(StoreImportTest, ExistingIdIsUpdatedLikeUpsert) {
  const Entity created = Create(MakeEntity("threat_actor", "Turla"));
  Entity line = Exported(created.id(), "Turla");
  auto written = store_->ImportEntity(line, ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_FALSE(written->created);
  // The server keeps counting versions and times of an entity it has.
  EXPECT_EQ(written->entity.version(), 2);
  EXPECT_EQ(written->entity.create_time().seconds(), created.create_time().seconds());
}

TEST_F(StoreImportTest, EntityWithoutIdIsCreatedWithFreshId) {
  auto written = store_->ImportEntity(MakeEntity("threat_actor", "Turla"), ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->entity.id(), "E00000001");
  EXPECT_EQ(written->entity.version(), 1);
}

TEST_F(StoreImportTest, MissingServerFieldsAreFilledIn) {
  Entity line = MakeEntity("threat_actor", "Turla", {"Snake"});
  line.set_id("E00000005");
  auto written = store_->ImportEntity(line, ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->entity.version(), 1);
  EXPECT_GT(written->entity.create_time().seconds(), 0);
  EXPECT_EQ(written->entity.update_time().seconds(), written->entity.create_time().seconds());
  EXPECT_EQ(written->entity.aliases(0).added_time().seconds(), written->entity.create_time().seconds());
}

TEST_F(StoreImportTest, MalformedIdsAreRefusedNamingTheField) {
  for (const std::string id : {"E42", "X00000042", "E", "E0000004x", "E-0000042", "e00000042"}) {
    Entity line = MakeEntity("threat_actor", "Turla");
    line.set_id(id);
    auto written = store_->ImportEntity(line, ChangeContext());
    EXPECT_TRUE(absl::IsInvalidArgument(written.status())) << id << ": " << written.status();
    EXPECT_NE(written.status().message().find("entity.id"), std::string::npos) << written.status();
  }
  Entity negative = Exported("E00000003", "Turla");
  negative.set_version(-1);
  EXPECT_TRUE(absl::IsInvalidArgument(store_->ImportEntity(negative, ChangeContext()).status()));
  EXPECT_EQ(*store_->CountEntities(), 0);
}

TEST_F(StoreImportTest, MergedIdOnlyAddsItsNewNamesToTheMergeTarget) {
  const Entity target = Create(MakeEntity("threat_actor", "Turla"));
  const Entity source = Create(MakeEntity("threat_actor", "Snake"));
  ASSERT_TRUE(store_->MergeEntities(target.id(), {source.id()}, 0, ChangeContext()).ok());
  auto written = store_->ImportEntity(Exported(source.id(), "Snake"), ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->redirected_from, source.id());
  EXPECT_FALSE(written->created);
  EXPECT_EQ(written->entity.id(), target.id());
  EXPECT_EQ(written->entity.canonical_name(), "Turla");
  EXPECT_TRUE(absl::IsNotFound(store_->GetEntity(source.id()).status()));
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "snake team"), std::vector<std::string>{target.id()});
  // The target keeps its own external ids: the record's are not moved over.
  EXPECT_TRUE(written->entity.external_ids().empty());
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreImportTest, ExternalIdHeldByAnotherEntityIsRefused) {
  Entity holder = MakeEntity("threat_actor", "Turla");
  (*holder.mutable_external_ids())["mitre"] = "E00000042-g";
  Create(holder);
  auto written = store_->ImportEntity(Exported("E00000042", "Fancy Bear"), ChangeContext());
  EXPECT_TRUE(absl::IsAlreadyExists(written.status())) << written.status();
  EXPECT_TRUE(absl::IsNotFound(store_->GetEntity("E00000042").status()));
}

TEST_F(StoreImportTest, ImportIsOneChangeThatUndoRemoves) {
  auto written = store_->ImportEntity(Exported("E00000042", "Fancy Bear"), ChangeContext{"importer", ""});
  ASSERT_TRUE(written.ok()) << written.status();
  auto history = store_->GetHistory("E00000042", 0, 10);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].kind(), aka::v1::CHANGE_KIND_CREATE);
  EXPECT_EQ((*history)[0].who(), "importer");
  ASSERT_TRUE(store_->Undo(written->sequence, ChangeContext()).ok());
  EXPECT_TRUE(absl::IsNotFound(store_->GetEntity("E00000042").status()));
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreImportTest, WhoOfEveryPlainWriteIsRecordedAndAssertsNewAliases) {
  const ChangeContext alice{"alice", ""};
  Entity entity = MakeEntity("threat_actor", "Turla", {"Snake"});
  entity.mutable_aliases(0)->set_asserted_by("mallory");
  auto created = store_->UpsertEntity(entity, 0, alice);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->entity.aliases(0).asserted_by(), "alice");

  // bob adds an alias; the one alice asserted keeps her name.
  Entity update = created->entity;
  update.add_aliases()->set_name("Venomous Bear");
  auto updated = store_->UpsertEntity(update, 0, ChangeContext{"bob", ""});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->entity.aliases(0).asserted_by(), "alice");
  EXPECT_EQ(updated->entity.aliases(1).asserted_by(), "bob");

  AddAliasOptions options;
  options.who = "carol";
  aka::v1::Alias claimed;
  claimed.set_name("Uroburos");
  claimed.set_asserted_by("mallory");
  auto added = store_->AddAlias(created->entity.id(), claimed, options);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->entity.aliases(2).asserted_by(), "carol");

  ASSERT_TRUE(store_->RemoveAlias(created->entity.id(), "Snake", 0, ChangeContext{"dave", ""}).ok());
  ASSERT_TRUE(store_->DeleteEntity(created->entity.id(), 0, ChangeContext{"erin", ""}).ok());
  auto history = store_->GetHistory(created->entity.id(), 0, 10);
  ASSERT_TRUE(history.ok());
  std::vector<std::string> who;
  for (const aka::v1::Change& change : *history) who.push_back(change.who());
  EXPECT_EQ(who, (std::vector<std::string>{"alice", "bob", "carol", "dave", "erin"}));
}

}  // namespace
}  // namespace aka::storage

// Store::ImportEntity after a curator's merge (docs/CURATION.md, "Re-imports after a merge"): a record of a
// merged-away entity, found by its external ids or its id, goes to the merge target and only adds the names
// the target lacks; the target's own record keeps what the merge brought; nothing is re-created; re-imports
// are idempotent; undo keeps its rules.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/change_log.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using aka::v1::Entity;
using testing::MakeEntity;

bool HasAlias(const Entity& entity, const std::string& name) {
  for (const aka::v1::Alias& alias : entity.aliases()) {
    if (alias.name() == name) return true;
  }
  return false;
}

class StoreImportMergeTest : public testing::StoreTestBase {
 protected:
  // A cluster as the MISP galaxy reader makes it: no id, a "misp" external id, aliases with provenance.
  static Entity Cluster(const std::string& name, const std::string& uuid, const std::vector<std::string>& aliases) {
    Entity entity = MakeEntity("threat_actor", name);
    for (const std::string& alias_name : aliases) {
      aka::v1::Alias* alias = entity.add_aliases();
      alias->set_name(alias_name);
      alias->set_source("misp");
      alias->set_reference("threat-actor galaxy");
    }
    (*entity.mutable_external_ids())["misp"] = uuid;
    return entity;
  }

  WriteResult Import(const Entity& record) {
    auto written = store_->ImportEntity(record, ChangeContext{"importer", ""});
    EXPECT_TRUE(written.ok()) << written.status();
    return written.ok() ? *written : WriteResult();
  }

  int64_t LastSequence() { return *store_->LastSequence(); }

  const Entity snake_ = Cluster("Snake", "uuid-snake", {"Uroburos"});
  const Entity turla_ = Cluster("Turla", "uuid-turla", {"Venomous Bear"});
  const Entity sofacy_ = Cluster("Sofacy", "uuid-sofacy", {"Fancy Bear"});
};

TEST_F(StoreImportMergeTest, ReImportAfterMergesRecreatesNothingAndKeepsTargets) {
  const std::string snake = Import(snake_).entity.id();
  const std::string turla = Import(turla_).entity.id();
  const std::string sofacy = Import(sofacy_).entity.id();
  const std::string apt28 = Create(MakeEntity("threat_actor", "APT28")).id();
  // Both have a misp id: Snake's is no longer indexed after the merge.
  ASSERT_TRUE(store_->MergeEntities(turla, {snake}, 0, ChangeContext()).ok());
  // APT28 has none: the merge moves Sofacy's misp id to it.
  ASSERT_TRUE(store_->MergeEntities(apt28, {sofacy}, 0, ChangeContext()).ok());
  const int64_t merged_at = LastSequence();
  const Entity turla_merged = *store_->GetEntity(turla);
  const Entity apt28_merged = *store_->GetEntity(apt28);

  for (int round = 0; round < 2; ++round) {
    const WriteResult s = Import(snake_);
    EXPECT_EQ(s.redirected_from, snake);
    EXPECT_TRUE(s.unchanged);
    EXPECT_EQ(s.entity.id(), turla);
    const WriteResult t = Import(turla_);
    EXPECT_TRUE(t.unchanged) << "Turla's own record must keep what the merge brought";
    EXPECT_TRUE(t.redirected_from.empty());
    const WriteResult f = Import(sofacy_);
    EXPECT_EQ(f.redirected_from, sofacy);
    EXPECT_TRUE(f.unchanged);
    EXPECT_EQ(f.entity.id(), apt28);
  }
  EXPECT_EQ(LastSequence(), merged_at);
  EXPECT_EQ(*store_->CountEntities(), 2);
  EXPECT_EQ(store_->GetEntityFollowingRedirects(snake)->entity.id(), turla);
  EXPECT_EQ(store_->GetEntityFollowingRedirects(sofacy)->entity.id(), apt28);
  EXPECT_EQ(SerializeEntityRecord(*store_->GetEntity(turla)), SerializeEntityRecord(turla_merged));
  EXPECT_EQ(SerializeEntityRecord(*store_->GetEntity(apt28)), SerializeEntityRecord(apt28_merged));
  EXPECT_EQ(apt28_merged.canonical_name(), "APT28");
  EXPECT_TRUE(HasAlias(apt28_merged, "Fancy Bear"));
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "uroburos"), std::vector<std::string>{turla});
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreImportMergeTest, NewAliasOfMergedRecordIsAddedToTheTargetOnce) {
  const std::string snake = Import(snake_).entity.id();
  const std::string turla = Import(turla_).entity.id();
  ASSERT_TRUE(store_->MergeEntities(turla, {snake}, 0, ChangeContext()).ok());
  const int64_t version = store_->GetEntity(turla)->version();

  Entity grown = snake_;
  aka::v1::Alias* krypton = grown.add_aliases();
  krypton->set_name("Krypton");
  krypton->set_source("misp");
  krypton->set_reference("threat-actor galaxy");
  const WriteResult written = Import(grown);
  EXPECT_EQ(written.redirected_from, snake);
  EXPECT_FALSE(written.created);
  EXPECT_FALSE(written.unchanged);
  const Entity stored = *store_->GetEntity(turla);
  EXPECT_EQ(stored.version(), version + 1);
  EXPECT_EQ(stored.canonical_name(), "Turla");
  EXPECT_TRUE(HasAlias(stored, "Venomous Bear"));
  EXPECT_TRUE(HasAlias(stored, "Uroburos"));
  ASSERT_TRUE(HasAlias(stored, "Krypton"));
  EXPECT_EQ(stored.aliases(stored.aliases_size() - 1).source(), "misp");
  EXPECT_EQ(stored.aliases(stored.aliases_size() - 1).asserted_by(), "importer");
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "krypton"), std::vector<std::string>{turla});
  // One change, an update of the target that says why.
  auto history = store_->GetHistory(turla, 0, 10);
  ASSERT_TRUE(history.ok());
  const aka::v1::Change& last = history->back();
  EXPECT_EQ(last.sequence(), written.sequence);
  EXPECT_EQ(last.kind(), aka::v1::CHANGE_KIND_UPDATE);
  EXPECT_EQ(last.entities_size(), 1);
  EXPECT_EQ(last.note(), "import: record of " + snake + ", merged into " + turla);

  // Again, and Turla's own record: nothing changes, nothing is created.
  const int64_t sequence = LastSequence();
  EXPECT_TRUE(Import(grown).unchanged);
  EXPECT_TRUE(Import(turla_).unchanged);
  EXPECT_EQ(LastSequence(), sequence);
  EXPECT_EQ(*store_->CountEntities(), 1);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreImportMergeTest, UndoKeepsItsRulesAndRestoresTheMergedState) {
  const std::string snake = Import(snake_).entity.id();
  const std::string turla = Import(turla_).entity.id();
  const std::string snake_before = SerializeEntityRecord(*store_->GetEntity(snake));
  const std::string turla_before = SerializeEntityRecord(*store_->GetEntity(turla));
  auto merge = store_->MergeEntities(turla, {snake}, 0, ChangeContext());
  ASSERT_TRUE(merge.ok()) << merge.status();
  Entity grown = snake_;
  grown.add_aliases()->set_name("Krypton");
  const WriteResult imported = Import(grown);
  ASSERT_GT(imported.sequence, merge->sequence());

  // The import changed the target after the merge: undo it first.
  EXPECT_TRUE(absl::IsFailedPrecondition(store_->Undo(merge->sequence(), ChangeContext()).status()));
  ASSERT_TRUE(store_->Undo(imported.sequence, ChangeContext()).ok());
  ASSERT_TRUE(store_->Undo(merge->sequence(), ChangeContext()).ok());
  EXPECT_EQ(SerializeEntityRecord(*store_->GetEntity(snake)), snake_before);
  EXPECT_EQ(SerializeEntityRecord(*store_->GetEntity(turla)), turla_before);

  // Snake is live again: its record updates it, not Turla.
  const WriteResult again = Import(grown);
  EXPECT_TRUE(again.redirected_from.empty());
  EXPECT_EQ(again.entity.id(), snake);
  EXPECT_TRUE(HasAlias(again.entity, "Krypton"));
  EXPECT_FALSE(HasAlias(*store_->GetEntity(turla), "Krypton"));
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreImportMergeTest, UnrelatedRecordWithAMergedNameIsStillCreated) {
  const std::string snake = Import(snake_).entity.id();
  const std::string turla = Import(turla_).entity.id();
  ASSERT_TRUE(store_->MergeEntities(turla, {snake}, 0, ChangeContext()).ok());
  // Same name, another cluster (no external id in common with Snake's record): a new entity.
  const WriteResult other = Import(Cluster("Snake", "uuid-other-snake", {}));
  EXPECT_TRUE(other.created);
  EXPECT_TRUE(other.redirected_from.empty());
  EXPECT_EQ(*store_->CountEntities(), 2);
}

}  // namespace
}  // namespace aka::storage

// Curation in the store: history and change log rows for every write, merge/split with redirects, undo
// restoring byte-identical entities, shared-alias refusal, and the change-feed reads.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/change_log.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using aka::v1::Change;
using aka::v1::Entity;
using testing::MakeEntity;

class StoreCurationTest : public testing::StoreTestBase {
 protected:
  Entity Get(const std::string& id) {
    auto entity = store_->GetEntity(id);
    EXPECT_TRUE(entity.ok()) << entity.status();
    return entity.ok() ? *entity : Entity();
  }

  ChangeContext Curator(const std::string& note = "") {
    ChangeContext context;
    context.who = "alice";
    context.note = note;
    return context;
  }

  // Every change so far, in order.
  std::vector<Change> AllChanges() {
    auto changes = store_->ReadChanges(0, 1000);
    EXPECT_TRUE(changes.ok()) << changes.status();
    return changes.ok() ? *changes : std::vector<Change>();
  }
};

TEST_F(StoreCurationTest, EveryWriteAppendsOneLogRowAndHistory) {
  const Entity apt31 = Create(MakeEntity("threat_actor", "APT31", {"Zirconium"}));
  aka::v1::Alias alias;
  alias.set_name("Judgment Panda");
  alias.set_asserted_by("crowdstrike-importer");
  auto added = store_->AddAlias(apt31.id(), alias, 0);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->sequence, 2);
  auto unchanged = store_->AddAlias(apt31.id(), alias, 0);
  ASSERT_TRUE(unchanged.ok()) << unchanged.status();
  EXPECT_TRUE(unchanged->unchanged);
  EXPECT_EQ(unchanged->sequence, 0);
  ASSERT_TRUE(store_->RemoveAlias(apt31.id(), "Zirconium", 0).ok());
  ASSERT_TRUE(store_->DeleteEntity(apt31.id(), 0).ok());

  const std::vector<Change> changes = AllChanges();
  ASSERT_EQ(changes.size(), 4u);
  const std::vector<aka::v1::ChangeKind> kinds = {aka::v1::CHANGE_KIND_CREATE, aka::v1::CHANGE_KIND_ADD_ALIAS,
                                                  aka::v1::CHANGE_KIND_REMOVE_ALIAS, aka::v1::CHANGE_KIND_DELETE};
  for (size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(changes[i].sequence(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(changes[i].kind(), kinds[i]);
    ASSERT_EQ(changes[i].entities_size(), 1);
    EXPECT_EQ(changes[i].entities(0).entity_id(), apt31.id());
  }
  EXPECT_EQ(changes[1].who(), "crowdstrike-importer");
  EXPECT_FALSE(changes[0].entities(0).has_before());
  EXPECT_EQ(changes[0].entities(0).after().canonical_name(), "APT31");
  EXPECT_EQ(changes[3].entities(0).before().version(), 3);
  EXPECT_FALSE(changes[3].entities(0).has_after());

  auto history = store_->GetHistory(apt31.id(), 0, 1000);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 4u);
  auto tail = store_->GetHistory(apt31.id(), 2, 1);
  ASSERT_TRUE(tail.ok()) << tail.status();
  ASSERT_EQ(tail->size(), 1u);
  EXPECT_EQ((*tail)[0].sequence(), 3);
  EXPECT_EQ(*store_->LastSequence(), 4);
}

TEST_F(StoreCurationTest, SequenceSurvivesReopen) {
  Create(MakeEntity("threat_actor", "APT31"));
  ASSERT_TRUE(store_->Close().ok());
  OpenStore();
  EXPECT_EQ(*store_->LastSequence(), 1);
  auto second = store_->UpsertEntity(MakeEntity("threat_actor", "APT28"), 0);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->sequence, 2);
}

TEST_F(StoreCurationTest, AddingAnotherEntitysNameIsRefusedUnlessShared) {
  const Entity turla = Create(MakeEntity("threat_actor", "Turla", {"Hippo Team"}));
  const Entity apt26 = Create(MakeEntity("threat_actor", "APT26"));
  aka::v1::Alias alias;
  alias.set_name("HIPPO  team");  // Same normalized form.
  auto refused = store_->AddAlias(apt26.id(), alias, 0);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists) << refused.status();
  EXPECT_NE(refused.status().message().find(turla.id()), std::string::npos);

  AddAliasOptions options;
  options.allow_shared = true;
  auto shared = store_->AddAlias(apt26.id(), alias, options);
  ASSERT_TRUE(shared.ok()) << shared.status();
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "hippo team"), (std::vector<std::string>{turla.id(), apt26.id()}));
  // Re-adding a name the entity has is still an idempotent no-op.
  auto again = store_->AddAlias(apt26.id(), alias, 0);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->unchanged);
}

TEST_F(StoreCurationTest, MergeRedirectsAndMovesNamesWithProvenance) {
  Entity target_in = MakeEntity("threat_actor", "APT31", {"Zirconium"});
  (*target_in.mutable_external_ids())["mitre"] = "G0128";
  const Entity target = Create(target_in);
  Entity source_in = MakeEntity("threat_actor", "Violet Typhoon");
  aka::v1::Alias* alias = source_in.add_aliases();
  alias->set_name("Judgment Panda");
  alias->set_source("crowdstrike");
  alias->set_reference("https://example.com/report");
  (*source_in.mutable_external_ids())["mitre"] = "G9999";
  (*source_in.mutable_external_ids())["misp"] = "uuid-1";
  const Entity source = Create(source_in);

  auto stale = store_->MergeEntities(target.id(), {source.id()}, target.version() + 1, Curator());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition);

  auto merge = store_->MergeEntities(target.id(), {source.id()}, target.version(), Curator("same actor"));
  ASSERT_TRUE(merge.ok()) << merge.status();
  EXPECT_EQ(merge->kind(), aka::v1::CHANGE_KIND_MERGE);
  EXPECT_EQ(merge->who(), "alice");
  EXPECT_EQ(merge->note(), "same actor");
  ASSERT_EQ(merge->entities_size(), 2);

  const Entity merged = Get(target.id());
  EXPECT_EQ(merged.version(), target.version() + 1);
  ASSERT_EQ(merged.aliases_size(), 3);
  EXPECT_EQ(merged.aliases(1).name(), "Violet Typhoon");
  EXPECT_EQ(merged.aliases(1).source(), "merge");
  EXPECT_EQ(merged.aliases(1).reference(), source.id());
  EXPECT_EQ(merged.aliases(2).source(), "crowdstrike");
  EXPECT_EQ(merged.aliases(2).reference(), "https://example.com/report");
  EXPECT_EQ(merged.external_ids().at("mitre"), "G0128");
  EXPECT_EQ(merged.external_ids().at("misp"), "uuid-1");

  EXPECT_EQ(store_->GetEntity(source.id()).status().code(), absl::StatusCode::kNotFound);
  auto resolved = store_->GetEntityFollowingRedirects(source.id());
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->entity.id(), target.id());
  EXPECT_EQ(resolved->redirected_from, source.id());
  // The index never leads to the merged id.
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "violet typhoon"), std::vector<std::string>{target.id()});
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "judgment panda"), std::vector<std::string>{target.id()});
  EXPECT_EQ(*store_->CountEntities(), 1);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
  // Ids are never reused: the next entity gets a fresh one.
  const Entity next = Create(MakeEntity("threat_actor", "APT41"));
  EXPECT_NE(next.id(), source.id());
  EXPECT_NE(next.id(), target.id());
}

TEST_F(StoreCurationTest, MergeChainsFollowAndInvalidMergesAreRefused) {
  const Entity a = Create(MakeEntity("threat_actor", "A one"));
  const Entity b = Create(MakeEntity("threat_actor", "B two"));
  const Entity c = Create(MakeEntity("threat_actor", "C three"));
  const Entity org = Create(MakeEntity("organization", "Acme"));
  EXPECT_EQ(store_->MergeEntities(a.id(), {}, 0, Curator()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->MergeEntities(a.id(), {a.id()}, 0, Curator()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->MergeEntities(a.id(), {b.id(), b.id()}, 0, Curator()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->MergeEntities(a.id(), {org.id()}, 0, Curator()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->MergeEntities(a.id(), {"E99999999"}, 0, Curator()).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(store_->MergeEntities(b.id(), {a.id()}, 0, Curator()).ok());
  ASSERT_TRUE(store_->MergeEntities(c.id(), {b.id()}, 0, Curator()).ok());
  auto resolved = store_->GetEntityFollowingRedirects(a.id());
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->entity.id(), c.id());
  EXPECT_EQ(resolved->redirected_from, a.id());
  // A merged id is not a live entity: it cannot be merged again.
  EXPECT_EQ(store_->MergeEntities(c.id(), {a.id()}, 0, Curator()).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreCurationTest, MergeThenUndoIsByteIdentical) {
  Entity target_in = MakeEntity("threat_actor", "APT31", {"Zirconium"});
  (*target_in.mutable_external_ids())["mitre"] = "G0128";
  (*target_in.mutable_attributes())["country"] = "CN";
  const Entity target = Create(target_in);
  Entity source_in = MakeEntity("threat_actor", "Violet Typhoon", {"Judgment Panda"});
  (*source_in.mutable_external_ids())["mitre"] = "G9999";
  (*source_in.mutable_external_ids())["misp"] = "uuid-1";
  (*source_in.mutable_attributes())["motive"] = "espionage";
  const Entity source = Create(source_in);
  const Entity other_source = Create(MakeEntity("threat_actor", "Bronze Vinewood"));
  const std::vector<std::string> ids = {target.id(), source.id(), other_source.id()};
  std::vector<std::string> before;
  for (const std::string& id : ids) before.push_back(SerializeEntityRecord(Get(id)));

  auto merge = store_->MergeEntities(target.id(), {source.id(), other_source.id()}, 0, Curator());
  ASSERT_TRUE(merge.ok()) << merge.status();
  auto undo = store_->Undo(merge->sequence(), Curator("wrong merge"));
  ASSERT_TRUE(undo.ok()) << undo.status();
  EXPECT_EQ(undo->kind(), aka::v1::CHANGE_KIND_UNDO);
  EXPECT_EQ(undo->undoes(), merge->sequence());

  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(SerializeEntityRecord(Get(ids[i])), before[i]) << ids[i];
  auto resolved = store_->GetEntityFollowingRedirects(source.id());
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_TRUE(resolved->redirected_from.empty());
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "judgment panda"), std::vector<std::string>{source.id()});
  EXPECT_EQ(*store_->CountEntities(), 3);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
  // History is append-only: the merged source shows its creation, the merge and the undo.
  auto history = store_->GetHistory(source.id(), 0, 100);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[2].kind(), aka::v1::CHANGE_KIND_UNDO);

  // Undoing the undo redoes the merge.
  auto redo = store_->Undo(undo->sequence(), Curator());
  ASSERT_TRUE(redo.ok()) << redo.status();
  EXPECT_EQ(store_->GetEntity(source.id()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreCurationTest, UndoRefusesWhenLaterChangesTouchedTheEntity) {
  const Entity e = Create(MakeEntity("threat_actor", "APT31"));
  aka::v1::Alias alias;
  alias.set_name("Zirconium");
  auto added = store_->AddAlias(e.id(), alias, 0);
  ASSERT_TRUE(added.ok()) << added.status();
  ASSERT_TRUE(store_->RemoveAlias(e.id(), "Zirconium", 0).ok());
  EXPECT_EQ(store_->Undo(added->sequence, Curator()).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Undo(999, Curator()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Undo(0, Curator()).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreCurationTest, UndoOfCreateAndDeleteKeepsIdsUnique) {
  const Entity e = Create(MakeEntity("threat_actor", "APT31"));
  auto undo_create = store_->Undo(1, Curator());
  ASSERT_TRUE(undo_create.ok()) << undo_create.status();
  EXPECT_EQ(store_->GetEntity(e.id()).status().code(), absl::StatusCode::kNotFound);
  const Entity next = Create(MakeEntity("threat_actor", "APT28"));
  EXPECT_NE(next.id(), e.id());
  auto deleted = store_->DeleteEntity(next.id(), 0);
  ASSERT_TRUE(deleted.ok());
  const std::string before = SerializeEntityRecord(next);
  ASSERT_TRUE(store_->Undo(deleted->sequence, Curator()).ok());
  EXPECT_EQ(SerializeEntityRecord(Get(next.id())), before);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreCurationTest, SplitMovesAliasesToANewEntityAndUndoes) {
  Entity in = MakeEntity("threat_actor", "Grizzly Steppe", {"APT28", "Fancy Bear", "APT29", "Cozy Bear"});
  in.mutable_aliases(2)->set_source("misp");
  const Entity original = Create(in);
  const std::string before = SerializeEntityRecord(original);

  EXPECT_EQ(store_->SplitEntity(original.id(), {"Nope"}, "", 0, Curator()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->SplitEntity(original.id(), {}, "", 0, Curator()).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto split = store_->SplitEntity(original.id(), {"APT29", "Cozy Bear"}, "", original.version(), Curator());
  ASSERT_TRUE(split.ok()) << split.status();
  ASSERT_EQ(split->entities_size(), 2);
  const std::string new_id = split->entities(1).entity_id();
  const Entity created = Get(new_id);
  EXPECT_EQ(created.canonical_name(), "APT29");
  EXPECT_EQ(created.type(), "threat_actor");
  ASSERT_EQ(created.aliases_size(), 1);
  EXPECT_EQ(created.aliases(0).name(), "Cozy Bear");
  const Entity remaining = Get(original.id());
  ASSERT_EQ(remaining.aliases_size(), 2);
  EXPECT_EQ(remaining.version(), original.version() + 1);
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "cozy bear"), std::vector<std::string>{new_id});
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();

  ASSERT_TRUE(store_->Undo(split->sequence(), Curator()).ok());
  EXPECT_EQ(SerializeEntityRecord(Get(original.id())), before);
  EXPECT_EQ(store_->GetEntity(new_id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
  // The split-off id stays taken.
  EXPECT_NE(Create(MakeEntity("threat_actor", "APT41")).id(), new_id);
}

TEST_F(StoreCurationTest, WaitForChangeWakesOnCommitAndTimesOut) {
  EXPECT_FALSE(store_->WaitForChange(0, absl::Now() + absl::Milliseconds(20)));
  Create(MakeEntity("threat_actor", "APT31"));
  EXPECT_TRUE(store_->WaitForChange(0, absl::Now() + absl::Milliseconds(20)));
  EXPECT_FALSE(store_->WaitForChange(1, absl::Now() + absl::Milliseconds(20)));
  auto changes = store_->ReadChanges(1, 10);
  ASSERT_TRUE(changes.ok());
  EXPECT_TRUE(changes->empty());
  EXPECT_EQ(store_->ReadChanges(0, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aka::storage

// AsOfStore: the registry as it stood after each change of a history of create, rename, alias add and
// remove, merge, split and delete: entities, index lookups (names, tokens, fuzzy keys) and redirects as then.
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "core/fuzzy_keys.h"
#include "storage/as_of_store.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using testing::MakeEntity;

class AsOfStoreTest : public testing::StoreTestBase {
 protected:
  // The time of the newest change so far: a view at it includes that change.
  absl::Time Now() {
    auto changes = store_->ReadChanges(*store_->LastSequence() - 1, 1);
    EXPECT_TRUE(changes.ok() && !changes->empty());
    const google::protobuf::Timestamp& time = changes->front().time();
    // Commits a millisecond apart, so a view at a change's time never includes the next one.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  }

  std::unique_ptr<AsOfStore> View(absl::Time time) {
    AsOfOptions options;
    options.as_of = time;
    auto view = AsOfStore::Create(store_.get(), &normalizer_, options);
    EXPECT_TRUE(view.ok()) << view.status();
    return view.ok() ? *std::move(view) : nullptr;
  }

  // Ids the view's names index gives for the normalized form of `name`.
  static std::vector<std::string> Find(const Store& view, const std::string& normalized) {
    std::vector<IndexHit> hits;
    EXPECT_TRUE(view.LookupKey(core::NameKey{core::KeyKind::kNormalized, normalized}, &hits).ok());
    std::vector<std::string> ids;
    for (const IndexHit& hit : hits) ids.push_back(hit.entity_id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static std::vector<std::string> Ids(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

TEST_F(AsOfStoreTest, EveryPointOfAHistoryAnswersAsThen) {
  const absl::Time before_all = absl::Now() - absl::Seconds(1);
  const aka::v1::Entity turla = Create(MakeEntity("threat_actor", "Turla", {"Snake"}));
  const absl::Time created = Now();

  aka::v1::Entity renamed = turla;
  renamed.set_canonical_name("Venomous Bear");
  ASSERT_TRUE(store_->UpsertEntity(renamed, 0).ok());
  const absl::Time after_rename = Now();

  aka::v1::Alias alias;
  alias.set_name("Uroburos");
  ASSERT_TRUE(store_->AddAlias(turla.id(), alias, 0).ok());
  const absl::Time after_add = Now();

  ASSERT_TRUE(store_->RemoveAlias(turla.id(), "Snake", 0).ok());
  const absl::Time after_remove = Now();

  const aka::v1::Entity krypton = Create(MakeEntity("threat_actor", "Krypton"));
  ASSERT_TRUE(store_->MergeEntities(turla.id(), {krypton.id()}, 0, ChangeContext()).ok());
  const absl::Time after_merge = Now();

  auto split = store_->SplitEntity(turla.id(), {"Uroburos"}, "", 0, ChangeContext());
  ASSERT_TRUE(split.ok()) << split.status();
  const std::string split_id = split->entities(1).entity_id();
  const absl::Time after_split = Now();

  ASSERT_TRUE(store_->DeleteEntity(split_id, 0).ok());

  {  // Before the first change: an empty registry.
    auto view = View(before_all);
    EXPECT_EQ(view->sequence(), 0);
    EXPECT_TRUE(absl::IsNotFound(view->GetEntity(turla.id()).status()));
    EXPECT_TRUE(Find(*view, "turla").empty());
  }
  {  // Created: the first name and alias, not the later ones.
    auto view = View(created);
    EXPECT_EQ(view->GetEntity(turla.id())->canonical_name(), "Turla");
    EXPECT_EQ(Find(*view, "turla"), Ids({turla.id()}));
    EXPECT_EQ(Find(*view, "snake"), Ids({turla.id()}));
    EXPECT_TRUE(Find(*view, "venomous bear").empty());
  }
  {  // Renamed.
    auto view = View(after_rename);
    EXPECT_TRUE(Find(*view, "turla").empty());
    EXPECT_EQ(Find(*view, "venomous bear"), Ids({turla.id()}));
    EXPECT_TRUE(Find(*view, "uroburos").empty());
  }
  {  // Alias added, then removed.
    EXPECT_EQ(Find(*View(after_add), "uroburos"), Ids({turla.id()}));
    EXPECT_EQ(Find(*View(after_add), "snake"), Ids({turla.id()}));
    EXPECT_TRUE(Find(*View(after_remove), "snake").empty());
  }
  {  // Before the merge Krypton lives on its own; after it, it is a redirect and not in the index.
    auto view = View(after_remove);
    EXPECT_TRUE(absl::IsNotFound(view->GetEntity(krypton.id()).status()));
    auto merged = View(after_merge);
    EXPECT_TRUE(absl::IsNotFound(merged->GetEntity(krypton.id()).status()));
    EXPECT_EQ(merged->GetEntityFollowingRedirects(krypton.id())->entity.id(), turla.id());
    EXPECT_EQ(Find(*merged, "krypton"), Ids({turla.id()}));
  }
  {  // Split: Uroburos went to the new entity, which a later delete removed from today's registry.
    auto view = View(after_split);
    EXPECT_EQ(Find(*view, "uroburos"), Ids({split_id}));
    EXPECT_EQ(view->GetEntity(split_id)->canonical_name(), "Uroburos");
    std::vector<IndexHit> hits;
    ASSERT_TRUE(view->LookupToken("uroburos", 10, &hits).ok());
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].entity_id, split_id);
    std::vector<std::string> tokens;
    ASSERT_TRUE(view->LookupFuzzyKeys(core::FuzzyTokenKeys("uroburos"), &tokens).ok());
    EXPECT_NE(std::find(tokens.begin(), tokens.end(), "uroburos"), tokens.end());
    // Today the split-off entity is deleted: nothing finds it.
    EXPECT_TRUE(Find(*View(absl::Now() + absl::Hours(1)), "uroburos").empty());
  }
  {  // A view is read-only.
    auto view = View(after_split);
    EXPECT_TRUE(absl::IsFailedPrecondition(view->UpsertEntity(MakeEntity("threat_actor", "X"), 0).status()));
    EXPECT_TRUE(absl::IsFailedPrecondition(view->UpsertEntities({MakeEntity("threat_actor", "X")}, {}).status()));
    EXPECT_TRUE(absl::IsFailedPrecondition(view->ImportEntities({MakeEntity("threat_actor", "X")}, {}).status()));
    // What only the live database has: the view says so and names what to use instead.
    const absl::Status backup = view->CreateBackup(::testing::TempDir()).status();
    EXPECT_TRUE(absl::IsFailedPrecondition(backup));
    EXPECT_THAT(backup.message(), ::testing::HasSubstr("live database"));
    EXPECT_TRUE(absl::IsFailedPrecondition(view->FindIndexProblems().status()));
    EXPECT_TRUE(absl::IsFailedPrecondition(view->CountEntities().status()));
    // Engine figures are the live store's.
    EXPECT_TRUE(view->GetStats().ok());
  }
}

TEST_F(AsOfStoreTest, TooManyChangesSinceAreRefused) {
  const absl::Time before_all = absl::Now() - absl::Seconds(1);
  for (int i = 0; i < 5; ++i) Create(MakeEntity("threat_actor", "Actor " + std::to_string(i)));
  AsOfOptions options;
  options.as_of = before_all;
  options.max_changes = 3;
  EXPECT_TRUE(absl::IsResourceExhausted(AsOfStore::Create(store_.get(), &normalizer_, options).status()));
}

}  // namespace
}  // namespace aka::storage

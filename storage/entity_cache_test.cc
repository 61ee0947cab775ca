// EntityCache alone (LRU bound, stale inserts refused, invalidation) and through RocksStore (every kind of
// committed write is visible to the next GetEntityShared).
#include "storage/entity_cache.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

std::shared_ptr<const aka::v1::Entity> Entity(const std::string& id, const std::string& name) {
  auto entity = std::make_shared<aka::v1::Entity>();
  entity->set_id(id);
  entity->set_canonical_name(name);
  return entity;
}

TEST(EntityCacheTest, FindsWhatWasInserted) {
  EntityCache cache(100);
  EXPECT_EQ(cache.Find("E1"), nullptr);
  cache.Insert(Entity("E1", "APT31"), cache.Generation("E1"));
  ASSERT_NE(cache.Find("E1"), nullptr);
  EXPECT_EQ(cache.Find("E1")->canonical_name(), "APT31");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(EntityCacheTest, RefusesAnInsertReadBeforeAnInvalidation) {
  EntityCache cache(100);
  const uint64_t before_write = cache.Generation("E1");
  cache.Invalidate("E1");  // A write of E1 committed while the reader was reading the old state.
  cache.Insert(Entity("E1", "old state"), before_write);
  EXPECT_EQ(cache.Find("E1"), nullptr);
  cache.Insert(Entity("E1", "new state"), cache.Generation("E1"));
  ASSERT_NE(cache.Find("E1"), nullptr);
  EXPECT_EQ(cache.Find("E1")->canonical_name(), "new state");
}

TEST(EntityCacheTest, InvalidateAndClearForget) {
  EntityCache cache(100);
  cache.Insert(Entity("E1", "a"), cache.Generation("E1"));
  cache.Insert(Entity("E2", "b"), cache.Generation("E2"));
  cache.Invalidate("E1");
  EXPECT_EQ(cache.Find("E1"), nullptr);
  EXPECT_NE(cache.Find("E2"), nullptr);
  cache.Clear();
  EXPECT_EQ(cache.Find("E2"), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(EntityCacheTest, StaysWithinCapacityAndKeepsTheRecentlyUsed) {
  EntityCache cache(16);  // One set of Slots::kWays entries per shard.
  EXPECT_EQ(cache.capacity(), EntityCache::kShards * EntityCache::Slots::kWays);
  cache.Insert(Entity("HOT", "hot"), cache.Generation("HOT"));
  for (int i = 0; i < 1000; ++i) {
    const std::string id = "E" + std::to_string(i);
    cache.Insert(Entity(id, id), cache.Generation(id));
    EXPECT_NE(cache.Find(id), nullptr);  // The newest entry of its set is always there.
    ASSERT_NE(cache.Find("HOT"), nullptr) << "a recently used entity was evicted after " << id;
  }
  EXPECT_LE(cache.size(), cache.capacity());
}

TEST(EntityCacheTest, ReinsertingAHeldEntityTakesNoSecondSlot) {
  EntityCache cache(100);
  for (int i = 0; i < 3; ++i) cache.Insert(Entity("E1", "a"), cache.Generation("E1"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.Find("E1")->canonical_name(), "a");
}

TEST(EntityCacheTest, ZeroCapacityKeepsNothing) {
  EntityCache cache(0);
  cache.Insert(Entity("E1", "a"), cache.Generation("E1"));
  EXPECT_EQ(cache.Find("E1"), nullptr);
}

class StoreEntityCacheTest : public testing::StoreTestBase {
 protected:
  std::string CanonicalNameOf(const std::string& id) {
    auto entity = store_->GetEntityShared(id);
    return entity.ok() ? (*entity)->canonical_name() : std::string(absl::StatusCodeToString(entity.status().code()));
  }
};

TEST_F(StoreEntityCacheTest, UpdatesDeletesAndMergesAreSeenAfterACachedRead) {
  const aka::v1::Entity apt = Create(testing::MakeEntity("threat_actor", "APT31", {"Zirconium"}));
  const aka::v1::Entity other = Create(testing::MakeEntity("threat_actor", "Judgment Panda"));
  EXPECT_EQ(CanonicalNameOf(apt.id()), "APT31");  // Now cached.
  EXPECT_EQ(CanonicalNameOf(apt.id()), "APT31");

  aka::v1::Entity renamed = testing::MakeEntity("threat_actor", "APT 31", {"Zirconium"});
  renamed.set_id(apt.id());
  ASSERT_TRUE(store_->UpsertEntity(renamed, 0).ok());
  EXPECT_EQ(CanonicalNameOf(apt.id()), "APT 31");

  ASSERT_TRUE(store_->AddAlias(apt.id(), [] {
                aka::v1::Alias alias;
                alias.set_name("Violet Typhoon");
                return alias;
              }(), 0).ok());
  auto with_alias = store_->GetEntityShared(apt.id());
  ASSERT_TRUE(with_alias.ok());
  EXPECT_EQ((*with_alias)->aliases_size(), 2);

  EXPECT_EQ(CanonicalNameOf(other.id()), "Judgment Panda");
  ASSERT_TRUE(store_->MergeEntities(apt.id(), {other.id()}, 0, ChangeContext()).ok());
  EXPECT_EQ(CanonicalNameOf(other.id()), "NOT_FOUND");

  ASSERT_TRUE(store_->DeleteEntity(apt.id(), 0).ok());
  EXPECT_EQ(CanonicalNameOf(apt.id()), "NOT_FOUND");
}

TEST_F(StoreEntityCacheTest, UndoIsSeenAfterACachedRead) {
  const aka::v1::Entity apt = Create(testing::MakeEntity("threat_actor", "APT31"));
  aka::v1::Entity renamed = testing::MakeEntity("threat_actor", "APT 31");
  renamed.set_id(apt.id());
  auto written = store_->UpsertEntity(renamed, 0);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(CanonicalNameOf(apt.id()), "APT 31");
  ASSERT_TRUE(store_->Undo(written->sequence, ChangeContext()).ok());
  EXPECT_EQ(CanonicalNameOf(apt.id()), "APT31");
}

}  // namespace
}  // namespace aka::storage

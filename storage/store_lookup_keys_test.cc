// Store::LookupKeys: a query's keys of several kinds read in one call give, per key, exactly what LookupKey
// gives for it alone (RocksStore reads them with one MultiGet of posting lists), in entity id order; and
// what the posting cache serves is what RocksDB holds, after every kind of write.
#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class StoreLookupKeysTest : public testing::StoreTestBase {};

std::vector<std::string> SortedIds(const std::vector<IndexHit>& hits) {
  std::vector<std::string> ids;
  for (const IndexHit& hit : hits) ids.push_back(hit.entity_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_F(StoreLookupKeysTest, GivesEachKeyItsOwnRowsInTheOrderAsked) {
  const std::string apt = Create(testing::MakeEntity("threat_actor", "APT 31", {"Zirconium"})).id();
  const std::string other = Create(testing::MakeEntity("threat_actor", "Apt 31 Group")).id();
  const std::vector<core::NameKey> keys = {
      {core::KeyKind::kExact, "APT 31"},
      {core::KeyKind::kNormalized, "nobody has this"},
      {core::KeyKind::kCompact, "apt31"},
      {core::KeyKind::kNormalized, "apt 31 group"},
      {core::KeyKind::kNormalized, "apt 31"},
  };
  std::vector<std::vector<IndexHit>> hits;
  ASSERT_TRUE(store_->LookupKeys(keys, &hits).ok());
  ASSERT_EQ(hits.size(), keys.size());
  EXPECT_THAT(SortedIds(hits[0]), ElementsAre(apt));
  EXPECT_THAT(hits[1], IsEmpty());
  EXPECT_THAT(SortedIds(hits[2]), ElementsAre(apt));
  EXPECT_THAT(SortedIds(hits[3]), ElementsAre(other));
  EXPECT_THAT(SortedIds(hits[4]), ElementsAre(apt));  // The prefix of "apt 31 group" is not "apt 31"'s.
  EXPECT_EQ(hits[0][0].name, "APT 31");
  EXPECT_EQ(hits[0][0].alias_index, -1);
  for (size_t i = 0; i < keys.size(); ++i) {
    std::vector<IndexHit> alone;
    ASSERT_TRUE(store_->LookupKey(keys[i], &alone).ok());
    EXPECT_EQ(SortedIds(alone), SortedIds(hits[i])) << keys[i].value;
  }
}

TEST_F(StoreLookupKeysTest, HitsComeInEntityIdOrderAndRepeatedKeysAnswerAlike) {
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(Create(testing::MakeEntity("threat_actor", "Shared Name")).id());
  // Removing and re-adding the name moves nothing: entries stay in id order, not in write order.
  ASSERT_TRUE(store_->DeleteEntity(ids[3], 0).ok());
  aka::v1::Entity renamed = *store_->GetEntity(ids[5]);
  renamed.set_canonical_name("Other Name");
  ASSERT_TRUE(store_->UpsertEntity(renamed, 0).ok());
  renamed.set_canonical_name("Shared Name");
  ASSERT_TRUE(store_->UpsertEntity(renamed, 0).ok());
  ids.erase(ids.begin() + 3);
  const core::NameKey key{core::KeyKind::kNormalized, "shared name"};
  std::vector<std::vector<IndexHit>> hits;
  ASSERT_TRUE(store_->LookupKeys({key, {core::KeyKind::kExact, "Shared Name"}, key}, &hits).ok());
  ASSERT_EQ(hits.size(), 3u);
  std::vector<std::string> in_order;
  for (const IndexHit& hit : hits[0]) in_order.push_back(hit.entity_id);
  EXPECT_EQ(in_order, ids);
  EXPECT_EQ(SortedIds(hits[2]), SortedIds(hits[0]));
  EXPECT_EQ(hits[1].size(), ids.size());
}

TEST_F(StoreLookupKeysTest, NoKeysNoHits) {
  std::vector<std::vector<IndexHit>> hits(3);
  ASSERT_TRUE(store_->LookupKeys({}, &hits).ok());
  EXPECT_THAT(hits, IsEmpty());
}

// RocksStore serves repeated keys from its posting cache (storage/posting_cache.h): every kind of committed
// write of a names key must show in the next lookup of that key, cached before the write or not.
TEST_F(StoreLookupKeysTest, EveryWriteShowsInTheNextLookupOfACachedKey) {
  const core::NameKey key{core::KeyKind::kNormalized, "cached name"};
  EXPECT_THAT(Lookup(key.kind, key.value), IsEmpty());  // caches the absence
  const std::string first = Create(testing::MakeEntity("organization", "Cached Name")).id();
  EXPECT_THAT(Lookup(key.kind, key.value), ElementsAre(first));
  EXPECT_THAT(Lookup(key.kind, key.value), ElementsAre(first));  // now from the cache

  // An alias of another entity (single write path).
  const std::string second = Create(testing::MakeEntity("organization", "Second")).id();
  aka::v1::Alias alias;
  alias.set_name("CACHED NAME");
  AddAliasOptions shared;
  shared.allow_shared = true;
  const absl::StatusOr<WriteResult> added = store_->AddAlias(second, alias, shared);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_THAT(Lookup(key.kind, key.value), ElementsAre(first, second));

  // A rename away, then a delete.
  aka::v1::Entity renamed = *store_->GetEntity(first);
  renamed.set_canonical_name("Renamed");
  ASSERT_TRUE(store_->UpsertEntity(renamed, 0).ok());
  EXPECT_THAT(Lookup(key.kind, key.value), ElementsAre(second));
  ASSERT_TRUE(store_->DeleteEntity(second, 0).ok());
  EXPECT_THAT(Lookup(key.kind, key.value), IsEmpty());

  // The bulk path (one WriteBatch for the whole call).
  auto written = store_->UpsertEntities({testing::MakeEntity("organization", "Cached Name"),
                                         testing::MakeEntity("organization", "Unrelated")},
                                        ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_THAT(Lookup(key.kind, key.value), ElementsAre((*written)[0].entity.id()));
}

TEST_F(StoreLookupKeysTest, AnswersAlikeWithoutThePostingCache) {
  const std::string apt = Create(testing::MakeEntity("threat_actor", "APT 31", {"Zirconium"})).id();
  const std::vector<core::NameKey> keys = {{core::KeyKind::kNormalized, "apt 31"},
                                           {core::KeyKind::kNormalized, "zirconium"},
                                           {core::KeyKind::kNormalized, "nobody"}};
  std::vector<std::vector<IndexHit>> cached, again;
  ASSERT_TRUE(store_->LookupKeys(keys, &cached).ok());
  ASSERT_TRUE(store_->LookupKeys(keys, &again).ok());
  ASSERT_TRUE(store_->Close().ok());
  StoreOptions options = Options();
  options.posting_cache_bytes = 0;
  auto uncached_store = RocksStore::Open(options);
  ASSERT_TRUE(uncached_store.ok()) << uncached_store.status();
  std::vector<std::vector<IndexHit>> uncached;
  ASSERT_TRUE((*uncached_store)->LookupKeys(keys, &uncached).ok());
  ASSERT_EQ(uncached.size(), keys.size());
  for (const auto* lists : {&cached, &again}) {
    ASSERT_EQ(lists->size(), keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      ASSERT_EQ((*lists)[i].size(), uncached[i].size()) << keys[i].value;
      for (size_t j = 0; j < uncached[i].size(); ++j) {
        EXPECT_EQ((*lists)[i][j].entity_id, uncached[i][j].entity_id);
        EXPECT_EQ((*lists)[i][j].name, uncached[i][j].name);
        EXPECT_EQ((*lists)[i][j].alias_index, uncached[i][j].alias_index);
      }
    }
  }
  EXPECT_EQ(SortedIds(uncached[0]), std::vector<std::string>{apt});
}

}  // namespace
}  // namespace aka::storage

// Store::LookupKeys: a query's keys of several kinds read in one call give, per key, exactly what LookupKey
// gives for it alone (RocksStore reads them with one MultiGet of posting lists), in entity id order.
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

}  // namespace
}  // namespace aka::storage

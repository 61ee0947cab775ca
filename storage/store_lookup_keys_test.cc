// Store::LookupKeys: a query's keys of several kinds read in one call give, per key, exactly what LookupKey
// gives for it alone (RocksStore reads them through one iterator, re-seeked per key).
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

TEST_F(StoreLookupKeysTest, NoKeysNoHits) {
  std::vector<std::vector<IndexHit>> hits(3);
  ASSERT_TRUE(store_->LookupKeys({}, &hits).ok());
  EXPECT_THAT(hits, IsEmpty());
}

}  // namespace
}  // namespace aka::storage

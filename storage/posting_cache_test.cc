// PostingCache: cached lists (and cached absences) come back as inserted; a write's Invalidate or a Clear
// between a reader's Generation() and its Insert keeps the reader's possibly stale list out; memory stays
// within the capacity; capacity 0 disables the cache.
#include "storage/posting_cache.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::storage {
namespace {

using ::testing::IsEmpty;

std::vector<IndexHit> Hits(std::initializer_list<const char*> ids) {
  std::vector<IndexHit> hits;
  int32_t alias = -1;
  for (const char* id : ids) hits.push_back(IndexHit{id, std::string("name of ") + id, alias++});
  return hits;
}

std::vector<std::string> Ids(const std::vector<IndexHit>& hits) {
  std::vector<std::string> ids;
  for (const IndexHit& hit : hits) ids.push_back(hit.entity_id + "|" + hit.name + "|" + std::to_string(hit.alias_index));
  return ids;
}

TEST(PostingCacheTest, GivesBackWhatWasInsertedIncludingAbsentKeys) {
  PostingCache cache(1 << 20);
  std::vector<IndexHit> hits;
  EXPECT_FALSE(cache.Find("k1", &hits));
  cache.Insert("k1", Hits({"e1", "e2"}), cache.Generation("k1"));
  cache.Insert("absent", {}, cache.Generation("absent"));
  ASSERT_TRUE(cache.Find("k1", &hits));
  EXPECT_EQ(Ids(hits), Ids(Hits({"e1", "e2"})));
  hits = Hits({"left over"});
  ASSERT_TRUE(cache.Find("absent", &hits));
  EXPECT_THAT(hits, IsEmpty());
  EXPECT_FALSE(cache.Find("k2", &hits));
}

TEST(PostingCacheTest, InvalidateForgetsTheKeyAndRefusesAReadThatBeganBeforeIt) {
  PostingCache cache(1 << 20);
  cache.Insert("k", Hits({"old"}), cache.Generation("k"));
  // A reader misses, notes the generation and reads the DB; a writer commits and invalidates; the reader
  // then offers the list it read before the write.
  const uint64_t before_write = cache.Generation("k");
  cache.Invalidate("k");
  std::vector<IndexHit> hits;
  EXPECT_FALSE(cache.Find("k", &hits));
  cache.Insert("k", Hits({"old"}), before_write);
  EXPECT_FALSE(cache.Find("k", &hits));
  // A read that began after the write is kept.
  cache.Insert("k", Hits({"new"}), cache.Generation("k"));
  ASSERT_TRUE(cache.Find("k", &hits));
  EXPECT_EQ(Ids(hits), Ids(Hits({"new"})));
}

TEST(PostingCacheTest, ClearForgetsEverythingAndRefusesReadsThatBeganBeforeIt) {
  PostingCache cache(1 << 20);
  cache.Insert("a", Hits({"e1"}), cache.Generation("a"));
  cache.Insert("b", {}, cache.Generation("b"));
  const uint64_t before_clear = cache.Generation("c");
  cache.Clear();
  std::vector<IndexHit> hits;
  EXPECT_FALSE(cache.Find("a", &hits));
  EXPECT_FALSE(cache.Find("b", &hits));
  cache.Insert("c", Hits({"stale"}), before_clear);
  EXPECT_FALSE(cache.Find("c", &hits));
  EXPECT_EQ(cache.usage_bytes(), 0u);
}

TEST(PostingCacheTest, StaysWithinItsCapacity) {
  const size_t capacity = 64 << 10;
  PostingCache cache(capacity);
  for (int i = 0; i < 10000; ++i) {
    const std::string key = "key " + std::to_string(i);
    cache.Insert(key, Hits({"e1", "e2", "e3"}), cache.Generation(key));
  }
  EXPECT_GT(cache.usage_bytes(), 0u);
  EXPECT_LE(cache.usage_bytes(), capacity);
  std::vector<IndexHit> hits;
  EXPECT_TRUE(cache.Find("key 9999", &hits));  // the most recent stays
  EXPECT_FALSE(cache.Find("key 0", &hits));    // the oldest went
}

TEST(PostingCacheTest, ZeroCapacityKeepsNothing) {
  PostingCache cache(0);
  cache.Insert("k", Hits({"e1"}), cache.Generation("k"));
  std::vector<IndexHit> hits;
  EXPECT_FALSE(cache.Find("k", &hits));
  cache.Invalidate("k");
  cache.Clear();
  EXPECT_EQ(cache.usage_bytes(), 0u);
}

}  // namespace
}  // namespace aka::storage

// RocksStore::GetStats: the engine figures akad exports as metrics move with the work the store does.
#include "gtest/gtest.h"
#include "storage/store_test_util.h"

namespace aka::storage::testing {
namespace {

class StoreStatsTest : public StoreTestBase {};

TEST_F(StoreStatsTest, WritesFillTheMemtableAndReadsAfterReopenGoThroughTheBlockCache) {
  for (int i = 0; i < 50; ++i) Create(MakeEntity("organization", "Stats Org " + std::to_string(i)));
  absl::StatusOr<StoreStats> written = store_->GetStats();
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_GT(written->memtable_bytes, 0u);

  // After a reopen the entities are in table files, so reading them looks blocks up in the cache.
  ASSERT_TRUE(store_->Close().ok());
  OpenStore();
  ASSERT_TRUE(store_->GetEntity("E00000001").ok());
  ASSERT_TRUE(store_->GetEntity("E00000001").ok());
  absl::StatusOr<StoreStats> read = store_->GetStats();
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_GT(read->block_cache_hits + read->block_cache_misses, 0u);
  EXPECT_GT(read->block_cache_usage_bytes, 0u);
}

TEST_F(StoreStatsTest, ClosedStoreRefuses) {
  ASSERT_TRUE(store_->Close().ok());
  EXPECT_EQ(store_->GetStats().status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace aka::storage::testing

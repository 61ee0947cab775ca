// RocksStore::GetStats: RocksDB statistics tickers and DB properties, for monitoring.
#include "common/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/statistics.h"
#include "storage/rocks_store.h"

namespace aka::storage {

absl::StatusOr<StoreStats> RocksStore::GetStats() const {
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  StoreStats stats;
  std::shared_ptr<rocksdb::Statistics> tickers = db_->GetDBOptions().statistics;
  if (tickers != nullptr) {
    stats.block_cache_hits = tickers->getTickerCount(rocksdb::BLOCK_CACHE_HIT);
    stats.block_cache_misses = tickers->getTickerCount(rocksdb::BLOCK_CACHE_MISS);
  }
  // A property RocksDB cannot compute stays 0: monitoring must never fail a scrape.
  uint64_t value = 0;
  // Every family shares one cache (rocksdb_options.cc), so any family's figure is the whole cache's.
  if (db_->GetIntProperty(rocksdb::DB::Properties::kBlockCacheUsage, &value)) {
    stats.block_cache_usage_bytes = value;
  }
  if (db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables, &value)) {
    stats.memtable_bytes = value;
  }
  if (db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kEstimatePendingCompactionBytes, &value)) {
    stats.pending_compaction_bytes = value;
  }
  if (db_->GetIntProperty(rocksdb::DB::Properties::kNumRunningCompactions, &value)) {
    stats.running_compactions = value;
  }
  return stats;
}

}  // namespace aka::storage

// The Store's engine figures (storage::StoreStats: RocksDB block cache hits and misses, cache and memtable
// bytes, compaction backlog) as Prometheus metrics, read from the store at each scrape:
//   aka_rocksdb_block_cache_hits_total, aka_rocksdb_block_cache_misses_total     counters
//   aka_rocksdb_block_cache_usage_bytes, aka_rocksdb_memtable_bytes,
//   aka_rocksdb_pending_compaction_bytes, aka_rocksdb_running_compactions        gauges
#ifndef AKA_SERVICE_STORE_METRICS_H_
#define AKA_SERVICE_STORE_METRICS_H_

#include <prometheus/collectable.h>

#include <memory>

#include "storage/store.h"

namespace aka::service {

// `store` is not owned and must outlive every scrape (AkaServer destroys its metrics endpoint before its
// store). A closed store yields no metrics rather than an error.
std::shared_ptr<prometheus::Collectable> MakeStoreMetrics(const storage::Store* store);

}  // namespace aka::service

#endif  // AKA_SERVICE_STORE_METRICS_H_

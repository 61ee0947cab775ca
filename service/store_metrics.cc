#include "service/store_metrics.h"

#include <prometheus/metric_family.h>

#include <string>
#include <utility>
#include <vector>

namespace aka::service {
namespace {

class StoreMetrics final : public prometheus::Collectable {
 public:
  explicit StoreMetrics(const storage::Store* store) : store_(store) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    absl::StatusOr<storage::StoreStats> stats = store_->GetStats();
    if (!stats.ok()) return {};
    return {
        Family("aka_rocksdb_block_cache_hits_total", "RocksDB block cache lookups that found the block",
               prometheus::MetricType::Counter, stats->block_cache_hits),
        Family("aka_rocksdb_block_cache_misses_total", "RocksDB block cache lookups that read from disk",
               prometheus::MetricType::Counter, stats->block_cache_misses),
        Family("aka_rocksdb_block_cache_usage_bytes", "Bytes held in the RocksDB block cache",
               prometheus::MetricType::Gauge, stats->block_cache_usage_bytes),
        Family("aka_rocksdb_memtable_bytes", "Bytes in all RocksDB memtables", prometheus::MetricType::Gauge,
               stats->memtable_bytes),
        Family("aka_rocksdb_pending_compaction_bytes", "Bytes RocksDB compaction still has to rewrite",
               prometheus::MetricType::Gauge, stats->pending_compaction_bytes),
        Family("aka_rocksdb_running_compactions", "RocksDB compactions running now",
               prometheus::MetricType::Gauge, stats->running_compactions),
    };
  }

 private:
  static prometheus::MetricFamily Family(std::string name, std::string help, prometheus::MetricType type,
                                         uint64_t value) {
    prometheus::MetricFamily family;
    family.name = std::move(name);
    family.help = std::move(help);
    family.type = type;
    prometheus::ClientMetric metric;
    if (type == prometheus::MetricType::Counter) {
      metric.counter.value = static_cast<double>(value);
    } else {
      metric.gauge.value = static_cast<double>(value);
    }
    family.metric.push_back(std::move(metric));
    return family;
  }

  const storage::Store* store_;
};

}  // namespace

std::shared_ptr<prometheus::Collectable> MakeStoreMetrics(const storage::Store* store) {
  return std::make_shared<StoreMetrics>(store);
}

}  // namespace aka::service

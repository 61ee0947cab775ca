#include "storage/rocksdb_options.h"

#include <string>

#include "rocksdb/statistics.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "storage/keys.h"
#include "storage/name_postings_merge.h"

namespace aka::storage {
namespace {

constexpr double kBloomBitsPerKey = 10;
// Share of the memtable given to its bloom filter (whole keys in names and fuzzy, prefixes in tokens).
constexpr double kMemtablePrefixBloomRatio = 0.05;

// Cuts a key after the first 0x00 that follows `header` bytes (version, and the kind byte in names): the
// part every row of one lookup key shares.
class SeparatorPrefixExtractor : public rocksdb::SliceTransform {
 public:
  // `name` is persisted in the OPTIONS file and in SST properties: a different name makes RocksDB ignore old
  // filters rather than trust them, so rename it if the prefix definition ever changes.
  SeparatorPrefixExtractor(const char* name, size_t header) : name_(name), header_(header) {}

  const char* Name() const override { return name_; }

  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), SeparatorPosition(key) + 1);
  }

  bool InDomain(const rocksdb::Slice& key) const override {
    return key.size() >= header_ + 1 && key[0] == kKeyFormatVersion && SeparatorPosition(key) < key.size();
  }

 private:
  // Position of the first 0x00 after the header, or key.size() if there is none.
  size_t SeparatorPosition(const rocksdb::Slice& key) const {
    for (size_t i = header_; i < key.size(); ++i) {
      if (key[i] == '\0') return i;
    }
    return key.size();
  }

  const char* const name_;
  const size_t header_;
};

rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache, bool bloom,
                                           bool whole_key_filtering) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  if (bloom) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  table.whole_key_filtering = whole_key_filtering;
  rocksdb::ColumnFamilyOptions family;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return family;
}

}  // namespace

std::shared_ptr<const rocksdb::SliceTransform> NewTokenKeyPrefixExtractor() {
  return std::make_shared<SeparatorPrefixExtractor>("aka.TokenKeyPrefix.1", 1);
}

RocksDbConfig MakeRocksDbConfig(const StoreOptions& options) {
  RocksDbConfig config;
  config.db_options.create_if_missing = options.create_if_missing;
  // A database from before a family existed gains it on open.
  config.db_options.create_missing_column_families = true;
  // Flush and compaction threads; the machine is shared with the gRPC server, so stay modest.
  config.db_options.max_background_jobs = 2;
  // Counters for monitoring (block cache hits and misses: GetStats). Timers are left off: they cost a clock
  // read per operation, the counters only an atomic add.
  config.db_options.statistics = rocksdb::CreateDBStatistics();
  config.db_options.statistics->set_stats_level(rocksdb::StatsLevel::kExceptTimers);

  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(options.block_cache_bytes);

  // names: point lookups of posting lists (one MultiGet per query), mostly of keys nobody has, so whole-key
  // bloom filters in the tables and the memtable. Writers add merge operands (storage/name_postings_merge.h).
  rocksdb::ColumnFamilyOptions names = FamilyOptions(cache, /*bloom=*/true, /*whole_key_filtering=*/true);
  names.merge_operator = NewNamePostingsMergeOperator();
  names.compaction_filter = EmptyNamePostingsFilter();
  names.memtable_prefix_bloom_size_ratio = kMemtablePrefixBloomRatio;
  names.memtable_whole_key_filtering = true;

  // tokens is read by prefix, mostly for keys that are absent.
  auto by_prefix = [&cache]() {
    rocksdb::ColumnFamilyOptions family = FamilyOptions(cache, /*bloom=*/true, /*whole_key_filtering=*/false);
    family.prefix_extractor = NewTokenKeyPrefixExtractor();
    family.memtable_prefix_bloom_size_ratio = kMemtablePrefixBloomRatio;
    return family;
  };

  config.column_families.resize(kColumnFamilyCount);
  auto set = [&config](ColumnFamilyId id, rocksdb::ColumnFamilyOptions family) {
    config.column_families[static_cast<int>(id)] =
        rocksdb::ColumnFamilyDescriptor(ColumnFamilyName(id), std::move(family));
  };
  set(ColumnFamilyId::kDefault, FamilyOptions(cache, /*bloom=*/false, /*whole_key_filtering=*/true));
  set(ColumnFamilyId::kEntities, FamilyOptions(cache, /*bloom=*/true, /*whole_key_filtering=*/true));
  set(ColumnFamilyId::kNames, std::move(names));
  set(ColumnFamilyId::kExternalIds, FamilyOptions(cache, /*bloom=*/true, /*whole_key_filtering=*/true));
  set(ColumnFamilyId::kMeta, FamilyOptions(cache, /*bloom=*/false, /*whole_key_filtering=*/true));
  set(ColumnFamilyId::kTokens, by_prefix());
  // fuzzy: posting lists of tokens per deletion key (keys.h), read like names: one MultiGet per query.
  rocksdb::ColumnFamilyOptions fuzzy = FamilyOptions(cache, /*bloom=*/true, /*whole_key_filtering=*/true);
  fuzzy.merge_operator = NewNamePostingsMergeOperator();
  fuzzy.compaction_filter = EmptyNamePostingsFilter();
  fuzzy.memtable_prefix_bloom_size_ratio = kMemtablePrefixBloomRatio;
  fuzzy.memtable_whole_key_filtering = true;
  set(ColumnFamilyId::kFuzzy, std::move(fuzzy));
  // Read whole at open, and point-free afterwards (the statistics live in memory): no filter needed.
  set(ColumnFamilyId::kTokenStats, FamilyOptions(cache, /*bloom=*/false, /*whole_key_filtering=*/true));
  // History and log are read by prefix or range scans only, so point-lookup blooms would be wasted.
  set(ColumnFamilyId::kHistory, FamilyOptions(cache, /*bloom=*/false, /*whole_key_filtering=*/true));
  set(ColumnFamilyId::kLog, FamilyOptions(cache, /*bloom=*/false, /*whole_key_filtering=*/true));
  set(ColumnFamilyId::kRedirects, FamilyOptions(cache, /*bloom=*/true, /*whole_key_filtering=*/true));
  // Read by prefix seeks (one per Resolve); small, so no prefix extractor.
  set(ColumnFamilyId::kNegatives, FamilyOptions(cache, /*bloom=*/false, /*whole_key_filtering=*/true));
  return config;
}

}  // namespace aka::storage

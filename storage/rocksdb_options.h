// How the store configures RocksDB: database options and one ColumnFamilyDescriptor per ColumnFamilyId, in
// that order. Kept apart from the store so the tuning choices are documented in one place.
//
//   - WAL on (RocksDB's default); StoreOptions::sync_writes decides whether each write fsyncs it.
//   - One LRU block cache of StoreOptions::block_cache_bytes shared by every family, so the memory budget
//     is one number however the data is spread.
//   - entities, external_ids: 10-bit bloom filters on whole keys (point lookups by id / by external id).
//   - names: a prefix extractor that cuts a row key after the 0x00 ending the key value, with 10-bit bloom
//     filters on those prefixes (SST and memtable), so LookupKey of a key nobody has - most lookups of a
//     resolver - is answered from filters without reading data blocks.
//   - tokens, fuzzy: the same, with the prefix ending at the first 0x00 after the version byte.
//   - token_stats: no filter; it is scanned once at open into core::TokenStatistics.
#ifndef AKA_STORAGE_ROCKSDB_OPTIONS_H_
#define AKA_STORAGE_ROCKSDB_OPTIONS_H_

#include <memory>
#include <vector>

#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/slice_transform.h"
#include "storage/store.h"

namespace aka::storage {

struct RocksDbConfig {
  rocksdb::DBOptions db_options;
  // Indexed by ColumnFamilyId.
  std::vector<rocksdb::ColumnFamilyDescriptor> column_families;
};

RocksDbConfig MakeRocksDbConfig(const StoreOptions& options);

// The tokens and fuzzy families' prefix extractor: for 0x01 | value | 0x00 | rest, the part up to and
// including the 0x00 (what EncodeTokenPrefix / EncodeFuzzyPrefix return).
std::shared_ptr<const rocksdb::SliceTransform> NewTokenKeyPrefixExtractor();

}  // namespace aka::storage

#endif  // AKA_STORAGE_ROCKSDB_OPTIONS_H_

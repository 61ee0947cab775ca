// Offline consistency check of a database folder, for `akad --verify_and_exit` and the load and fault test:
// opens the store (which replays the write-ahead log, as a restart after a crash would) and runs
// RocksStore::VerifyIndex. A separate entry point so that service/ reaches it without RocksDB headers.
#ifndef AKA_STORAGE_STORE_VERIFY_H_
#define AKA_STORAGE_STORE_VERIFY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "storage/store.h"

namespace aka::storage {

// Opens options.path (which must exist: create_if_missing is ignored) and verifies its index. Returns the
// number of entities when the index is consistent; DATA_LOSS listing the first problems when it is not; the
// open's errors otherwise (e.g. the database is locked by a running akad). REQUIRES: options.normalizer.
absl::StatusOr<int64_t> VerifyStoreAt(StoreOptions options);

}  // namespace aka::storage

#endif  // AKA_STORAGE_STORE_VERIFY_H_

// The one conversion from rocksdb::Status to absl::Status. Only storage/ sees RocksDB types; everything above
// it sees absl status codes, so callers can tell retryable faults (UNAVAILABLE) from lost data (DATA_LOSS).
#ifndef AKA_STORAGE_ROCKSDB_STATUS_H_
#define AKA_STORAGE_ROCKSDB_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace aka::storage {

// Maps `status` to an absl::Status whose message is "<doing>: <rocksdb message>" (e.g. "reading entity
// E00000001: IO error: ..."). OK stays OK. Codes: NotFound -> NOT_FOUND, Corruption -> DATA_LOSS,
// IOError/Busy/TryAgain/TimedOut/Aborted -> UNAVAILABLE (worth retrying), InvalidArgument -> INVALID_ARGUMENT,
// anything else -> INTERNAL.
absl::Status FromRocksDbStatus(const rocksdb::Status& status, absl::string_view doing);

}  // namespace aka::storage

#endif  // AKA_STORAGE_ROCKSDB_STATUS_H_

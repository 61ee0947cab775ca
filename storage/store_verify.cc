// Offline consistency check of a database folder; see store_verify.h.
#include "storage/store_verify.h"

#include <memory>

#include "common/status_macros.h"
#include "storage/rocks_store.h"

namespace aka::storage {

absl::StatusOr<int64_t> VerifyStoreAt(StoreOptions options) {
  // Verifying must not create an empty database where an operator mistyped the path.
  options.create_if_missing = false;
  ASSIGN_OR_RETURN(std::unique_ptr<RocksStore> store, RocksStore::Open(options));
  absl::Status verified = store->VerifyIndex();
  absl::StatusOr<int64_t> entities = store->CountEntities();
  absl::Status closed = store->Close();
  RETURN_IF_ERROR(verified);
  RETURN_IF_ERROR(closed);
  return entities;
}

}  // namespace aka::storage

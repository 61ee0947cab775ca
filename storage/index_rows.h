// The index rows an entity implies: its `names` rows and its `external_ids` rows (formats in keys.h). The
// store writes the difference between an entity's old and new rows, rebuilds them on reindex, and the
// verifier compares them with what is on disk, so all three derive them here and cannot drift apart.
#ifndef AKA_STORAGE_INDEX_ROWS_H_
#define AKA_STORAGE_INDEX_ROWS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "aka/v1/entity.pb.h"
#include "core/normalizer.h"

namespace aka::storage {

// Row key -> row value, in key order (the order RocksDB prefers for a batch).
using RowMap = std::map<std::string, std::string>;

// One row per (index key, entity id) for the canonical name (alias_index -1) and each alias in order, keys
// from core::IndexKeys(normalizer.Normalize(name)). When two names share a key, the first one keeps the row.
// Names that normalize to nothing get no rows. Fails (INVALID_ARGUMENT) only if a key or the id cannot be
// encoded, which validated entities never cause. REQUIRES: entity.id() is set.
absl::StatusOr<RowMap> NameRowsOf(const aka::v1::Entity& entity, const core::Normalizer& normalizer);

// One row per external id pair, pointing at entity.id(). REQUIRES: entity.id() is set.
absl::StatusOr<RowMap> ExternalIdRowsOf(const aka::v1::Entity& entity);

}  // namespace aka::storage

#endif  // AKA_STORAGE_INDEX_ROWS_H_

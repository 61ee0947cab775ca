// The records a committed change leaves behind besides the entities themselves: the change-log row (the
// aka.v1.Change, keyed by sequence) and one history row per touched id (formats in keys.h), plus the
// deterministic serialization of entity records that lets an undo restore an entity byte for byte.
#ifndef AKA_STORAGE_CHANGE_LOG_H_
#define AKA_STORAGE_CHANGE_LOG_H_

#include <string>

#include "absl/status/status.h"
#include "aka/v1/entity.pb.h"
#include "aka/v1/registry.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace aka::storage {

// The bytes stored for an entity. Deterministic (map fields in key order), so that the same message always
// yields the same record: an entity restored by Undo from its logged copy is stored byte-identical to the
// record it had before.
std::string SerializeEntityRecord(const aka::v1::Entity& entity);

// Appends the log row of `change` (its sequence must be set) and a history row for every id in
// change.entities() and for the entity of its negative record, if any, to `batch`. Families are not owned.
absl::Status AddChangeRows(const aka::v1::Change& change, rocksdb::ColumnFamilyHandle* history,
                           rocksdb::ColumnFamilyHandle* log, rocksdb::WriteBatch* batch);

// Parses a log value. DATA_LOSS if it does not parse.
absl::Status ParseChangeRecord(absl::string_view value, aka::v1::Change* change);

}  // namespace aka::storage

#endif  // AKA_STORAGE_CHANGE_LOG_H_

// RocksStore: the Store implementation over RocksDB (the only one). Store::Open returns one; code that needs
// more than the Store interface - the admin tool's `verify`, the storage tests - opens it as a RocksStore.
//
// Layout and formats: storage/keys.h. RocksDB tuning: storage/rocksdb_options.h.
//
// Concurrency: reads (GetEntity, ListEntities, LookupKey, ...) run concurrently under a shared lock that only
// Close takes exclusively. Mutations are serialized by `write_mu_`: each reads the stored entity, computes
// the new one and its index rows, and commits one WriteBatch; the id counter and entity count are cached
// under the same mutex. A reader may observe the state before or after any write, never half of one.
#ifndef AKA_STORAGE_ROCKS_STORE_H_
#define AKA_STORAGE_ROCKS_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"
#include "storage/index_rows.h"
#include "storage/keys.h"
#include "storage/store.h"

namespace aka::storage {

class RocksStore final : public Store {
 public:
  // Opens or creates the database at options.path (see Store::Open). INVALID_ARGUMENT if path or normalizer
  // is missing; FAILED_PRECONDITION if the database was written by a newer schema; RocksDB errors converted
  // by FromRocksDbStatus. When the stored name_keys_version differs from core::kNameKeysVersion, every names
  // row is dropped and rebuilt from the entities before Open returns (cost: one pass over all entities).
  static absl::StatusOr<std::unique_ptr<RocksStore>> Open(const StoreOptions& options);

  // Closes the database if Close() was not called.
  ~RocksStore() override;

  RocksStore(const RocksStore&) = delete;
  RocksStore& operator=(const RocksStore&) = delete;

  absl::Status Close() override;
  absl::StatusOr<bool> IsNew() const override;
  absl::StatusOr<aka::v1::Entity> GetEntity(absl::string_view id) const override;
  // The page token is the last id of the previous page. With a type filter, pages are filled by scanning
  // entities of every type, and a page that ends the scan early may be followed by an empty last page.
  absl::StatusOr<EntityPage> ListEntities(absl::string_view page_token, int page_size,
                                          absl::string_view type) const override;
  absl::StatusOr<WriteResult> UpsertEntity(aka::v1::Entity entity, int64_t expected_version) override;
  absl::StatusOr<WriteResult> DeleteEntity(absl::string_view id, int64_t expected_version) override;
  absl::StatusOr<WriteResult> AddAlias(absl::string_view id, aka::v1::Alias alias,
                                       int64_t expected_version) override;
  absl::StatusOr<WriteResult> RemoveAlias(absl::string_view id, absl::string_view name,
                                          int64_t expected_version) override;
  // One prefix seek in `names`: with the prefix bloom filters a key nobody has costs no data-block read; a
  // key with n rows costs reading those n adjacent rows. The hits are a snapshot: an entity may be deleted
  // before the caller reads it, so callers must treat a later NOT_FOUND from GetEntity as "no hit".
  absl::Status LookupKey(const core::NameKey& key, std::vector<IndexHit>* hits) const override;
  absl::StatusOr<int64_t> CountEntities() const override;

  // Checks that the derived data matches the entities: every names and external_ids row an entity implies
  // exists with the right value, no other rows exist (no orphans from deleted entities or removed aliases),
  // and the entity_count counter equals the number of entities. OK, or DATA_LOSS listing the first problems
  // found. Runs against a consistent snapshot while writes continue; cost: one pass over all three
  // families, normalizing every name, plus 8 bytes of memory per index row. Thread-safe.
  absl::Status VerifyIndex() const;

 private:
  RocksStore(const StoreOptions& options, std::unique_ptr<rocksdb::DB> db,
             std::vector<rocksdb::ColumnFamilyHandle*> handles);

  // ---- rocks_store.cc: opening, reads ----

  // Reads the meta counters, initializing them in a new database; reindexes on a name-keys version change.
  absl::Status Initialize();
  absl::Status CheckOpen() const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  rocksdb::ColumnFamilyHandle* Family(ColumnFamilyId id) const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // The value under `key`, or nullopt if absent. `snapshot` may be null (latest state).
  absl::StatusOr<std::optional<std::string>> ReadValue(ColumnFamilyId family, absl::string_view key,
                                                       absl::string_view doing,
                                                       const rocksdb::Snapshot* snapshot = nullptr) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // NOT_FOUND "entity <id> not found" if absent.
  absl::StatusOr<aka::v1::Entity> ReadEntity(absl::string_view id) const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  absl::StatusOr<uint64_t> ReadMeta(MetaField field, uint64_t if_absent) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  absl::Status Write(rocksdb::WriteBatch* batch, absl::string_view doing) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // ---- rocks_store_write.cc: mutations ----

  // The entity holding any of `entity`'s external ids, or nullopt; ALREADY_EXISTS if they point at two.
  absl::StatusOr<std::optional<std::string>> FindExternalIdHolder(const aka::v1::Entity& entity) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // Turns `updated` into the next state of `old` (a new entity when `old` is null): fills id, version, times
  // and alias added_time; returns unchanged without writing if nothing else differs; else commits.
  absl::StatusOr<WriteResult> ApplyEntityChange(const aka::v1::Entity* old, aka::v1::Entity updated)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // The one place that writes entities: one batch with the entity record (put or delete), the difference
  // between the old and new names / external_ids rows, and the changed meta counters. Either side may be
  // null (create / delete), not both. Updates the cached counters once the batch is committed.
  absl::Status CommitEntityChange(const aka::v1::Entity* old, const aka::v1::Entity* updated)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // ---- rocks_store_maintenance.cc: reindex ----

  // Drops every names row and rebuilds them from the entities in batches, then records
  // core::kNameKeysVersion. A crash midway leaves the old version recorded, so the next Open starts over.
  absl::Status RebuildNameIndex() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  const StoreOptions options_;

  // Serializes mutations and guards the cached counters. Acquired before db_mu_.
  mutable absl::Mutex write_mu_;
  // Shared by every call that touches the DB; exclusive only in Close, so Close waits for calls in flight.
  mutable absl::Mutex db_mu_ ABSL_ACQUIRED_AFTER(write_mu_);

  std::unique_ptr<rocksdb::DB> db_ ABSL_GUARDED_BY(db_mu_);
  // Indexed by ColumnFamilyId; owned (destroyed through db_ in Close).
  std::vector<rocksdb::ColumnFamilyHandle*> handles_ ABSL_GUARDED_BY(db_mu_);

  // Mirrors of the meta counters, loaded in Initialize and advanced after each committed batch.
  uint64_t next_id_ ABSL_GUARDED_BY(write_mu_) = 1;
  int64_t entity_count_ ABSL_GUARDED_BY(write_mu_) = 0;
  bool ever_written_ ABSL_GUARDED_BY(write_mu_) = false;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_ROCKS_STORE_H_

// Store: the registry's durable state in RocksDB. Owns the DB and its column families; every mutation is one
// WriteBatch across them (entity record, name-index rows, external-id rows, id counter), so a crash never
// leaves an entity without its index rows or the reverse. Key formats are in storage/keys.h.
#ifndef AKA_STORAGE_STORE_H_
#define AKA_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "aka/v1/entity.pb.h"
#include "core/name_keys.h"
#include "core/normalizer.h"

namespace aka::storage {

struct StoreOptions {
  // Directory of the RocksDB database. Required.
  std::string path;
  // Computes index keys for names. Required; not owned; must outlive the Store.
  const core::Normalizer* normalizer = nullptr;
  // Create the database if it does not exist. Default: true.
  bool create_if_missing = true;
  // fsync the WAL on every write (survives power loss, not only a process kill). Default: false.
  bool sync_writes = false;
  // LRU block cache shared by all column families. Default: 64 MiB.
  size_t block_cache_bytes = 64 << 20;
};

// One row of the name index: a stored name of an entity that a key leads to.
struct IndexHit {
  std::string entity_id;
  // The stored name as the source spelled it (the canonical name or an alias).
  std::string name;
  // -1 for the canonical name, else the position in Entity.aliases when the row was written.
  int32_t alias_index = -1;
};

// Result of a write.
struct WriteResult {
  // The entity as stored after the write (for a delete: as it was before).
  aka::v1::Entity entity;
  // A new entity was created.
  bool created = false;
  // The request equalled what was stored; nothing was written.
  bool unchanged = false;
};

struct EntityPage {
  std::vector<aka::v1::Entity> entities;
  // Empty on the last page.
  std::string next_page_token;
};

// Thread-safe: reads run concurrently; writes are serialized by an internal mutex (read-modify-write of
// versions and ids must not interleave). Status codes: NOT_FOUND (no such entity/alias), INVALID_ARGUMENT
// (bad entity: the message names the field), FAILED_PRECONDITION (expected_version mismatch),
// ALREADY_EXISTS (an external id held by another entity), INTERNAL/UNAVAILABLE (RocksDB errors).
class Store {
 public:
  // Opens (or creates) the database. Rebuilds the name index if it was built with another
  // core::kNameKeysVersion. Caller owns the result.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);

  virtual ~Store() = default;

  // Flushes and closes the database; further calls fail. Called by the destructor if not called before.
  virtual absl::Status Close() = 0;

  // True until the first entity has ever been written (used to load default data once, at first start).
  virtual absl::StatusOr<bool> IsNew() const = 0;

  virtual absl::StatusOr<aka::v1::Entity> GetEntity(absl::string_view id) const = 0;

  // Entities in id order, `page_size` at most (1..1000), of `type` unless empty.
  virtual absl::StatusOr<EntityPage> ListEntities(absl::string_view page_token, int page_size,
                                                  absl::string_view type) const = 0;

  // Creates or replaces an entity. If entity.id is set, that entity is replaced (NOT_FOUND if absent). Else an
  // entity holding one of its external_ids is replaced; else a new one is created with a fresh id. Server-set
  // fields (version, times, alias added_time) are filled in: added_time is kept for aliases the entity
  // already had. `expected_version` 0 means "any".
  virtual absl::StatusOr<WriteResult> UpsertEntity(aka::v1::Entity entity, int64_t expected_version) = 0;

  virtual absl::StatusOr<WriteResult> DeleteEntity(absl::string_view id, int64_t expected_version) = 0;

  // Adds an alias (no-op, unchanged=true, if the entity already has that exact name).
  virtual absl::StatusOr<WriteResult> AddAlias(absl::string_view id, aka::v1::Alias alias,
                                               int64_t expected_version) = 0;

  // Removes the alias with exactly this name. NOT_FOUND if the entity has none.
  virtual absl::StatusOr<WriteResult> RemoveAlias(absl::string_view id, absl::string_view name,
                                                  int64_t expected_version) = 0;

  // Appends to `hits` every index row under `key` (unordered). Thread-safe.
  virtual absl::Status LookupKey(const core::NameKey& key, std::vector<IndexHit>* hits) const = 0;

  // Number of live entities (kept as a counter, O(1)).
  virtual absl::StatusOr<int64_t> CountEntities() const = 0;

 protected:
  Store() = default;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_STORE_H_

// EntityCache: a bounded LRU of decoded entities in front of the entities family. Resolve fetches every
// candidate entity by id, and the same entities come back query after query; a hit saves a RocksDB Get and a
// protobuf parse. RocksStore consults it in GetEntity and drops an entity from it whenever a committed
// WriteBatch touched that entity's row, so it never serves a state older than the last committed write.
//
// Staleness: a reader that missed the cache reads the DB and then offers what it read. Between the two a
// writer may commit a newer state and invalidate; the reader's older copy must then not enter the cache.
// Each shard has a generation that Invalidate advances; Insert only succeeds if the shard's generation is
// still the one the reader saw before its DB read (Generation()).
#ifndef AKA_STORAGE_ENTITY_CACHE_H_
#define AKA_STORAGE_ENTITY_CACHE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "aka/v1/entity.pb.h"

namespace aka::storage {

// Thread-safe; split into shards by id hash, each with its own lock.
class EntityCache {
 public:
  // Keeps at most about `capacity` entities (rounded up to a multiple of the shard count). 0 disables the
  // cache: Find always misses and Insert keeps nothing.
  explicit EntityCache(size_t capacity);
  EntityCache(const EntityCache&) = delete;
  EntityCache& operator=(const EntityCache&) = delete;

  // The cached entity `id`, or null. The pointer stays valid while the caller holds it, even after eviction.
  std::shared_ptr<const aka::v1::Entity> Find(absl::string_view id);

  // The generation of `id`'s shard: read it before reading the entity from the DB, pass it to Insert.
  uint64_t Generation(absl::string_view id) const;

  // Remembers `entity` under its id unless the shard's generation moved past `generation` (a write
  // committed since the caller began its read), in which case it does nothing.
  void Insert(std::shared_ptr<const aka::v1::Entity> entity, uint64_t generation);

  // Forgets `id` and advances its shard's generation. Call after the write that changed `id` committed.
  void Invalidate(absl::string_view id);

  // Forgets everything (Close).
  void Clear();

  // Entities currently held (for tests).
  size_t size() const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable absl::Mutex mutex;
    uint64_t generation ABSL_GUARDED_BY(mutex) = 0;
    // Most recently used first.
    std::list<std::shared_ptr<const aka::v1::Entity>> entries ABSL_GUARDED_BY(mutex);
    absl::flat_hash_map<std::string, decltype(entries)::iterator> index ABSL_GUARDED_BY(mutex);
  };

  Shard& ShardOf(absl::string_view id) const;

  const size_t shard_capacity_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_ENTITY_CACHE_H_

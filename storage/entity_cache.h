// EntityCache: a bounded cache of decoded entities in front of the entities family. Resolve fetches every
// candidate entity by id, and the same entities come back query after query; a hit saves a RocksDB Get and a
// protobuf parse. RocksStore consults it in GetEntity and drops an entity from it whenever a committed
// WriteBatch touched that entity's row, so it never serves a state older than the last committed write.
//
// Staleness: a reader that missed the cache reads the DB and then offers what it read. Between the two a
// writer may commit a newer state and invalidate; the reader's older copy must then not enter the cache.
// Each shard has a generation that Invalidate advances; Insert only succeeds if the shard's generation is
// still the one the reader saw before its DB read (Generation()).
//
// Set-associative (common/set_associative_slots.h: an id's hash picks a set of 4 slots, LRU within the set),
// not an LRU list with a hash index: the fuzzy path at a million entities fetches ~32 entities per query that
// are mostly new to the cache, and the list's per-miss index erase/insert was a third of the cache's cost.
#ifndef AKA_STORAGE_ENTITY_CACHE_H_
#define AKA_STORAGE_ENTITY_CACHE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "aka/v1/entity.pb.h"
#include "common/set_associative_slots.h"

namespace aka::storage {

// Thread-safe; split into shards by id hash, each with its own lock.
class EntityCache {
 public:
  using Slots = SetAssociativeSlots<std::shared_ptr<const aka::v1::Entity>>;
  static constexpr size_t kShards = 16;

  // Keeps at most about `capacity` entities (rounded up to whole sets of Slots::kWays slots, at least one set
  // per shard). 0 disables the cache: Find always misses and Insert keeps nothing.
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

  // Slots in all (the most entities ever held).
  size_t capacity() const;

 private:
  struct Shard {
    mutable absl::Mutex mutex;
    uint64_t generation ABSL_GUARDED_BY(mutex) = 0;
    Slots slots ABSL_GUARDED_BY(mutex){0};
  };

  static uint64_t HashOf(absl::string_view id);
  Shard& ShardOf(uint64_t hash) const { return shards_[hash % kShards]; }

  mutable std::array<Shard, kShards> shards_;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_ENTITY_CACHE_H_

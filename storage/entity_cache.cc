#include "storage/entity_cache.h"

#include <utility>

#include "absl/hash/hash.h"

namespace aka::storage {

EntityCache::EntityCache(size_t capacity) {
  constexpr size_t kSlotsPerSetOfShards = kShards * Slots::kWays;
  const size_t sets_per_shard = (capacity + kSlotsPerSetOfShards - 1) / kSlotsPerSetOfShards;
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    shard.slots = Slots(sets_per_shard);
  }
}

uint64_t EntityCache::HashOf(absl::string_view id) { return absl::Hash<absl::string_view>()(id); }

std::shared_ptr<const aka::v1::Entity> EntityCache::Find(absl::string_view id) {
  const uint64_t hash = HashOf(id);
  Shard& shard = ShardOf(hash);
  absl::MutexLock lock(&shard.mutex);
  const auto* held = shard.slots.Find(hash, id);
  return held == nullptr ? nullptr : *held;
}

uint64_t EntityCache::Generation(absl::string_view id) const {
  Shard& shard = ShardOf(HashOf(id));
  absl::MutexLock lock(&shard.mutex);
  return shard.generation;
}

void EntityCache::Insert(std::shared_ptr<const aka::v1::Entity> entity, uint64_t generation) {
  if (entity == nullptr) return;
  const uint64_t hash = HashOf(entity->id());
  Shard& shard = ShardOf(hash);
  std::shared_ptr<const aka::v1::Entity> displaced;  // destroyed after the lock is released
  absl::MutexLock lock(&shard.mutex);
  if (shard.generation != generation) return;  // A write committed since the caller's read: it may be stale.
  // Same generation, so an entry already held is the same committed state: replacing it changes nothing.
  const std::string& id = entity->id();
  displaced = shard.slots.Put(hash, id, std::move(entity));
}

void EntityCache::Invalidate(absl::string_view id) {
  const uint64_t hash = HashOf(id);
  Shard& shard = ShardOf(hash);
  std::shared_ptr<const aka::v1::Entity> erased;  // destroyed after the lock is released
  absl::MutexLock lock(&shard.mutex);
  ++shard.generation;
  erased = shard.slots.Erase(hash, id);
}

void EntityCache::Clear() {
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    ++shard.generation;
    shard.slots.Clear();
  }
}

size_t EntityCache::size() const {
  return SumOverShards(shards_, [](const Slots& slots) { return slots.size(); });
}

size_t EntityCache::capacity() const {
  return SumOverShards(shards_, [](const Slots& slots) { return slots.capacity(); });
}

}  // namespace aka::storage

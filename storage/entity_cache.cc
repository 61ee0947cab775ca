#include "storage/entity_cache.h"

#include "absl/hash/hash.h"

namespace aka::storage {

EntityCache::EntityCache(size_t capacity)
    : shard_capacity_(capacity == 0 ? 0 : (capacity + kShards - 1) / kShards) {}

EntityCache::Shard& EntityCache::ShardOf(absl::string_view id) const {
  return shards_[absl::Hash<absl::string_view>()(id) % kShards];
}

std::shared_ptr<const aka::v1::Entity> EntityCache::Find(absl::string_view id) {
  if (shard_capacity_ == 0) return nullptr;
  Shard& shard = ShardOf(id);
  absl::MutexLock lock(&shard.mutex);
  const auto it = shard.index.find(id);
  if (it == shard.index.end()) return nullptr;
  shard.entries.splice(shard.entries.begin(), shard.entries, it->second);
  return *it->second;
}

uint64_t EntityCache::Generation(absl::string_view id) const {
  Shard& shard = ShardOf(id);
  absl::MutexLock lock(&shard.mutex);
  return shard.generation;
}

void EntityCache::Insert(std::shared_ptr<const aka::v1::Entity> entity, uint64_t generation) {
  if (shard_capacity_ == 0 || entity == nullptr) return;
  const std::string& id = entity->id();
  Shard& shard = ShardOf(id);
  absl::MutexLock lock(&shard.mutex);
  if (shard.generation != generation) return;  // A write committed since the caller's read: it may be stale.
  const auto it = shard.index.find(id);
  if (it != shard.index.end()) {
    // Same generation, so the same committed state: keep the entry, refresh its place.
    shard.entries.splice(shard.entries.begin(), shard.entries, it->second);
    return;
  }
  shard.entries.push_front(std::move(entity));
  shard.index.emplace(shard.entries.front()->id(), shard.entries.begin());
  if (shard.entries.size() > shard_capacity_) {
    shard.index.erase(shard.entries.back()->id());
    shard.entries.pop_back();
  }
}

void EntityCache::Invalidate(absl::string_view id) {
  Shard& shard = ShardOf(id);
  absl::MutexLock lock(&shard.mutex);
  ++shard.generation;
  const auto it = shard.index.find(id);
  if (it == shard.index.end()) return;
  shard.entries.erase(it->second);
  shard.index.erase(it);
}

void EntityCache::Clear() {
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    ++shard.generation;
    shard.index.clear();
    shard.entries.clear();
  }
}

size_t EntityCache::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace aka::storage

#include "resolve/name_analysis_cache.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/hash/hash.h"

namespace aka::resolve {

NameAnalysisCache::NameAnalysisCache(const core::Normalizer* normalizer, size_t capacity)
    : normalizer_(normalizer),
      sets_per_shard_(capacity == 0 ? 0 : (capacity + kShards * kWays - 1) / (kShards * kWays)) {
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    shard.slots.resize(sets_per_shard_ * kWays);
  }
}

NameAnalysisCache::Slot* NameAnalysisCache::FindInSet(Shard& shard, uint64_t hash, absl::string_view name) {
  Slot* set = &shard.slots[(hash / kShards) % sets_per_shard_ * kWays];
  for (size_t way = 0; way < kWays; ++way) {
    Slot& slot = set[way];
    if (slot.last_used != 0 && slot.hash == hash && slot.name == name) return &slot;
  }
  return nullptr;
}

std::shared_ptr<const core::NameAnalysis> NameAnalysisCache::Get(absl::string_view name) {
  if (sets_per_shard_ == 0) {
    return std::make_shared<const core::NameAnalysis>(core::AnalyzeName(*normalizer_, name));
  }
  const uint64_t hash = absl::Hash<absl::string_view>()(name);
  Shard& shard = shards_[hash % kShards];
  {
    absl::MutexLock lock(&shard.mutex);
    if (Slot* slot = FindInSet(shard, hash, name)) {
      slot->last_used = ++shard.tick;
      return slot->analysis;
    }
  }
  // Analysed without the lock: two threads may analyse the same new name at once; the second finds the first's
  // slot and both return equal analyses.
  auto analysis = std::make_shared<const core::NameAnalysis>(core::AnalyzeName(*normalizer_, name));
  std::shared_ptr<const core::NameAnalysis> evicted;  // destroyed after the lock is released
  absl::MutexLock lock(&shard.mutex);
  if (Slot* slot = FindInSet(shard, hash, name)) return slot->analysis;
  Slot* set = &shard.slots[(hash / kShards) % sets_per_shard_ * kWays];
  Slot* victim = set;
  for (size_t way = 1; way < kWays; ++way) {
    if (set[way].last_used < victim->last_used) victim = &set[way];
  }
  evicted = std::move(victim->analysis);
  victim->hash = hash;
  victim->last_used = ++shard.tick;
  victim->name.assign(name.data(), name.size());
  victim->analysis = analysis;
  return analysis;
}

size_t NameAnalysisCache::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    for (const Slot& slot : shard.slots) total += slot.last_used != 0 ? 1 : 0;
  }
  return total;
}

}  // namespace aka::resolve

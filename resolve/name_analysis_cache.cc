#include "resolve/name_analysis_cache.h"

#include <memory>
#include <utility>

#include "absl/hash/hash.h"

namespace aka::resolve {

NameAnalysisCache::NameAnalysisCache(const core::Normalizer* normalizer, size_t capacity)
    : normalizer_(normalizer) {
  constexpr size_t kSlotsPerSetOfShards = kShards * Slots::kWays;
  const size_t sets_per_shard = (capacity + kSlotsPerSetOfShards - 1) / kSlotsPerSetOfShards;
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    shard.slots = Slots(sets_per_shard);
  }
}

std::shared_ptr<const core::NameAnalysis> NameAnalysisCache::Get(absl::string_view name) {
  const uint64_t hash = absl::Hash<absl::string_view>()(name);
  Shard& shard = shards_[hash % kShards];
  {
    absl::MutexLock lock(&shard.mutex);
    if (shard.slots.capacity() == 0) {
      return std::make_shared<const core::NameAnalysis>(core::AnalyzeName(*normalizer_, name));
    }
    if (const auto* held = shard.slots.Find(hash, name)) return *held;
  }
  // Analysed without the lock: two threads may analyse the same new name at once; the second Put replaces the
  // first's equal analysis, and both return equal analyses.
  auto analysis = std::make_shared<const core::NameAnalysis>(core::AnalyzeName(*normalizer_, name));
  std::shared_ptr<const core::NameAnalysis> displaced;  // destroyed after the lock is released
  absl::MutexLock lock(&shard.mutex);
  displaced = shard.slots.Put(hash, name, analysis);
  return analysis;
}

size_t NameAnalysisCache::size() const {
  return SumOverShards(shards_, [](const Slots& slots) { return slots.size(); });
}

size_t NameAnalysisCache::capacity() const {
  return SumOverShards(shards_, [](const Slots& slots) { return slots.capacity(); });
}

}  // namespace aka::resolve

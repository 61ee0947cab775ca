#include "resolve/name_analysis_cache.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/hash/hash.h"

namespace aka::resolve {

NameAnalysisCache::NameAnalysisCache(const core::Normalizer* normalizer, size_t capacity)
    : normalizer_(normalizer), shard_capacity_(capacity == 0 ? 0 : (capacity + kShards - 1) / kShards) {}

std::shared_ptr<const core::NameAnalysis> NameAnalysisCache::Get(absl::string_view name) {
  if (shard_capacity_ == 0) {
    return std::make_shared<const core::NameAnalysis>(core::AnalyzeName(*normalizer_, name));
  }
  Shard& shard = shards_[absl::Hash<absl::string_view>()(name) % kShards];
  {
    absl::MutexLock lock(&shard.mutex);
    const auto it = shard.index.find(name);
    if (it != shard.index.end()) {
      shard.entries.splice(shard.entries.begin(), shard.entries, it->second);
      return it->second->second;
    }
  }
  // Analysed without the lock: two threads may analyse the same new name at once; the second insert finds the
  // first's entry and both return equal analyses.
  auto analysis = std::make_shared<const core::NameAnalysis>(core::AnalyzeName(*normalizer_, name));
  absl::MutexLock lock(&shard.mutex);
  const auto it = shard.index.find(name);
  if (it != shard.index.end()) return it->second->second;
  shard.entries.emplace_front(std::string(name), analysis);
  shard.index.emplace(shard.entries.front().first, shard.entries.begin());
  if (shard.entries.size() > shard_capacity_) {
    shard.index.erase(shard.entries.back().first);
    shard.entries.pop_back();
  }
  return analysis;
}

size_t NameAnalysisCache::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace aka::resolve

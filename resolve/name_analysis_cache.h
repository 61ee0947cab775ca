// A bounded cache of core::NameAnalysis for stored names. Scoring a fuzzy candidate compares the query with
// every name of the entity; analysing a name costs a Normalize call (ICU, microseconds), and the same stored
// names come back query after query, so their analyses are kept. Keyed by the name as stored: the analysis is
// a pure function of the name and the normalizer, so an entry never goes stale (a renamed entity simply asks
// for another key).
//
// Set-associative (common/set_associative_slots.h), not an LRU list: at a million entities the fuzzy path's
// working set is many times any sensible capacity, so most Gets are misses, and with an LRU list and a hash
// index the bookkeeping of those misses (index erase/insert, node and key allocations) cost a third of Get.
#ifndef AKA_RESOLVE_NAME_ANALYSIS_CACHE_H_
#define AKA_RESOLVE_NAME_ANALYSIS_CACHE_H_

#include <array>
#include <cstddef>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/set_associative_slots.h"
#include "core/name_features.h"
#include "core/normalizer.h"

namespace aka::resolve {

// Thread-safe. Split into shards by name hash, each with its own lock, so that concurrent resolves rarely wait
// on each other. Does not own the normalizer, which must outlive the cache.
class NameAnalysisCache {
 public:
  using Slots = SetAssociativeSlots<std::shared_ptr<const core::NameAnalysis>>;
  static constexpr size_t kShards = 16;

  // Keeps at most about `capacity` analyses (rounded up to whole sets of Slots::kWays slots, at least one set
  // per shard). 0 disables caching: every Get analyses.
  NameAnalysisCache(const core::Normalizer* normalizer, size_t capacity);
  NameAnalysisCache(const NameAnalysisCache&) = delete;
  NameAnalysisCache& operator=(const NameAnalysisCache&) = delete;

  // The analysis of `name`, from the cache or computed now (outside any lock) and remembered. The returned
  // pointer stays valid while the caller holds it, even after eviction.
  std::shared_ptr<const core::NameAnalysis> Get(absl::string_view name);

  // Analyses currently held (for tests and metrics).
  size_t size() const;

  // Slots in all (the most analyses ever held).
  size_t capacity() const;

 private:
  struct Shard {
    mutable absl::Mutex mutex;
    Slots slots ABSL_GUARDED_BY(mutex){0};
  };

  const core::Normalizer* normalizer_;
  std::array<Shard, kShards> shards_;
};

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_NAME_ANALYSIS_CACHE_H_

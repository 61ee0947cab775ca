// A bounded cache of core::NameAnalysis for stored names. Scoring a fuzzy candidate compares the query with
// every name of the entity; analysing a name costs a Normalize call (ICU, microseconds), and the same stored
// names come back query after query, so their analyses are kept. Keyed by the name as stored: the analysis is
// a pure function of the name and the normalizer, so an entry never goes stale (a renamed entity simply asks
// for another key).
//
// Set-associative, not an LRU list: a name's hash picks one small set of slots, a hit is a compare of the
// few hashes of that set, and a miss replaces the set's least recently used slot in place. No node is
// allocated and no hash table is erased from per miss - at a million entities the fuzzy path's working set
// is many times any sensible capacity, so most Gets are misses, and with an LRU list and a hash index the
// bookkeeping of those misses (index erase/insert, node and key allocations) cost as much as the analyses.
#ifndef AKA_RESOLVE_NAME_ANALYSIS_CACHE_H_
#define AKA_RESOLVE_NAME_ANALYSIS_CACHE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "core/name_features.h"
#include "core/normalizer.h"

namespace aka::resolve {

// Thread-safe. Split into shards by name hash, each with its own lock, so that concurrent resolves rarely wait
// on each other. Does not own the normalizer, which must outlive the cache.
class NameAnalysisCache {
 public:
  // Slots per set: a name can be held in any of this many places.
  static constexpr size_t kWays = 4;

  // Keeps at most about `capacity` analyses (rounded up to whole sets of kWays slots, at least one set per
  // shard). 0 disables caching: every Get analyses.
  NameAnalysisCache(const core::Normalizer* normalizer, size_t capacity);
  NameAnalysisCache(const NameAnalysisCache&) = delete;
  NameAnalysisCache& operator=(const NameAnalysisCache&) = delete;

  // The analysis of `name`, from the cache or computed now (outside any lock) and remembered. The returned
  // pointer stays valid while the caller holds it, even after eviction.
  std::shared_ptr<const core::NameAnalysis> Get(absl::string_view name);

  // Analyses currently held (for tests and metrics).
  size_t size() const;

  // Slots in all (the most analyses ever held).
  size_t capacity() const { return kShards * sets_per_shard_ * kWays; }

 private:
  static constexpr size_t kShards = 16;
  struct Slot {
    uint64_t hash = 0;
    uint64_t last_used = 0;  // the shard's tick at the last hit or fill; 0: empty
    std::string name;
    std::shared_ptr<const core::NameAnalysis> analysis;
  };
  struct Shard {
    mutable absl::Mutex mutex;
    std::vector<Slot> slots ABSL_GUARDED_BY(mutex);  // sets_per_shard_ * kWays, set s at [s * kWays, +kWays)
    uint64_t tick ABSL_GUARDED_BY(mutex) = 0;
  };

  // The slot of `shard` holding `name` (whose hash is `hash`), or null.
  Slot* FindInSet(Shard& shard, uint64_t hash, absl::string_view name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mutex);

  const core::Normalizer* normalizer_;
  const size_t sets_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_NAME_ANALYSIS_CACHE_H_

// AnswerCache: akad's server-wide memory of resolve answers, shared by unary Resolve and every ResolveStream.
// Batch jobs and busy callers ask the same names again and again (the same actor on thousands of rows, the
// same counterparty on every payment); a repeat then costs a hash lookup instead of a resolution.
//
// Freshness: an answer is stamped with the store's LastSequence() read *before* it was computed, and is used
// only while the store's LastSequence() still equals that stamp. Any committed write moves the sequence, so
// after a write every older answer is a miss: the cache never answers with anything older than the last
// write. (A write's sequence is published only after its rows are visible and the store's entity cache is
// cleared, so a resolution that read sequence S saw at least every write up to S.) Requests with as_of are
// not cached (resolved_answer.h decides); nor are errors. The one input that changes without a write is the
// clock: a negative record with an expire_time stops applying when that time passes, so an answer such a
// record still applies to is not cached either (the Resolver reports it: Resolution::expiring_negative_applied,
// and resolved_answer.h does not store that answer).
//
// Memory: bounded in bytes (payload of key and answer plus kAnswerCacheEntryOverhead per entry), split over
// kAnswerCacheShards shards, each with its own lock. A shard keeps two generations (lookups promote from
// the older one; when the newer one is full the older one is dropped), which keeps recently used answers at
// a fraction of an LRU's bookkeeping. All entries of a shard share one stamp: an entry computed at a newer
// sequence empties the shard first, and one computed at an older sequence is not stored.
#ifndef AKA_SERVICE_ANSWER_CACHE_H_
#define AKA_SERVICE_ANSWER_CACHE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace aka::service {

inline constexpr int kAnswerCacheShards = 16;
// Bytes counted per entry on top of its key and answer: the hash slot (two std::string) and allocator headers.
inline constexpr size_t kAnswerCacheEntryOverhead = 96;

struct AnswerCacheStats {
  // Lookups that found a current answer / that did not (the caller then resolves).
  uint64_t hits = 0;
  uint64_t misses = 0;
  // Bytes held (as counted against the capacity) and entries held, stale ones not yet dropped included.
  uint64_t bytes = 0;
  uint64_t entries = 0;
};

// Thread-safe: every method may be called from any thread.
class AnswerCache {
 public:
  // Returns the store's newest committed change sequence (storage::Store::LastSequence).
  using SequenceSource = std::function<absl::StatusOr<int64_t>()>;

  // `capacity_bytes` > 0 bounds what the cache holds; `sequence` must stay callable for the cache's lifetime.
  AnswerCache(size_t capacity_bytes, SequenceSource sequence);

  AnswerCache(const AnswerCache&) = delete;
  AnswerCache& operator=(const AnswerCache&) = delete;

  // The sequence to stamp an answer with: read it before resolving, then Insert with it. An error means the
  // store cannot tell (e.g. it is closed): do not cache.
  absl::StatusOr<int64_t> CurrentSequence() const { return sequence_(); }

  // True, with *answer set, when `key` has an answer computed at the store's current sequence. Counts a hit
  // or a miss.
  bool Lookup(const std::string& key, std::string* answer);

  // Remembers `answer` for `key`, computed at `sequence` (CurrentSequence() read before resolving). Dropped
  // when the store has moved on since, or when it alone is larger than half a shard.
  void Insert(const std::string& key, int64_t sequence, std::string answer);

  AnswerCacheStats stats() const;
  size_t capacity_bytes() const { return capacity_bytes_; }

 private:
  struct Shard {
    mutable absl::Mutex mu;
    // The sequence every entry of this shard was computed at; -1 before the first Insert.
    int64_t sequence ABSL_GUARDED_BY(mu) = -1;
    absl::flat_hash_map<std::string, std::string> current ABSL_GUARDED_BY(mu);
    absl::flat_hash_map<std::string, std::string> previous ABSL_GUARDED_BY(mu);
    size_t current_bytes ABSL_GUARDED_BY(mu) = 0;
    size_t previous_bytes ABSL_GUARDED_BY(mu) = 0;
  };

  Shard& ShardFor(const std::string& key);
  // Empties `shard` and stamps it with `sequence`.
  static void ResetLocked(Shard& shard, int64_t sequence) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);
  // Adds an entry to the newer generation, rotating generations when it is full.
  void AddLocked(Shard& shard, std::string key, std::string answer) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);

  const size_t capacity_bytes_;
  // Each generation of a shard holds at most this many bytes, so a shard holds at most twice that.
  const size_t generation_bytes_;
  const SequenceSource sequence_;
  std::array<Shard, kAnswerCacheShards> shards_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace aka::service

#endif  // AKA_SERVICE_ANSWER_CACHE_H_

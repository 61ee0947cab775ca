#include "service/answer_cache.h"

#include <utility>

#include "absl/hash/hash.h"

namespace aka::service {
namespace {

size_t EntryBytes(const std::string& key, const std::string& answer) {
  return key.size() + answer.size() + kAnswerCacheEntryOverhead;
}

}  // namespace

AnswerCache::AnswerCache(size_t capacity_bytes, SequenceSource sequence)
    : capacity_bytes_(capacity_bytes),
      generation_bytes_(capacity_bytes / kAnswerCacheShards / 2),
      sequence_(std::move(sequence)) {}

AnswerCache::Shard& AnswerCache::ShardFor(const std::string& key) {
  return shards_[absl::Hash<std::string>()(key) % kAnswerCacheShards];
}

void AnswerCache::ResetLocked(Shard& shard, int64_t sequence) {
  shard.current.clear();
  shard.previous.clear();
  shard.current_bytes = 0;
  shard.previous_bytes = 0;
  shard.sequence = sequence;
}

bool AnswerCache::Lookup(const std::string& key, std::string* answer) {
  const absl::StatusOr<int64_t> sequence = CurrentSequence();
  bool found = false;
  if (sequence.ok()) {
    Shard& shard = ShardFor(key);
    absl::MutexLock lock(&shard.mu);
    if (shard.sequence != *sequence) {
      // Every entry here predates a committed write: drop them now rather than at the next Insert.
      if (shard.sequence < *sequence && shard.sequence >= 0) ResetLocked(shard, *sequence);
    } else if (auto it = shard.current.find(key); it != shard.current.end()) {
      *answer = it->second;
      found = true;
    } else if (auto old = shard.previous.find(key); old != shard.previous.end()) {
      // Promote, so that answers still in use survive the next generation change.
      *answer = old->second;
      std::string promoted = std::move(old->second);
      shard.previous_bytes -= EntryBytes(key, promoted);
      shard.previous.erase(old);
      AddLocked(shard, key, std::move(promoted));
      found = true;
    }
  }
  (found ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
  return found;
}

void AnswerCache::Insert(const std::string& key, int64_t sequence, std::string answer) {
  if (EntryBytes(key, answer) > generation_bytes_) return;
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  // Computed before a write this shard has already seen: possibly stale, never stored.
  if (sequence < shard.sequence) return;
  if (sequence > shard.sequence) ResetLocked(shard, sequence);
  if (auto it = shard.previous.find(key); it != shard.previous.end()) {
    shard.previous_bytes -= EntryBytes(it->first, it->second);
    shard.previous.erase(it);
  }
  if (auto it = shard.current.find(key); it != shard.current.end()) {
    // Two resolutions of one name raced; both answers are current and equal in content.
    return;
  }
  AddLocked(shard, key, std::move(answer));
}

void AnswerCache::AddLocked(Shard& shard, std::string key, std::string answer) {
  const size_t bytes = EntryBytes(key, answer);
  if (shard.current_bytes + bytes > generation_bytes_) {
    shard.previous = std::move(shard.current);
    shard.previous_bytes = shard.current_bytes;
    shard.current.clear();
    shard.current_bytes = 0;
  }
  shard.current_bytes += bytes;
  shard.current.emplace(std::move(key), std::move(answer));
}

AnswerCacheStats AnswerCache::stats() const {
  AnswerCacheStats stats;
  stats.hits = hits_.load(std::memory_order_relaxed);
  stats.misses = misses_.load(std::memory_order_relaxed);
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    stats.bytes += shard.current_bytes + shard.previous_bytes;
    stats.entries += shard.current.size() + shard.previous.size();
  }
  return stats;
}

}  // namespace aka::service

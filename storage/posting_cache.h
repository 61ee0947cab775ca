// PostingCache: decoded posting lists of the names family kept in memory, in front of RocksDB. An exact or
// normalized hit reads its four equality keys (core::QueryKeys) on every Resolve; at a million entities each
// read of a present key costs a table index search, a block-cache lookup and a data-block seek (about half of
// an exact hit, docs/PERFORMANCE.md). A cached key costs one hash lookup and a copy of its hits. Keys nobody
// has are cached too (as empty lists), so a repeated query skips the bloom filters as well.
//
// Consistency: RocksStore::Write invalidates every names key a committed WriteBatch touched (put, merge,
// delete) and clears the cache for a range delete, always after the write, also after a failed one. A reader
// that missed the cache reads RocksDB and then offers what it read; a writer may commit and invalidate in
// between, so each key's stripe has a generation that Invalidate advances, and Insert keeps a list only if
// the generation is still the one the reader saw before its read (Generation()). Clear advances every
// stripe and an epoch, so entries inserted before it are never served after it.
//
// Memory: an LRU (rocksdb::Cache) bounded by `capacity_bytes`, each entry charged its key, names and ids.
#ifndef AKA_STORAGE_POSTING_CACHE_H_
#define AKA_STORAGE_POSTING_CACHE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/cache.h"
#include "storage/store.h"

namespace aka::storage {

// Thread-safe.
class PostingCache {
 public:
  // 0 disables the cache: Find always misses and Insert keeps nothing.
  explicit PostingCache(size_t capacity_bytes);
  PostingCache(const PostingCache&) = delete;
  PostingCache& operator=(const PostingCache&) = delete;

  // Copies the cached list of `key` (empty: the key has no entities) into `hits` and returns true, or
  // returns false when `key` is not cached.
  bool Find(absl::string_view key, std::vector<IndexHit>* hits) const;

  // The generation of `key`'s stripe: read it before reading the key from the DB, pass it to Insert.
  uint64_t Generation(absl::string_view key) const;

  // Remembers `hits` as the list of `key` unless a write touching the key's stripe committed since the
  // caller read `generation`.
  void Insert(absl::string_view key, const std::vector<IndexHit>& hits, uint64_t generation);

  // Forgets `key` and advances its stripe's generation. Call after the write that changed `key`.
  void Invalidate(absl::string_view key);

  // Forgets everything (a range delete of the family; Close).
  void Clear();

  // Bytes charged by the entries held now (for tests and stats).
  size_t usage_bytes() const;

 private:
  static constexpr size_t kStripes = 64;
  struct Stripe {
    absl::Mutex mutex;
    uint64_t generation ABSL_GUARDED_BY(mutex) = 0;
  };
  struct Entry;
  static void DeleteEntry(const rocksdb::Slice& key, void* value);

  Stripe& StripeOf(absl::string_view key) const;

  const std::shared_ptr<rocksdb::Cache> cache_;  // null when disabled
  // Advanced by Clear under every stripe's lock; entries of an older epoch are misses.
  std::atomic<uint64_t> epoch_{0};
  mutable std::array<Stripe, kStripes> stripes_;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_POSTING_CACHE_H_

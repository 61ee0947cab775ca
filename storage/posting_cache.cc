#include "storage/posting_cache.h"

#include <utility>

#include "absl/hash/hash.h"
#include "rocksdb/slice.h"

namespace aka::storage {

struct PostingCache::Entry {
  uint64_t epoch = 0;
  std::vector<IndexHit> hits;
};

void PostingCache::DeleteEntry(const rocksdb::Slice& /*key*/, void* value) { delete static_cast<Entry*>(value); }

namespace {

rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// What an entry holds in memory, roughly: the key, the vector, each hit and its strings.
size_t Charge(absl::string_view key, const std::vector<IndexHit>& hits) {
  size_t charge = key.size() + 64;
  for (const IndexHit& hit : hits) charge += sizeof(IndexHit) + hit.entity_id.size() + hit.name.size();
  return charge;
}

}  // namespace

PostingCache::PostingCache(size_t capacity_bytes)
    : cache_(capacity_bytes == 0 ? nullptr : rocksdb::NewLRUCache(capacity_bytes)) {}

PostingCache::Stripe& PostingCache::StripeOf(absl::string_view key) const {
  return stripes_[absl::Hash<absl::string_view>()(key) % kStripes];
}

bool PostingCache::Find(absl::string_view key, std::vector<IndexHit>* hits) const {
  if (cache_ == nullptr) return false;
  rocksdb::Cache::Handle* handle = cache_->Lookup(ToSlice(key));
  if (handle == nullptr) return false;
  const auto* entry = static_cast<const Entry*>(cache_->Value(handle));
  const bool current = entry->epoch == epoch_.load(std::memory_order_acquire);
  if (current) *hits = entry->hits;
  cache_->Release(handle);
  return current;
}

uint64_t PostingCache::Generation(absl::string_view key) const {
  Stripe& stripe = StripeOf(key);
  absl::MutexLock lock(&stripe.mutex);
  return stripe.generation;
}

void PostingCache::Insert(absl::string_view key, const std::vector<IndexHit>& hits, uint64_t generation) {
  if (cache_ == nullptr) return;
  Stripe& stripe = StripeOf(key);
  absl::MutexLock lock(&stripe.mutex);
  if (stripe.generation != generation) return;  // A write committed since the caller's read: it may be stale.
  auto entry = std::make_unique<Entry>();
  entry->epoch = epoch_.load(std::memory_order_acquire);
  entry->hits = hits;
  // Without a handle the cache owns the entry even if it cannot keep it (then it deletes it at once).
  cache_->Insert(ToSlice(key), entry.release(), Charge(key, hits), &DeleteEntry).PermitUncheckedError();
}

void PostingCache::Invalidate(absl::string_view key) {
  Stripe& stripe = StripeOf(key);
  absl::MutexLock lock(&stripe.mutex);
  ++stripe.generation;
  if (cache_ != nullptr) cache_->Erase(ToSlice(key));
}

void PostingCache::Clear() {
  for (Stripe& stripe : stripes_) stripe.mutex.Lock();
  for (Stripe& stripe : stripes_) {
    stripe.mutex.AssertHeld();
    ++stripe.generation;
  }
  epoch_.fetch_add(1, std::memory_order_acq_rel);
  for (Stripe& stripe : stripes_) stripe.mutex.Unlock();
  // Entries a reader holds right now stay until it releases them; their old epoch makes them misses.
  if (cache_ != nullptr) cache_->EraseUnRefEntries();
}

size_t PostingCache::usage_bytes() const { return cache_ == nullptr ? 0 : cache_->GetUsage(); }

}  // namespace aka::storage

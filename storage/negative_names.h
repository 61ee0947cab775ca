// The names that have at least one negatives record (as their negatives key prefix, EncodeNegativePrefix),
// kept in memory so that Resolve skips the negatives family (a seek per query) for the names that have none -
// nearly all of them. Loaded at Open from the family, then maintained by the commit path: a record's name is
// added before the batch that puts it is written and removed after the batch that deletes it committed, so the
// set always covers what is on disk (a failed write leaves at most an extra name, which costs one seek, never a
// missed record).
#ifndef AKA_STORAGE_NEGATIVE_NAMES_H_
#define AKA_STORAGE_NEGATIVE_NAMES_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace aka::storage {

// A multiset of names (one count per negatives record). Thread-safe.
class NegativeNames {
 public:
  void Add(absl::string_view normalized);
  // Forgets one record of the name; a name with no record left is dropped. No-op for an unknown name.
  void Remove(absl::string_view normalized);
  // Whether any record of the name may exist. Lock-free while the set is empty.
  bool MayHave(absl::string_view normalized) const;
  bool empty() const { return records_.load(std::memory_order_acquire) == 0; }

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, int64_t> counts_ ABSL_GUARDED_BY(mu_);
  // Sum of counts_, readable without the lock.
  std::atomic<int64_t> records_{0};
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_NEGATIVE_NAMES_H_

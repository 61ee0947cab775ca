#include "storage/negative_names.h"

namespace aka::storage {

void NegativeNames::Add(absl::string_view normalized) {
  absl::MutexLock lock(&mu_);
  ++counts_[normalized];
  records_.fetch_add(1, std::memory_order_release);
}

void NegativeNames::Remove(absl::string_view normalized) {
  absl::MutexLock lock(&mu_);
  const auto found = counts_.find(normalized);
  if (found == counts_.end()) return;
  if (--found->second == 0) counts_.erase(found);
  records_.fetch_sub(1, std::memory_order_release);
}

bool NegativeNames::MayHave(absl::string_view normalized) const {
  if (empty()) return false;
  absl::ReaderMutexLock lock(&mu_);
  return counts_.contains(normalized);
}

}  // namespace aka::storage

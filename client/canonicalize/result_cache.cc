#include "client/canonicalize/result_cache.h"

namespace aka::canonicalize {

const ResultFields* ResultCache::Find(std::string_view name) {
  auto it = index_.find(name);
  if (it == index_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, it->second);
  return &it->second->second;
}

void ResultCache::Insert(std::string name, ResultFields result) {
  if (capacity_ == 0) return;
  auto it = index_.find(name);
  if (it != index_.end()) {
    it->second->second = std::move(result);
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.emplace_front(std::move(name), std::move(result));
  index_.emplace(entries_.front().first, entries_.begin());
  if (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

}  // namespace aka::canonicalize

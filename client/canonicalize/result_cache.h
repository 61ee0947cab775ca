// ResultCache: a bounded least-recently-used map from a name to its result columns. Batch inputs repeat names
// heavily (the same actor on thousands of rows), so each distinct name is resolved once per cache lifetime.
// Not thread-safe: one job owns it.
#ifndef AKA_CLIENT_CANONICALIZE_RESULT_CACHE_H_
#define AKA_CLIENT_CANONICALIZE_RESULT_CACHE_H_

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "client/canonicalize/table_codec.h"

namespace aka::canonicalize {

class ResultCache {
 public:
  // Holds at most `capacity` names; 0 disables caching.
  explicit ResultCache(size_t capacity) : capacity_(capacity) {}
  ResultCache(const ResultCache&) = delete;
  ResultCache& operator=(const ResultCache&) = delete;

  // The cached result for `name`, marked most recently used; nullptr if absent. Valid until the next Insert.
  const ResultFields* Find(std::string_view name);
  // Caches `result` for `name` (replacing an older entry), evicting the least recently used beyond capacity.
  void Insert(std::string name, ResultFields result);

  size_t size() const { return entries_.size(); }

 private:
  using Entry = std::pair<std::string, ResultFields>;
  size_t capacity_;
  std::list<Entry> entries_;  // most recently used first
  // Keys view the strings inside `entries_`, whose nodes never move.
  absl::flat_hash_map<std::string_view, std::list<Entry>::iterator> index_;
};

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_RESULT_CACHE_H_

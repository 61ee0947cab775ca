// BatchCanonicalizer: turns one batch of records into result columns: validates each name, sends each
// distinct uncached name to the BatchResolver once, remembers answers in an LRU cache across batches, and
// maps each answer to aka_id/aka_name/aka_type/aka_score/aka_outcome or to a bad-row reason.
#ifndef AKA_CLIENT_CANONICALIZE_BATCH_CANONICALIZER_H_
#define AKA_CLIENT_CANONICALIZE_BATCH_CANONICALIZER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "aka/v1/resolver.pb.h"
#include "client/canonicalize/batch_resolver.h"
#include "client/canonicalize/result_cache.h"
#include "client/canonicalize/table_codec.h"

namespace aka::canonicalize {

// The outcome of one row: result columns, or why the row is bad (then `fields` hold only outcome "ERROR").
struct RowResult {
  ResultFields fields;
  std::string error;
};

// Maps one resolver answer to result columns (score as %.4f of candidates[0]) or to an error.
RowResult RowResultFromResponse(const aka::v1::ResolveResponse& response);

class BatchCanonicalizer {
 public:
  // `resolver` is borrowed. `name_label` names the name source in messages ("column 'actor'").
  BatchCanonicalizer(BatchResolver* resolver, size_t cache_size, std::string name_label);

  // Fills (*results)[i] for records[0..count). A non-OK status is a whole-batch resolver failure.
  absl::Status Resolve(const std::vector<TableRecord>& records, size_t count, std::vector<RowResult>* results);

  // Names sent to the resolver so far (distinct per batch, cache misses only).
  int64_t names_resolved() const { return names_resolved_; }

 private:
  BatchResolver* resolver_;
  ResultCache cache_;
  std::string name_label_;
  int64_t names_resolved_ = 0;
  // Reused across batches.
  std::vector<std::string> names_;
  std::vector<aka::v1::ResolveResponse> responses_;
};

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_BATCH_CANONICALIZER_H_

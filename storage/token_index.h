// The vocabulary side of the index: `token_stats` counts and `fuzzy` deletion neighbourhoods (keys.h). Unlike
// names and tokens rows, these rows are shared by every entity whose names hold a token, so they cannot be
// derived from one entity: a write computes how the token documents change (TokenIndexDelta), and the batch
// gets the new counts plus fuzzy rows for tokens whose count leaves or reaches zero. The in-memory
// core::TokenStatistics is the current state the delta applies to; it is updated only after the batch
// commits, so a failed write leaves both unchanged.
#ifndef AKA_STORAGE_TOKEN_INDEX_H_
#define AKA_STORAGE_TOKEN_INDEX_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/generic_words.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/index_rows.h"

namespace aka::storage {

// The column families a TokenIndexDelta writes. Not owned.
struct TokenIndexFamilies {
  rocksdb::ColumnFamilyHandle* token_stats = nullptr;
  rocksdb::ColumnFamilyHandle* fuzzy = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
};

// The net change of token documents made by one or more entity changes. A document removed and added again
// (an entity rewritten with the same name) cancels out and costs nothing. Not thread-safe; used under the
// store's write mutex.
class TokenIndexDelta {
 public:
  void Remove(const std::vector<TokenDocument>& documents);
  void Add(const std::vector<TokenDocument>& documents);
  // Adds the net change of `other` (a bulk write sums its changes' deltas and writes the sum once).
  void Add(const TokenIndexDelta& other);

  bool empty() const { return documents_.empty(); }

  // Appends to `batch` the token_stats puts and deletes, the fuzzy rows of tokens whose count goes from zero
  // to positive (puts) or back to zero (deletes), and meta token_documents, all relative to `current`.
  absl::Status AddToBatch(const core::TokenStatistics& current, const TokenIndexFamilies& families,
                          rocksdb::WriteBatch* batch) const;

  // Makes `statistics` reflect the change. Call once the batch from AddToBatch has committed.
  void ApplyTo(core::TokenStatistics* statistics) const;

 private:
  void Change(const std::vector<TokenDocument>& documents, int sign);
  void AddCopies(const TokenDocument& document, int64_t copies);

  // Document -> net number of copies added (negative: removed). Zero entries are erased.
  std::map<TokenDocument, int64_t> documents_;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_TOKEN_INDEX_H_

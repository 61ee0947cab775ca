// The values of the `names` family (keys.h): one row per name key whose value is the posting list of the
// entities having that key, and the merge operands that change it. A write never reads a list: it adds Merge
// operands ("put this entity's entry", "remove this entity's entry") to its WriteBatch, and RocksDB folds
// them into the list (storage/name_postings_merge.h) at read, flush and compaction time.
//
// Posting list:  0x01 | entry*              entries sorted by entity id (bytewise), ids unique
//   entry     =  len(id) | id | zigzag varint32 alias_index | len(name) | name      (len: varint32)
// Delta operand: 0x01 | op*                 ops sorted by entity id, ids unique
//   op        =  '+' | len(id) | id | zigzag varint32 alias_index | len(name) | name   put the entry
//             |  '-' | len(id) | id                                                   remove the entry
// Applying deltas in order to a list (or to nothing) gives the list; two deltas combine into one (the later
// op of an entity wins), so RocksDB may partially merge operands without the list. An empty list is the
// same as no row.
#ifndef AKA_STORAGE_NAME_POSTINGS_H_
#define AKA_STORAGE_NAME_POSTINGS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/index_rows.h"
#include "storage/keys.h"
#include "storage/store.h"

namespace aka::storage {

// Entity id -> its entry (a put) or nullopt (a removal). Ordered by id, as both formats are.
using PostingDelta = std::map<std::string, std::optional<NameRowValue>>;
// Entity id -> entry: a decoded posting list.
using PostingMap = std::map<std::string, NameRowValue>;

std::string EncodePostingList(const PostingMap& list);
// Appends the list's entries to `hits` in id order. DATA_LOSS (naming the fault) for bytes that do not parse,
// ids out of order or repeated; `hits` may then hold a prefix of the entries.
absl::Status DecodePostingList(absl::string_view value, std::vector<IndexHit>* hits);
absl::Status DecodePostingList(absl::string_view value, PostingMap* list);

std::string EncodePostingDelta(const PostingDelta& delta);
// Applies the delta's ops to `delta` (the later op of an entity wins). DATA_LOSS as above.
absl::Status MergePostingDelta(absl::string_view operand, PostingDelta* delta);
// Applies the delta's ops to `list`. DATA_LOSS as above.
absl::Status ApplyPostingDelta(absl::string_view operand, PostingMap* list);

// The delta operands, by names key, that turn the lists holding `old_rows` into lists holding `new_rows`.
// Both are logical rows as index_rows.h builds them (EncodeNameRowKey -> EncodeNameRowValue): an entry that
// is unchanged costs nothing, one only in old_rows becomes a removal, a new or changed one a put.
// INVALID_ARGUMENT / DATA_LOSS only for row keys or values the encoders did not produce.
absl::StatusOr<std::map<std::string, std::string>> NamePostingOperands(const RowMap& old_rows,
                                                                       const RowMap& new_rows);

}  // namespace aka::storage

#endif  // AKA_STORAGE_NAME_POSTINGS_H_

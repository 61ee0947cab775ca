// The RocksDB side of the `names` posting lists (formats in name_postings.h): the associative merge operator
// that folds delta operands into a list, and the compaction filter that drops lists left empty (an entity's
// last name with a key removed: the writer never reads the list, so it cannot Delete it itself).
#ifndef AKA_STORAGE_NAME_POSTINGS_MERGE_H_
#define AKA_STORAGE_NAME_POSTINGS_MERGE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/write_batch.h"
#include "storage/index_rows.h"

namespace aka::storage {

// FullMergeV2: the list (or nothing) with every operand applied in order; PartialMerge(Multi): operands
// combined into one delta (the later op of an entity wins). Output is deterministic: entries by entity id.
// Bytes that do not parse fail the merge, which RocksDB reports as Corruption on the read or compaction
// that needed it. Thread-safe (stateless). The name is persisted in the OPTIONS file: DO NOT CHANGE it
// unless the formats change.
std::shared_ptr<rocksdb::MergeOperator> NewNamePostingsMergeOperator();

// Removes a names row whose posting list has no entries. Stateless; the returned object lives forever.
const rocksdb::CompactionFilter* EmptyNamePostingsFilter();

// Adds to `batch` one Merge per names key whose posting list changes when an entity's logical names rows
// (index_rows.h) go from `old_rows` to `new_rows` (name_postings.h NamePostingOperands). Reads nothing, so
// the batch stays the whole mutation and concurrent writers of one list need no lock. Errors as
// NamePostingOperands, or a RocksDB error building the batch.
absl::Status AddNamePostingOperands(rocksdb::ColumnFamilyHandle* names, const RowMap& old_rows,
                                    const RowMap& new_rows, rocksdb::WriteBatch* batch);

// The same for the `fuzzy` family, whose posting lists use the names format with the token as the entry's
// id (alias index 0, empty name): operands putting each of `added` into, and removing each of `removed`
// from, the lists of its deletion keys (core::FuzzyTokenKeys). One operand per deletion key touched.
absl::Status AddFuzzyPostingOperands(rocksdb::ColumnFamilyHandle* fuzzy, const std::vector<std::string>& added,
                                     const std::vector<std::string>& removed, rocksdb::WriteBatch* batch);

}  // namespace aka::storage

#endif  // AKA_STORAGE_NAME_POSTINGS_MERGE_H_

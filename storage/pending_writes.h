// PendingWrites: the changes of one bulk write (RocksStore::UpsertEntities / ImportEntities) staged in memory
// until the last one is built, then written as ONE WriteBatch. Each change still builds its own batch
// exactly as a single write would (RocksStore::CommitChange); Stage() takes its operations, Find() lets the
// changes that follow read back what earlier ones wrote (an entity or external id written twice in one call),
// and Build() merges them into one batch that leaves the database exactly as applying the staged batches in
// order would.
#ifndef AKA_STORAGE_PENDING_WRITES_H_
#define AKA_STORAGE_PENDING_WRITES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace aka::storage {

// Not thread-safe: owned by one bulk call under the store's write mutex.
class PendingWrites {
 public:
  // `families`: every column family a staged batch may write, not owned (they outlive the bulk call).
  // `read_back`: the ids (ColumnFamilyHandle::GetID) of the families whose rows Find() answers for; only
  // puts and deletes may be staged for those.
  PendingWrites(const std::vector<rocksdb::ColumnFamilyHandle*>& families, absl::flat_hash_set<uint32_t> read_back);

  // Takes `batch` and its put, delete and merge operations, in order (kept, not copied: the operations point
  // into it). INTERNAL for any other kind of operation, a family not given to the constructor, or a merge into a
  // read-back family (Find could not answer it).
  absl::Status Stage(rocksdb::WriteBatch batch);

  // What the staged operations left under (family, key) of a read-back family: nullptr if none touched the key;
  // else a pointer to its value, or to nullopt when the last operation deleted it. Valid until the next Stage.
  const std::optional<std::string>* Find(uint32_t family, absl::string_view key) const;

  // Appends to `out` one batch equivalent to the staged batches applied in order: the operations sorted by
  // family and key (memtable inserts in key order reuse the skiplist's last insert position), and per key only
  // the last put or delete and the merges after it.
  absl::Status Build(rocksdb::WriteBatch* out) const;

  // Operations staged so far.
  size_t size() const { return operations_.size(); }

 private:
  class Collector;
  enum class Kind : uint8_t { kPut, kDelete, kMerge };
  struct Operation {
    uint32_t family;
    Kind kind;
    // Into a batch of staged_.
    rocksdb::Slice key;
    rocksdb::Slice value;
  };

  absl::flat_hash_map<uint32_t, rocksdb::ColumnFamilyHandle*> families_;
  const absl::flat_hash_set<uint32_t> read_back_;
  // The staged batches (owned, never moved once staged: operations_ point into them).
  std::vector<std::unique_ptr<rocksdb::WriteBatch>> staged_;
  std::vector<Operation> operations_;
  // family -> key -> last state, for the read-back families only.
  absl::flat_hash_map<uint32_t, absl::flat_hash_map<std::string, std::optional<std::string>>> latest_;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_PENDING_WRITES_H_

#include "storage/pending_writes.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {

// Reads a batch back operation by operation (WriteBatch::Iterate).
class PendingWrites::Collector : public rocksdb::WriteBatch::Handler {
 public:
  explicit Collector(PendingWrites* pending) : pending_(pending) {}

  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    return Add(family, Kind::kPut, key, value);
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    return Add(family, Kind::kDelete, key, rocksdb::Slice());
  }
  rocksdb::Status MergeCF(uint32_t family, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    return Add(family, Kind::kMerge, key, value);
  }
  // The store's batches never hold these; refused rather than silently dropped.
  rocksdb::Status SingleDeleteCF(uint32_t family, const rocksdb::Slice&) override { return Refuse(family); }
  rocksdb::Status DeleteRangeCF(uint32_t family, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Refuse(family);
  }

 private:
  static rocksdb::Status Refuse(uint32_t family) {
    return rocksdb::Status::InvalidArgument(absl::StrCat("an operation bulk writes do not stage, in family ", family));
  }

  rocksdb::Status Add(uint32_t family, Kind kind, const rocksdb::Slice& key, const rocksdb::Slice& value) {
    if (pending_->families_.count(family) == 0) {
      return rocksdb::Status::InvalidArgument(absl::StrCat("column family ", family, " is not staged"));
    }
    if (pending_->read_back_.count(family) != 0) {
      if (kind == Kind::kMerge) {
        return rocksdb::Status::InvalidArgument(absl::StrCat("a merge into read-back column family ", family));
      }
      std::optional<std::string>& latest = pending_->latest_[family][key.ToString()];
      if (kind == Kind::kPut) {
        latest = value.ToString();
      } else {
        latest.reset();
      }
    }
    pending_->operations_.push_back(Operation{family, kind, key, value});
    return rocksdb::Status::OK();
  }

  PendingWrites* const pending_;
};

PendingWrites::PendingWrites(const std::vector<rocksdb::ColumnFamilyHandle*>& families,
                             absl::flat_hash_set<uint32_t> read_back)
    : read_back_(std::move(read_back)) {
  for (rocksdb::ColumnFamilyHandle* family : families) families_.emplace(family->GetID(), family);
}

absl::Status PendingWrites::Stage(rocksdb::WriteBatch batch) {
  staged_.push_back(std::make_unique<rocksdb::WriteBatch>(std::move(batch)));
  Collector collector(this);
  const rocksdb::Status status = staged_.back()->Iterate(&collector);
  if (!status.ok()) return absl::InternalError(absl::StrCat("staging a bulk write: ", status.ToString()));
  return absl::OkStatus();
}

const std::optional<std::string>* PendingWrites::Find(uint32_t family, absl::string_view key) const {
  const auto rows = latest_.find(family);
  if (rows == latest_.end()) return nullptr;
  const auto row = rows->second.find(key);
  return row == rows->second.end() ? nullptr : &row->second;
}

absl::Status PendingWrites::Build(rocksdb::WriteBatch* out) const {
  std::vector<size_t> order(operations_.size());
  std::iota(order.begin(), order.end(), 0);
  // Stable: the operations on one key keep their order, so merges still apply after the put they follow.
  std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
    const Operation& x = operations_[a];
    const Operation& y = operations_[b];
    if (x.family != y.family) return x.family < y.family;
    return x.key.compare(y.key) < 0;
  });
  size_t begin = 0;
  while (begin < order.size()) {
    const Operation& first = operations_[order[begin]];
    size_t end = begin + 1;
    while (end < order.size() && operations_[order[end]].family == first.family &&
           operations_[order[end]].key == first.key) {
      ++end;
    }
    // A put or delete makes everything before it on the key irrelevant.
    size_t from = begin;
    for (size_t i = begin; i < end; ++i) {
      if (operations_[order[i]].kind != Kind::kMerge) from = i;
    }
    rocksdb::ColumnFamilyHandle* family = families_.at(first.family);
    for (size_t i = from; i < end; ++i) {
      const Operation& operation = operations_[order[i]];
      rocksdb::Status status;
      switch (operation.kind) {
        case Kind::kPut:
          status = out->Put(family, operation.key, operation.value);
          break;
        case Kind::kDelete:
          status = out->Delete(family, operation.key);
          break;
        case Kind::kMerge:
          status = out->Merge(family, operation.key, operation.value);
          break;
      }
      if (!status.ok()) return FromRocksDbStatus(status, "building a bulk write");
    }
    begin = end;
  }
  return absl::OkStatus();
}

}  // namespace aka::storage

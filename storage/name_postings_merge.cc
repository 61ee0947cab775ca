#include "storage/name_postings_merge.h"

#include <deque>
#include <map>
#include <optional>
#include <string>

#include "common/status_macros.h"
#include "core/fuzzy_keys.h"
#include "storage/keys.h"
#include "storage/name_postings.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {
namespace {

class NamePostingsMergeOperator : public rocksdb::MergeOperator {
 public:
  const char* Name() const override { return "aka.NamePostings.1"; }

  bool FullMergeV2(const MergeOperationInput& input, MergeOperationOutput* output) const override {
    PostingMap list;
    if (input.existing_value != nullptr && !DecodePostingList(ToStringView(*input.existing_value), &list).ok()) {
      return false;
    }
    for (const rocksdb::Slice& operand : input.operand_list) {
      if (!ApplyPostingDelta(ToStringView(operand), &list).ok()) return false;
    }
    output->new_value = EncodePostingList(list);
    return true;
  }

  bool PartialMergeMulti(const rocksdb::Slice& /*key*/, const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value, rocksdb::Logger* /*logger*/) const override {
    PostingDelta delta;
    for (const rocksdb::Slice& operand : operands) {
      if (!MergePostingDelta(ToStringView(operand), &delta).ok()) return false;
    }
    *new_value = EncodePostingDelta(delta);
    return true;
  }

  bool PartialMerge(const rocksdb::Slice& key, const rocksdb::Slice& left, const rocksdb::Slice& right,
                    std::string* new_value, rocksdb::Logger* logger) const override {
    return PartialMergeMulti(key, std::deque<rocksdb::Slice>{left, right}, new_value, logger);
  }
};

class EmptyNamePostings : public rocksdb::CompactionFilter {
 public:
  const char* Name() const override { return "aka.EmptyNamePostings.1"; }

  Decision FilterV2(int /*level*/, const rocksdb::Slice& /*key*/, ValueType value_type,
                    const rocksdb::Slice& existing_value, std::string* /*new_value*/,
                    std::string* /*skip_until*/) const override {
    const bool empty_list = value_type == ValueType::kValue && existing_value.size() == 1 &&
                            existing_value[0] == kKeyFormatVersion;
    return empty_list ? Decision::kRemove : Decision::kKeep;
  }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewNamePostingsMergeOperator() {
  return std::make_shared<NamePostingsMergeOperator>();
}

const rocksdb::CompactionFilter* EmptyNamePostingsFilter() {
  static const EmptyNamePostings* const filter = new EmptyNamePostings();
  return filter;
}

absl::Status AddNamePostingOperands(rocksdb::ColumnFamilyHandle* names, const RowMap& old_rows,
                                    const RowMap& new_rows, rocksdb::WriteBatch* batch) {
  ASSIGN_OR_RETURN(const auto operands, NamePostingOperands(old_rows, new_rows));
  for (const auto& [key, operand] : operands) {
    RETURN_IF_ERROR(FromRocksDbStatus(batch->Merge(names, ToSlice(key), ToSlice(operand)), "building a names merge"));
  }
  return absl::OkStatus();
}

absl::Status AddFuzzyPostingOperands(rocksdb::ColumnFamilyHandle* fuzzy, const std::vector<std::string>& added,
                                     const std::vector<std::string>& removed, rocksdb::WriteBatch* batch) {
  std::map<std::string, PostingDelta> deltas;
  for (const std::vector<std::string>* tokens : {&removed, &added}) {
    for (const std::string& token : *tokens) {
      for (const std::string& deletion_key : core::FuzzyTokenKeys(token)) {
        ASSIGN_OR_RETURN(const std::string key, EncodeFuzzyPrefix(deletion_key));
        std::optional<NameRowValue>& op = deltas[key][token];
        if (tokens == &added) {
          op = NameRowValue{0, std::string()};
        } else {
          op.reset();
        }
      }
    }
  }
  for (const auto& [key, delta] : deltas) {
    RETURN_IF_ERROR(FromRocksDbStatus(batch->Merge(fuzzy, ToSlice(key), ToSlice(EncodePostingDelta(delta))),
                                      "building a fuzzy merge"));
  }
  return absl::OkStatus();
}

}  // namespace aka::storage

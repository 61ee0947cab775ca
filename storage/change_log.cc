#include "storage/change_log.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "storage/keys.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {

std::string SerializeEntityRecord(const aka::v1::Entity& entity) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    entity.SerializeToCodedStream(&coded);
  }  // The coded stream flushes into `bytes` when it goes out of scope.
  return bytes;
}

absl::Status AddChangeRows(const aka::v1::Change& change, rocksdb::ColumnFamilyHandle* history,
                           rocksdb::ColumnFamilyHandle* log, rocksdb::WriteBatch* batch) {
  const uint64_t sequence = static_cast<uint64_t>(change.sequence());
  for (const aka::v1::EntityChange& entity : change.entities()) {
    ASSIGN_OR_RETURN(const std::string key, EncodeHistoryKey(entity.entity_id(), sequence));
    RETURN_IF_ERROR(FromRocksDbStatus(batch->Put(history, key, ""), "building a history put"));
  }
  // A negative record belongs to its entity's history although the entity itself does not change.
  const aka::v1::Negative* negative = change.has_negative_after()    ? &change.negative_after()
                                      : change.has_negative_before() ? &change.negative_before()
                                                                     : nullptr;
  if (negative != nullptr) {
    ASSIGN_OR_RETURN(const std::string key, EncodeHistoryKey(negative->entity_id(), sequence));
    RETURN_IF_ERROR(FromRocksDbStatus(batch->Put(history, key, ""), "building a history put"));
  }
  return FromRocksDbStatus(batch->Put(log, EncodeLogKey(sequence), change.SerializeAsString()),
                           "building a log put");
}

absl::Status ParseChangeRecord(absl::string_view value, aka::v1::Change* change) {
  if (!change->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("a change-log record does not parse");
  }
  return absl::OkStatus();
}

}  // namespace aka::storage

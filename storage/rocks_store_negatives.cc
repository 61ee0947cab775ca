// RocksStore negative knowledge: records that a name must not resolve to an entity. Each add or remove is a
// change committed through CommitChange (log row, history row on the entity), so it can be undone and is
// streamed by the change feed like any other change.
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "storage/rocks_store.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {
namespace {

bool Expired(const aka::v1::Negative& negative, absl::Time now) {
  if (!negative.has_expire_time()) return false;
  const int64_t expires = google::protobuf::util::TimeUtil::TimestampToNanoseconds(negative.expire_time());
  return absl::ToUnixNanos(now) >= expires;
}

}  // namespace

absl::StatusOr<std::string> RocksStore::NegativeKey(absl::string_view name, absl::string_view entity_id) const {
  const std::string normalized = options_.normalizer->Normalize(name).normalized;
  if (normalized.empty()) {
    return absl::InvalidArgumentError("negative.name: normalizes to nothing, so no query could match it");
  }
  return EncodeNegativeKey(normalized, entity_id);
}

absl::Status RocksStore::LoadNegativeNames() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), Family(ColumnFamilyId::kNegatives)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(const std::string prefix, NegativePrefixOfKey(ToStringView(it->key())));
    negative_names_.Add(prefix);
  }
  return FromRocksDbStatus(it->status(), "loading the names with negatives");
}

absl::StatusOr<std::optional<aka::v1::Negative>> RocksStore::ReadNegative(absl::string_view key) const {
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   ReadValue(ColumnFamilyId::kNegatives, key, "reading negatives"));
  if (!value.has_value()) return std::nullopt;
  aka::v1::Negative negative;
  if (!negative.ParseFromString(*value)) return absl::DataLossError("a negatives record does not parse");
  return negative;
}

absl::StatusOr<aka::v1::Change> RocksStore::AddNegative(aka::v1::Negative negative, const ChangeContext& context) {
  if (negative.name().empty()) return absl::InvalidArgumentError("negative.name: is empty");
  if (negative.entity_id().empty()) return absl::InvalidArgumentError("negative.entity_id: is empty");
  ASSIGN_OR_RETURN(const std::string key, NegativeKey(negative.name(), negative.entity_id()));
  negative.set_who(context.who);
  *negative.mutable_create_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(absl::Now()));
  if (negative.note().empty()) negative.set_note(context.note);

  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  // Only a live entity: a record against a merged or deleted id could never apply.
  RETURN_IF_ERROR(ReadEntity(negative.entity_id()).status());
  ASSIGN_OR_RETURN(const std::optional<aka::v1::Negative> before, ReadNegative(key));
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_ADD_NEGATIVE;
  meta.context = context;
  meta.negative_before = before.has_value() ? &*before : nullptr;
  meta.negative_after = &negative;
  return CommitChange({}, meta);
}

absl::StatusOr<aka::v1::Change> RocksStore::RemoveNegative(absl::string_view name, absl::string_view entity_id,
                                                           const ChangeContext& context) {
  ASSIGN_OR_RETURN(const std::string key, NegativeKey(name, entity_id));
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(const std::optional<aka::v1::Negative> before, ReadNegative(key));
  if (!before.has_value()) {
    return absl::NotFoundError(absl::StrCat("no negative record for \"", name, "\" and entity ", entity_id));
  }
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_REMOVE_NEGATIVE;
  meta.context = context;
  meta.negative_before = &*before;
  return CommitChange({}, meta);
}

absl::StatusOr<std::vector<aka::v1::Negative>> RocksStore::NegativesFor(absl::string_view name,
                                                                        absl::Time now) const {
  std::vector<aka::v1::Negative> negatives;
  // Most databases have no record at all, and most names none: neither costs a seek (nor, for the first,
  // normalizing the name).
  if (negative_names_.empty()) return negatives;
  const std::string normalized = options_.normalizer->Normalize(name).normalized;
  if (normalized.empty()) return negatives;
  ASSIGN_OR_RETURN(const std::string prefix, EncodeNegativePrefix(normalized));
  if (!negative_names_.MayHave(prefix)) return negatives;
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), Family(ColumnFamilyId::kNegatives)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    aka::v1::Negative negative;
    if (!negative.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError("a negatives record does not parse");
    }
    if (!Expired(negative, now)) negatives.push_back(std::move(negative));
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), "reading negatives"));
  return negatives;
}

}  // namespace aka::storage

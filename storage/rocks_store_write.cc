// RocksStore mutations. Every public mutation reads the stored entity, derives the new one, and hands both
// to ApplyEntityChange / CommitEntityChange, so the server-set fields and the batch contents are decided in
// one place whatever the operation.
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "rocksdb/write_batch.h"
#include "storage/entity_validation.h"
#include "storage/rocks_store.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {
namespace {

using aka::v1::Entity;

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out) {
  const int64_t nanos = absl::ToUnixNanos(time);
  int64_t seconds = nanos / 1000000000;
  int64_t remainder = nanos % 1000000000;
  if (remainder < 0) {  // Timestamp.nanos must be non-negative.
    remainder += 1000000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(remainder));
}

absl::Status CheckExpectedVersion(const Entity& stored, int64_t expected_version) {
  if (expected_version != 0 && expected_version != stored.version()) {
    return absl::FailedPreconditionError(absl::StrCat("entity ", stored.id(), " is at version ", stored.version(),
                                                      ", not ", expected_version));
  }
  return absl::OkStatus();
}

// Puts rows of `updated` that are new or changed and deletes rows of `old` that `updated` lacks, so an
// unchanged row costs nothing (no tombstone, no rewrite).
absl::Status AddRowDifference(rocksdb::ColumnFamilyHandle* family, const RowMap& old_rows,
                              const RowMap& new_rows, rocksdb::WriteBatch* batch) {
  for (const auto& [key, value] : old_rows) {
    if (new_rows.count(key) == 0) {
      RETURN_IF_ERROR(FromRocksDbStatus(batch->Delete(family, key), "building a delete"));
    }
  }
  for (const auto& [key, value] : new_rows) {
    const auto old = old_rows.find(key);
    if (old == old_rows.end() || old->second != value) {
      RETURN_IF_ERROR(FromRocksDbStatus(batch->Put(family, key, value), "building a put"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<std::string>> RocksStore::FindExternalIdHolder(const Entity& entity) const {
  std::optional<std::string> holder;
  std::string holder_pair;
  for (const auto& [key, value] : entity.external_ids()) {
    ASSIGN_OR_RETURN(const std::string row_key, EncodeExternalIdKey(key, value));
    ASSIGN_OR_RETURN(std::optional<std::string> id,
                     ReadValue(ColumnFamilyId::kExternalIds, row_key, "reading external ids"));
    if (!id.has_value()) continue;
    const std::string pair = absl::StrCat(key, "=\"", absl::CHexEscape(value), "\"");
    if (holder.has_value() && *holder != *id) {
      return absl::AlreadyExistsError(absl::StrCat("the external ids name two entities: ", holder_pair,
                                                   " is held by ", *holder, ", ", pair, " by ", *id));
    }
    holder = std::move(id);
    holder_pair = pair;
  }
  return holder;
}

absl::StatusOr<WriteResult> RocksStore::ApplyEntityChange(const Entity* old, Entity updated) {
  const absl::Time now = absl::Now();
  WriteResult result;
  if (old != nullptr) {
    updated.set_id(old->id());
    updated.set_version(old->version());
    *updated.mutable_create_time() = old->create_time();
    *updated.mutable_update_time() = old->update_time();
  } else {
    updated.set_id(FormatEntityId(next_id_));
    updated.set_version(0);
    SetTimestamp(now, updated.mutable_create_time());
    result.created = true;
  }
  // An alias keeps the time the entity first got it; a new one gets now.
  absl::flat_hash_map<std::string, const aka::v1::Alias*> old_aliases;
  if (old != nullptr) {
    for (const aka::v1::Alias& alias : old->aliases()) old_aliases.emplace(alias.name(), &alias);
  }
  for (aka::v1::Alias& alias : *updated.mutable_aliases()) {
    const auto found = old_aliases.find(alias.name());
    if (found != old_aliases.end()) {
      *alias.mutable_added_time() = found->second->added_time();
    } else {
      SetTimestamp(now, alias.mutable_added_time());
    }
  }
  // With version and times copied from the stored entity, any remaining difference is a real change.
  if (old != nullptr && google::protobuf::util::MessageDifferencer::Equals(*old, updated)) {
    result.entity = *old;
    result.unchanged = true;
    return result;
  }

  // Two live entities never share an external id pair: import finds entities again by them.
  for (const auto& [key, value] : updated.external_ids()) {
    ASSIGN_OR_RETURN(const std::string row_key, EncodeExternalIdKey(key, value));
    ASSIGN_OR_RETURN(std::optional<std::string> holder,
                     ReadValue(ColumnFamilyId::kExternalIds, row_key, "reading external ids"));
    if (holder.has_value() && *holder != updated.id()) {
      return absl::AlreadyExistsError(absl::StrCat("entity.external_ids[\"", absl::CHexEscape(key), "\"]: \"",
                                                   absl::CHexEscape(value), "\" is already held by entity ",
                                                   *holder));
    }
  }

  updated.set_version(updated.version() + 1);
  SetTimestamp(now, updated.mutable_update_time());
  RETURN_IF_ERROR(CommitEntityChange(old, &updated));
  result.entity = std::move(updated);
  return result;
}

absl::Status RocksStore::CommitEntityChange(const Entity* old, const Entity* updated) {
  const Entity* any = updated != nullptr ? updated : old;
  ASSIGN_OR_RETURN(const std::string entity_key, EncodeEntityKey(any->id()));
  RowMap old_names, new_names, old_external_ids, new_external_ids;
  if (old != nullptr) {
    ASSIGN_OR_RETURN(old_names, NameRowsOf(*old, *options_.normalizer));
    ASSIGN_OR_RETURN(old_external_ids, ExternalIdRowsOf(*old));
  }
  rocksdb::WriteBatch batch;
  if (updated != nullptr) {
    ASSIGN_OR_RETURN(new_names, NameRowsOf(*updated, *options_.normalizer));
    ASSIGN_OR_RETURN(new_external_ids, ExternalIdRowsOf(*updated));
    RETURN_IF_ERROR(FromRocksDbStatus(
        batch.Put(Family(ColumnFamilyId::kEntities), entity_key, updated->SerializeAsString()), "building a put"));
  } else {
    RETURN_IF_ERROR(
        FromRocksDbStatus(batch.Delete(Family(ColumnFamilyId::kEntities), entity_key), "building a delete"));
  }
  RETURN_IF_ERROR(AddRowDifference(Family(ColumnFamilyId::kNames), old_names, new_names, &batch));
  RETURN_IF_ERROR(AddRowDifference(Family(ColumnFamilyId::kExternalIds), old_external_ids, new_external_ids, &batch));

  uint64_t next_id = next_id_;
  int64_t entity_count = entity_count_;
  if (old == nullptr) {
    ++next_id;
    ++entity_count;
  } else if (updated == nullptr) {
    --entity_count;
  }
  rocksdb::ColumnFamilyHandle* meta = Family(ColumnFamilyId::kMeta);
  if (next_id != next_id_) {
    RETURN_IF_ERROR(FromRocksDbStatus(
        batch.Put(meta, EncodeMetaKey(MetaField::kNextId), EncodeMetaValue(next_id)), "building a put"));
  }
  if (entity_count != entity_count_) {
    RETURN_IF_ERROR(FromRocksDbStatus(
        batch.Put(meta, EncodeMetaKey(MetaField::kEntityCount), EncodeMetaValue(static_cast<uint64_t>(entity_count))),
        "building a put"));
  }
  if (!ever_written_) {
    RETURN_IF_ERROR(FromRocksDbStatus(
        batch.Put(meta, EncodeMetaKey(MetaField::kEverWritten), EncodeMetaValue(1)), "building a put"));
  }
  RETURN_IF_ERROR(Write(&batch, absl::StrCat(updated != nullptr ? "writing" : "deleting", " entity ", any->id())));
  next_id_ = next_id;
  entity_count_ = entity_count;
  ever_written_ = true;
  return absl::OkStatus();
}

absl::StatusOr<WriteResult> RocksStore::UpsertEntity(Entity entity, int64_t expected_version) {
  RETURN_IF_ERROR(ValidateEntity(entity));
  CollapseAliases(&entity);

  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  std::optional<Entity> old;
  if (!entity.id().empty()) {
    ASSIGN_OR_RETURN(old, ReadEntity(entity.id()));
  } else {
    ASSIGN_OR_RETURN(const std::optional<std::string> holder, FindExternalIdHolder(entity));
    if (holder.has_value()) {
      absl::StatusOr<Entity> stored = ReadEntity(*holder);
      if (absl::IsNotFound(stored.status())) {
        return absl::DataLossError(
            absl::StrCat("an external id row points at entity ", *holder, ", which does not exist"));
      }
      RETURN_IF_ERROR(stored.status());
      old = *std::move(stored);
    }
  }
  if (old.has_value()) {
    RETURN_IF_ERROR(CheckExpectedVersion(*old, expected_version));
  } else if (expected_version != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("no entity matches the request, so it cannot be at version ", expected_version));
  }
  return ApplyEntityChange(old.has_value() ? &*old : nullptr, std::move(entity));
}

absl::StatusOr<WriteResult> RocksStore::DeleteEntity(absl::string_view id, int64_t expected_version) {
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(Entity old, ReadEntity(id));
  RETURN_IF_ERROR(CheckExpectedVersion(old, expected_version));
  RETURN_IF_ERROR(CommitEntityChange(&old, nullptr));
  WriteResult result;
  result.entity = std::move(old);
  return result;
}

absl::StatusOr<WriteResult> RocksStore::AddAlias(absl::string_view id, aka::v1::Alias alias,
                                                 int64_t expected_version) {
  RETURN_IF_ERROR(ValidateAlias(alias, "alias"));
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(Entity old, ReadEntity(id));
  RETURN_IF_ERROR(CheckExpectedVersion(old, expected_version));
  Entity updated = old;
  *updated.add_aliases() = std::move(alias);
  // An alias the entity already has (or its canonical name) collapses away, and the change is a no-op.
  CollapseAliases(&updated);
  return ApplyEntityChange(&old, std::move(updated));
}

absl::StatusOr<WriteResult> RocksStore::RemoveAlias(absl::string_view id, absl::string_view name,
                                                    int64_t expected_version) {
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(Entity old, ReadEntity(id));
  RETURN_IF_ERROR(CheckExpectedVersion(old, expected_version));
  Entity updated = old;
  auto* aliases = updated.mutable_aliases();
  for (int i = 0; i < aliases->size(); ++i) {
    if (aliases->Get(i).name() == name) {
      aliases->erase(aliases->begin() + i);
      return ApplyEntityChange(&old, std::move(updated));
    }
  }
  return absl::NotFoundError(absl::StrCat("entity ", id, " has no alias \"", absl::CHexEscape(name), "\""));
}

}  // namespace aka::storage

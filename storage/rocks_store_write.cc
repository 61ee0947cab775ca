// RocksStore mutations. Every public mutation reads the stored entity, derives the new one, and hands both
// to ApplyEntityChange / CommitChange, so the server-set fields and the batch contents (entities, index
// rows, history and log rows, counters) are decided in one place whatever the operation.
#include <algorithm>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "rocksdb/write_batch.h"
#include "storage/change_log.h"
#include "storage/entity_validation.h"
#include "storage/name_postings_merge.h"
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
                     ReadForWrite(ColumnFamilyId::kExternalIds, row_key, "reading external ids"));
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

absl::StatusOr<WriteResult> RocksStore::ApplyEntityChange(const Entity* old, Entity updated, ChangeMeta meta) {
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
      // An authenticated caller asserts the names it adds, whatever the request claims.
      if (!meta.context.who.empty()) alias.set_asserted_by(meta.context.who);
    }
  }
  // With version and times copied from the stored entity, any remaining difference is a real change.
  if (old != nullptr && google::protobuf::util::MessageDifferencer::Equals(*old, updated)) {
    result.entity = *old;
    result.unchanged = true;
    return result;
  }

  RETURN_IF_ERROR(CheckExternalIdsFree(updated));

  updated.set_version(updated.version() + 1);
  SetTimestamp(now, updated.mutable_update_time());
  if (meta.kind == aka::v1::CHANGE_KIND_UNSPECIFIED) {
    meta.kind = old == nullptr ? aka::v1::CHANGE_KIND_CREATE : aka::v1::CHANGE_KIND_UPDATE;
  }
  if (old == nullptr) meta.ids_allocated = 1;
  EntityTransition transition;
  transition.id = updated.id();
  transition.old = old;
  transition.updated = &updated;
  ASSIGN_OR_RETURN(const aka::v1::Change change, CommitChange({transition}, meta));
  result.sequence = change.sequence();
  result.entity = std::move(updated);
  return result;
}

// Two live entities never share an external id pair: import finds entities again by them.
absl::Status RocksStore::CheckExternalIdsFree(const Entity& entity) const {
  for (const auto& [key, value] : entity.external_ids()) {
    ASSIGN_OR_RETURN(const std::string row_key, EncodeExternalIdKey(key, value));
    ASSIGN_OR_RETURN(std::optional<std::string> holder,
                     ReadForWrite(ColumnFamilyId::kExternalIds, row_key, "reading external ids"));
    if (holder.has_value() && *holder != entity.id()) {
      return absl::AlreadyExistsError(absl::StrCat("entity.external_ids[\"", absl::CHexEscape(key), "\"]: \"",
                                                   absl::CHexEscape(value), "\" is already held by entity ",
                                                   *holder));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<aka::v1::Change> RocksStore::CommitChange(const std::vector<EntityTransition>& transitions,
                                                         const ChangeMeta& meta) {
  const absl::Time now = absl::Now();
  aka::v1::Change change;
  change.set_sequence(last_sequence_ + 1);
  SetTimestamp(now, change.mutable_time());
  change.set_who(meta.context.who);
  change.set_kind(meta.kind);
  change.set_note(meta.context.note);
  change.set_undoes(meta.undoes);

  rocksdb::WriteBatch batch;
  // Index rows of all transitions are diffed together: an external id moving from a source to the target
  // of a merge is one key deleted by one entity and put by the other, and must end up put.
  NameDerivedRows old_names, new_names;
  RowMap old_external_ids, new_external_ids;
  // Token documents of the old names go out and those of the new ones come in; identical ones cancel.
  TokenIndexDelta token_delta;
  int64_t entity_count = entity_count_;
  for (const EntityTransition& transition : transitions) {
    ASSIGN_OR_RETURN(const std::string entity_key, EncodeEntityKey(transition.id));
    aka::v1::EntityChange* entity_change = change.add_entities();
    entity_change->set_entity_id(transition.id);
    entity_change->set_redirect_before(transition.redirect_before);
    entity_change->set_redirect_after(transition.redirect_after);
    if (transition.old != nullptr) {
      *entity_change->mutable_before() = *transition.old;
      ASSIGN_OR_RETURN(NameDerivedRows rows, NameDerivedRowsOf(*transition.old, *options_.normalizer));
      ASSIGN_OR_RETURN(RowMap external_ids, ExternalIdRowsOf(*transition.old));
      token_delta.Remove(rows.documents);
      old_names.names.merge(rows.names);
      old_names.tokens.merge(rows.tokens);
      old_external_ids.merge(external_ids);
    }
    if (transition.updated != nullptr) {
      *entity_change->mutable_after() = *transition.updated;
      ASSIGN_OR_RETURN(NameDerivedRows rows, NameDerivedRowsOf(*transition.updated, *options_.normalizer));
      ASSIGN_OR_RETURN(RowMap external_ids, ExternalIdRowsOf(*transition.updated));
      token_delta.Add(rows.documents);
      new_names.names.merge(rows.names);
      new_names.tokens.merge(rows.tokens);
      new_external_ids.merge(external_ids);
      RETURN_IF_ERROR(FromRocksDbStatus(batch.Put(Family(ColumnFamilyId::kEntities), entity_key,
                                                  SerializeEntityRecord(*transition.updated)),
                                        "building a put"));
      if (transition.old == nullptr) ++entity_count;
    } else if (transition.old != nullptr) {
      RETURN_IF_ERROR(
          FromRocksDbStatus(batch.Delete(Family(ColumnFamilyId::kEntities), entity_key), "building a delete"));
      --entity_count;
    }
    if (transition.redirect_before != transition.redirect_after) {
      ASSIGN_OR_RETURN(const std::string redirect_key, EncodeRedirectKey(transition.id));
      rocksdb::ColumnFamilyHandle* redirects = Family(ColumnFamilyId::kRedirects);
      RETURN_IF_ERROR(FromRocksDbStatus(transition.redirect_after.empty()
                                            ? batch.Delete(redirects, redirect_key)
                                            : batch.Put(redirects, redirect_key, transition.redirect_after),
                                        "building a redirect"));
    }
  }
  RETURN_IF_ERROR(AddNamePostingOperands(Family(ColumnFamilyId::kNames), old_names.names, new_names.names, &batch));
  RETURN_IF_ERROR(AddRowDifference(Family(ColumnFamilyId::kTokens), old_names.tokens, new_names.tokens, &batch));
  RETURN_IF_ERROR(AddRowDifference(Family(ColumnFamilyId::kExternalIds), old_external_ids, new_external_ids, &batch));
  // The record's name as negative_names_ knows it: added before the write, removed after (negative_names.h).
  std::string negative_prefix;
  if (meta.negative_before != nullptr || meta.negative_after != nullptr) {
    const aka::v1::Negative& any = meta.negative_after != nullptr ? *meta.negative_after : *meta.negative_before;
    ASSIGN_OR_RETURN(const std::string negative_key, NegativeKey(any.name(), any.entity_id()));
    ASSIGN_OR_RETURN(negative_prefix, NegativePrefixOfKey(negative_key));
    if (meta.negative_after != nullptr) negative_names_.Add(negative_prefix);
    rocksdb::ColumnFamilyHandle* negatives = Family(ColumnFamilyId::kNegatives);
    if (meta.negative_after != nullptr) {
      *change.mutable_negative_after() = *meta.negative_after;
      RETURN_IF_ERROR(FromRocksDbStatus(batch.Put(negatives, negative_key, meta.negative_after->SerializeAsString()),
                                        "building a negatives put"));
    } else {
      RETURN_IF_ERROR(FromRocksDbStatus(batch.Delete(negatives, negative_key), "building a negatives delete"));
    }
    if (meta.negative_before != nullptr) *change.mutable_negative_before() = *meta.negative_before;
  }
  RETURN_IF_ERROR(AddChangeRows(change, Family(ColumnFamilyId::kHistory), Family(ColumnFamilyId::kLog), &batch));

  const uint64_t next_id = next_id_ + meta.ids_allocated;
  rocksdb::ColumnFamilyHandle* meta_family = Family(ColumnFamilyId::kMeta);
  if (next_id != next_id_) {
    RETURN_IF_ERROR(FromRocksDbStatus(
        batch.Put(meta_family, EncodeMetaKey(MetaField::kNextId), EncodeMetaValue(next_id)), "building a put"));
  }
  if (entity_count != entity_count_) {
    RETURN_IF_ERROR(FromRocksDbStatus(batch.Put(meta_family, EncodeMetaKey(MetaField::kEntityCount),
                                                EncodeMetaValue(static_cast<uint64_t>(entity_count))),
                                      "building a put"));
  }
  if (!ever_written_) {
    RETURN_IF_ERROR(FromRocksDbStatus(
        batch.Put(meta_family, EncodeMetaKey(MetaField::kEverWritten), EncodeMetaValue(1)), "building a put"));
  }
  RETURN_IF_ERROR(FromRocksDbStatus(batch.Put(meta_family, EncodeMetaKey(MetaField::kLastSequence),
                                              EncodeMetaValue(static_cast<uint64_t>(change.sequence()))),
                                    "building a put"));
  RETURN_IF_ERROR(WriteOrStage(&batch, token_delta, transitions, absl::StrCat("committing change ", change.sequence())));
  if (meta.negative_before != nullptr) negative_names_.Remove(negative_prefix);
  next_id_ = next_id;
  entity_count_ = entity_count;
  ever_written_ = true;
  last_sequence_ = change.sequence();
  if (bulk_ == nullptr) PublishCommitted(token_delta);
  return change;
}

void RocksStore::PublishCommitted(const TokenIndexDelta& token_delta) {
  token_delta.ApplyTo(&token_statistics_);
  absl::MutexLock lock(&published_mu_);
  published_sequence_ = last_sequence_;
}

absl::StatusOr<WriteResult> RocksStore::UpsertEntity(Entity entity, int64_t expected_version,
                                                     const ChangeContext& context) {
  RETURN_IF_ERROR(ValidateEntity(entity));
  CollapseAliases(&entity);

  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  return UpsertLocked(std::move(entity), expected_version, context);
}

absl::StatusOr<WriteResult> RocksStore::UpsertLocked(Entity entity, int64_t expected_version,
                                                     const ChangeContext& context) {
  std::optional<Entity> old;
  if (!entity.id().empty()) {
    ASSIGN_OR_RETURN(old, ReadEntityForWrite(entity.id()));
  } else {
    ASSIGN_OR_RETURN(const std::optional<std::string> holder, FindExternalIdHolder(entity));
    if (holder.has_value()) {
      absl::StatusOr<Entity> stored = ReadEntityForWrite(*holder);
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
  ChangeMeta meta;
  meta.context = context;
  return ApplyEntityChange(old.has_value() ? &*old : nullptr, std::move(entity), std::move(meta));
}

absl::StatusOr<WriteResult> RocksStore::DeleteEntity(absl::string_view id, int64_t expected_version,
                                                     const ChangeContext& context) {
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(Entity old, ReadEntity(id));
  RETURN_IF_ERROR(CheckExpectedVersion(old, expected_version));
  EntityTransition transition;
  transition.id = old.id();
  transition.old = &old;
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_DELETE;
  meta.context = context;
  ASSIGN_OR_RETURN(const aka::v1::Change change, CommitChange({transition}, meta));
  WriteResult result;
  result.sequence = change.sequence();
  result.entity = std::move(old);
  return result;
}

absl::StatusOr<WriteResult> RocksStore::AddAlias(absl::string_view id, aka::v1::Alias alias,
                                                 const AddAliasOptions& options) {
  RETURN_IF_ERROR(ValidateAlias(alias, "alias"));
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(Entity old, ReadEntity(id));
  RETURN_IF_ERROR(CheckExpectedVersion(old, options.expected_version));
  // Re-adding a name the entity already has stays an idempotent no-op even when the name is shared.
  const bool has_name = old.canonical_name() == alias.name() ||
                        std::any_of(old.aliases().begin(), old.aliases().end(),
                                    [&alias](const aka::v1::Alias& a) { return a.name() == alias.name(); });
  if (!options.allow_shared && !has_name) RETURN_IF_ERROR(CheckNotShared(old.id(), alias.name()));
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_ADD_ALIAS;
  meta.context.who = options.who.empty() ? alias.asserted_by() : options.who;
  Entity updated = old;
  *updated.add_aliases() = std::move(alias);
  // An alias the entity already has (or its canonical name) collapses away, and the change is a no-op.
  CollapseAliases(&updated);
  return ApplyEntityChange(&old, std::move(updated), std::move(meta));
}

absl::Status RocksStore::CheckNotShared(absl::string_view id, absl::string_view alias_name) const {
  const std::string normalized = options_.normalizer->Normalize(alias_name).normalized;
  if (normalized.empty()) return absl::OkStatus();  // Not indexed, so it cannot clash.
  std::vector<std::vector<IndexHit>> hits;
  RETURN_IF_ERROR(LookupKeysLocked({core::NameKey{core::KeyKind::kNormalized, normalized}}, &hits));
  for (const IndexHit& hit : hits.front()) {
    if (hit.entity_id != id) {
      return absl::AlreadyExistsError(absl::StrCat("alias \"", absl::CHexEscape(alias_name), "\": entity ",
                                                   hit.entity_id,
                                                   " already has this name; allow a shared alias to add it anyway"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<WriteResult> RocksStore::RemoveAlias(absl::string_view id, absl::string_view name,
                                                    int64_t expected_version, const ChangeContext& context) {
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
      ChangeMeta meta;
      meta.kind = aka::v1::CHANGE_KIND_REMOVE_ALIAS;
      meta.context = context;
      return ApplyEntityChange(&old, std::move(updated), std::move(meta));
    }
  }
  return absl::NotFoundError(absl::StrCat("entity ", id, " has no alias \"", absl::CHexEscape(name), "\""));
}

}  // namespace aka::storage

// RocksStore::ImportEntity: Import's write. An exported entity whose id the database does not have is
// created with exactly its exported id, version, times and aliases, so that export -> import into an empty
// database -> export gives the same bytes (docs/CURATION.md, "Export and import"). A record of an entity a
// curator merged away (by its id, or by an external id its pre-merge record had) only adds the names its
// merge target lacks (docs/CURATION.md, "Re-imports after a merge").
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/timestamp.pb.h"
#include "storage/change_log.h"
#include "storage/entity_validation.h"
#include "storage/rocks_store.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {
namespace {

using aka::v1::Entity;

// The number of an id as FormatEntityId writes it ("E00000042" -> 42). Only that exact spelling is accepted:
// "E42" would name the same number under a second id.
absl::StatusOr<uint64_t> ParseEntityNumber(const std::string& id) {
  uint64_t number = 0;
  if (id.size() < 2 || id[0] != 'E' || !absl::SimpleAtoi(absl::string_view(id).substr(1), &number) ||
      !absl::ascii_isdigit(static_cast<unsigned char>(id[1])) || FormatEntityId(number) != id) {
    return absl::InvalidArgumentError(absl::StrCat("entity.id: \"", id,
                                                   "\" is not an aka id (\"E\" and 8 or more digits, as exported)"));
  }
  return number;
}

void SetNow(absl::Time now, google::protobuf::Timestamp* out) {
  const absl::Duration since_epoch = now - absl::UnixEpoch();
  out->set_seconds(absl::ToInt64Seconds(since_epoch));
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(since_epoch % absl::Seconds(1))));
}

// Fills what an export always has but a hand-written line may lack, as a new entity would get it.
absl::Status CompleteExportedFields(absl::Time now, Entity* entity) {
  if (entity->version() < 0) {
    return absl::InvalidArgumentError(absl::StrCat("entity.version: must not be negative; got ", entity->version()));
  }
  if (entity->version() == 0) entity->set_version(1);
  if (!entity->has_create_time()) SetNow(now, entity->mutable_create_time());
  if (!entity->has_update_time()) *entity->mutable_update_time() = entity->create_time();
  for (aka::v1::Alias& alias : *entity->mutable_aliases()) {
    if (!alias.has_added_time()) *alias.mutable_added_time() = entity->create_time();
  }
  return absl::OkStatus();
}

// The source and reference a merge gives a merged entity's canonical name on the target.
constexpr char kMergeSource[] = "merge";

bool SharesExternalId(const Entity& a, const Entity& b) {
  for (const auto& [key, value] : a.external_ids()) {
    const auto found = b.external_ids().find(key);
    if (found != b.external_ids().end() && found->second == value) return true;
  }
  return false;
}

// Under an authenticated importer every name it adds is asserted by it (ApplyEntityChange); a name the entity
// already had keeps who asserted it (docs/CURATION.md, "Who"), so a repeated import is unchanged.
void KeepStoredAssertions(const Entity& stored, const ChangeContext& context, Entity* record) {
  if (context.who.empty()) return;
  absl::flat_hash_map<std::string, const aka::v1::Alias*> by_name;
  for (const aka::v1::Alias& alias : stored.aliases()) by_name.emplace(alias.name(), &alias);
  for (aka::v1::Alias& alias : *record->mutable_aliases()) {
    const auto found = by_name.find(alias.name());
    if (found != by_name.end()) alias.set_asserted_by(found->second->asserted_by());
  }
}

}  // namespace

absl::StatusOr<std::optional<Entity>> RocksStore::RecordBeforeMerge(const std::string& merged_id) const {
  ASSIGN_OR_RETURN(const std::string prefix, EncodeHistoryPrefix(merged_id));
  std::vector<uint64_t> sequences;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Family(ColumnFamilyId::kHistory)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    ASSIGN_OR_RETURN(const uint64_t sequence, DecodeHistoryKeySequence(ToStringView(it->key())));
    sequences.push_back(sequence);
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), absl::StrCat("reading the history of ", merged_id)));
  // Newest first: the change that made the id a redirect is its last one that left it redirected.
  for (auto sequence = sequences.rbegin(); sequence != sequences.rend(); ++sequence) {
    ASSIGN_OR_RETURN(const std::optional<std::string> record,
                     ReadValue(ColumnFamilyId::kLog, EncodeLogKey(*sequence), "reading the log"));
    if (!record.has_value()) continue;
    aka::v1::Change change;
    RETURN_IF_ERROR(ParseChangeRecord(*record, &change));
    for (const aka::v1::EntityChange& part : change.entities()) {
      if (part.entity_id() == merged_id && part.has_before() && !part.redirect_after().empty()) return part.before();
    }
  }
  return std::nullopt;
}

bool RocksStore::CarriesMerge(const Entity& entity) {
  for (const aka::v1::Alias& alias : entity.aliases()) {
    if (alias.source() == kMergeSource && !alias.reference().empty()) return true;
  }
  return false;
}

absl::StatusOr<std::optional<std::string>> RocksStore::FindMergedRecord(const Entity& record) const {
  if (record.external_ids().empty()) return std::nullopt;
  // Live entities that may carry the merge: those holding the record's external ids (a merge moves the ids
  // the target lacks) and those with its canonical name (a merge makes it an alias of the target).
  absl::btree_set<std::string> holders;
  for (const auto& [key, value] : record.external_ids()) {
    ASSIGN_OR_RETURN(const std::string row_key, EncodeExternalIdKey(key, value));
    ASSIGN_OR_RETURN(std::optional<std::string> holder,
                     ReadForWrite(ColumnFamilyId::kExternalIds, row_key, "reading external ids"));
    if (holder.has_value()) holders.insert(*std::move(holder));
  }
  const std::string normalized = options_.normalizer->Normalize(record.canonical_name()).normalized;
  absl::btree_set<std::string> name_holders;
  if (!normalized.empty()) {
    std::vector<std::vector<IndexHit>> hits;
    RETURN_IF_ERROR(LookupKeysLocked({core::NameKey{core::KeyKind::kNormalized, normalized}}, &hits));
    for (IndexHit& hit : hits.front()) name_holders.insert(std::move(hit.entity_id));
  }
  // Inside a bulk call the names rows read above are those from before the call.
  RETURN_IF_ERROR(RestageNameHolders(normalized, &name_holders));
  holders.insert(name_holders.begin(), name_holders.end());
  absl::flat_hash_set<std::string> checked;
  for (const std::string& holder : holders) {
    absl::StatusOr<Entity> entity = ReadEntityForWrite(holder);
    if (absl::IsNotFound(entity.status())) continue;
    RETURN_IF_ERROR(entity.status());
    for (const aka::v1::Alias& alias : entity->aliases()) {
      if (alias.source() != kMergeSource || alias.reference().empty() || !checked.insert(alias.reference()).second) {
        continue;
      }
      ASSIGN_OR_RETURN(const std::string redirect, ReadRedirect(alias.reference()));
      if (redirect.empty()) continue;  // Merge undone: the id is live again (or was never merged).
      ASSIGN_OR_RETURN(const std::optional<Entity> before, RecordBeforeMerge(alias.reference()));
      if (before.has_value() && SharesExternalId(*before, record)) return alias.reference();
    }
  }
  return std::nullopt;
}

absl::Status RocksStore::KeepMergedParts(const Entity& stored, Entity* record) const {
  bool carries_merge = false;
  for (const aka::v1::Alias& alias : stored.aliases()) {
    if (alias.source() != kMergeSource || alias.reference().empty()) continue;
    ASSIGN_OR_RETURN(const std::string redirect, ReadRedirect(alias.reference()));
    if (!redirect.empty()) {
      carries_merge = true;
      break;
    }
  }
  if (!carries_merge) return absl::OkStatus();
  // Which names, ids and attributes came with the merge cannot be told from the target's own, so nothing
  // stored goes: the record's values win on its keys, and the rest is kept in the stored order (a repeated
  // import is then unchanged).
  absl::flat_hash_set<std::string> names = {record->canonical_name()};
  for (const aka::v1::Alias& alias : record->aliases()) names.insert(alias.name());
  for (const aka::v1::Alias& alias : stored.aliases()) {
    if (names.insert(alias.name()).second) *record->add_aliases() = alias;
  }
  for (const auto& [key, value] : stored.external_ids()) record->mutable_external_ids()->insert({key, value});
  for (const auto& [key, value] : stored.attributes()) record->mutable_attributes()->insert({key, value});
  return absl::OkStatus();
}

absl::StatusOr<WriteResult> RocksStore::ImportIntoMergeTarget(const std::string& merged_id, const Entity& record,
                                                              const ChangeContext& context) {
  ASSIGN_OR_RETURN(ResolvedEntity target, FollowRedirectsLocked(merged_id));
  // Bulk calls stage their writes: the target as an earlier record of the same call left it.
  ASSIGN_OR_RETURN(target.entity, ReadEntityForWrite(target.entity.id()));
  Entity updated = target.entity;
  absl::flat_hash_set<std::string> names = {updated.canonical_name()};
  for (const aka::v1::Alias& alias : updated.aliases()) names.insert(alias.name());
  if (names.insert(record.canonical_name()).second) {
    // As the merge would have recorded it.
    aka::v1::Alias* canonical = updated.add_aliases();
    canonical->set_name(record.canonical_name());
    canonical->set_source(kMergeSource);
    canonical->set_reference(merged_id);
    canonical->set_asserted_by(context.who);
    canonical->set_kind(aka::v1::AKA);
  }
  for (const aka::v1::Alias& alias : record.aliases()) {
    if (!names.insert(alias.name()).second) continue;
    aka::v1::Alias* added = updated.add_aliases();
    *added = alias;  // With its provenance; ApplyEntityChange sets added_time (and asserted_by for a caller).
    added->clear_added_time();
  }
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_UPDATE;
  meta.context = context;
  if (meta.context.note.empty()) {
    meta.context.note = absl::StrCat("import: record of ", merged_id, ", merged into ", target.entity.id());
  }
  ASSIGN_OR_RETURN(WriteResult result, ApplyEntityChange(&target.entity, std::move(updated), std::move(meta)));
  result.redirected_from = merged_id;
  return result;
}

absl::StatusOr<std::optional<uint64_t>> RocksStore::PrepareImport(Entity* entity) {
  RETURN_IF_ERROR(ValidateEntity(*entity));
  CollapseAliases(entity);
  if (entity->id().empty()) return std::nullopt;
  return ParseEntityNumber(entity->id());
}

absl::StatusOr<WriteResult> RocksStore::ImportEntity(Entity entity, const ChangeContext& context) {
  ASSIGN_OR_RETURN(const std::optional<uint64_t> number, PrepareImport(&entity));
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  return ImportLocked(std::move(entity), number, context);
}

absl::StatusOr<WriteResult> RocksStore::ImportLocked(Entity entity, std::optional<uint64_t> number,
                                                     const ChangeContext& context) {
  if (!number.has_value()) {
    // A record of an entity a curator merged away goes to the merge target, never back to a new entity.
    ASSIGN_OR_RETURN(const std::optional<std::string> merged, FindMergedRecord(entity));
    if (merged.has_value()) return ImportIntoMergeTarget(*merged, entity, context);
    ASSIGN_OR_RETURN(const std::optional<std::string> holder, FindExternalIdHolder(entity));
    if (holder.has_value()) {
      absl::StatusOr<Entity> stored = ReadEntityForWrite(*holder);
      if (stored.ok()) {
        RETURN_IF_ERROR(KeepMergedParts(*stored, &entity));
        KeepStoredAssertions(*stored, context, &entity);
      }
    }
    return UpsertLocked(std::move(entity), 0, context);
  }
  const absl::StatusOr<Entity> stored = ReadEntityForWrite(entity.id());
  if (stored.ok()) {
    RETURN_IF_ERROR(KeepMergedParts(*stored, &entity));
    KeepStoredAssertions(*stored, context, &entity);
    return UpsertLocked(std::move(entity), 0, context);
  }
  if (!absl::IsNotFound(stored.status())) return stored.status();
  ASSIGN_OR_RETURN(const std::string redirect, ReadRedirect(entity.id()));
  if (!redirect.empty()) return ImportIntoMergeTarget(entity.id(), entity, context);

  RETURN_IF_ERROR(CompleteExportedFields(absl::Now(), &entity));
  RETURN_IF_ERROR(CheckExternalIdsFree(entity));
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_CREATE;
  meta.context = context;
  // The counter moves past the id (never back), so a later create can never be handed this id.
  meta.ids_allocated = *number >= next_id_ ? *number + 1 - next_id_ : 0;
  EntityTransition transition;
  transition.id = entity.id();
  transition.updated = &entity;
  ASSIGN_OR_RETURN(const aka::v1::Change change, CommitChange({transition}, meta));
  WriteResult result;
  result.created = true;
  result.sequence = change.sequence();
  result.entity = std::move(entity);
  return result;
}

}  // namespace aka::storage

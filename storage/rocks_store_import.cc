// RocksStore::ImportEntity: Import's write. An exported entity whose id the database does not have is
// created with exactly its exported id, version, times and aliases, so that export -> import into an empty
// database -> export gives the same bytes (docs/CURATION.md, "Export and import").
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/timestamp.pb.h"
#include "storage/entity_validation.h"
#include "storage/rocks_store.h"

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

}  // namespace

absl::StatusOr<WriteResult> RocksStore::ImportEntity(Entity entity, const ChangeContext& context) {
  RETURN_IF_ERROR(ValidateEntity(entity));
  CollapseAliases(&entity);
  std::optional<uint64_t> number;
  if (!entity.id().empty()) {
    ASSIGN_OR_RETURN(number, ParseEntityNumber(entity.id()));
  }

  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  if (!number.has_value()) return UpsertLocked(std::move(entity), 0, context);
  const absl::StatusOr<Entity> stored = ReadEntity(entity.id());
  if (stored.ok()) return UpsertLocked(std::move(entity), 0, context);
  if (!absl::IsNotFound(stored.status())) return stored.status();
  ASSIGN_OR_RETURN(const std::string redirect, ReadRedirect(entity.id()));
  if (!redirect.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("entity.id: ", entity.id(), " was merged into ", redirect,
                                                      "; import it into that entity or drop the id"));
  }

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

// Checks and tidies an entity received from a caller before the store writes it. Kept apart from the store
// so the rules read in one place and are tested without a database.
#ifndef AKA_STORAGE_ENTITY_VALIDATION_H_
#define AKA_STORAGE_ENTITY_VALIDATION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "aka/v1/entity.pb.h"

namespace aka::storage {

// OK if `type` is non-empty and matches [a-z][a-z0-9_]*; else INVALID_ARGUMENT prefixed with `field`.
absl::Status ValidateEntityType(absl::string_view type, absl::string_view field = "entity.type");

// Validates an alias's name with core::ValidateName; `field` names the alias ("entity.aliases[3]"), the
// message then reads "entity.aliases[3].name: ...".
absl::Status ValidateAlias(const aka::v1::Alias& alias, absl::string_view field);

// Validates the caller-set fields of `entity`; INVALID_ARGUMENT naming the first bad field:
// type, canonical_name, every alias name, every external id key and value (non-empty, no NUL byte).
// Server-set fields (id, version, times) are not checked.
absl::Status ValidateEntity(const aka::v1::Entity& entity);

// Collapses aliases with the same exact name (the first is kept) and drops aliases equal to the canonical
// name, keeping the order of the rest. Index rows refer to aliases by position, so this runs before ids and
// rows are computed.
void CollapseAliases(aka::v1::Entity* entity);

}  // namespace aka::storage

#endif  // AKA_STORAGE_ENTITY_VALIDATION_H_

#include "storage/entity_validation.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "core/name_validation.h"

namespace aka::storage {
namespace {

bool IsLowerOrDigitOrUnderscore(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

absl::Status ValidateExternalIdPart(absl::string_view value, absl::string_view field) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": is empty"));
  if (value.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": contains a NUL byte"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateEntityType(absl::string_view type, absl::string_view field) {
  if (type.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": is empty"));
  if (type[0] < 'a' || type[0] > 'z') {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", absl::CHexEscape(type), "\" must start with a lower-case letter a-z"));
  }
  for (size_t i = 1; i < type.size(); ++i) {
    if (!IsLowerOrDigitOrUnderscore(type[i])) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": \"", absl::CHexEscape(type),
                                                     "\" may hold only a-z, 0-9 and '_' (byte ", i, ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateAlias(const aka::v1::Alias& alias, absl::string_view field) {
  return core::ValidateName(alias.name(), absl::StrCat(field, ".name"));
}

absl::Status ValidateEntity(const aka::v1::Entity& entity) {
  RETURN_IF_ERROR(ValidateEntityType(entity.type()));
  RETURN_IF_ERROR(core::ValidateName(entity.canonical_name(), "entity.canonical_name"));
  for (int i = 0; i < entity.aliases_size(); ++i) {
    RETURN_IF_ERROR(ValidateAlias(entity.aliases(i), absl::StrCat("entity.aliases[", i, "]")));
  }
  for (const auto& [key, value] : entity.external_ids()) {
    const std::string field = absl::StrCat("entity.external_ids[\"", absl::CHexEscape(key), "\"]");
    RETURN_IF_ERROR(ValidateExternalIdPart(key, absl::StrCat(field, " key")));
    RETURN_IF_ERROR(ValidateExternalIdPart(value, field));
  }
  return absl::OkStatus();
}

void CollapseAliases(aka::v1::Entity* entity) {
  absl::flat_hash_set<std::string> seen = {entity->canonical_name()};
  auto* aliases = entity->mutable_aliases();
  int kept = 0;
  for (int i = 0; i < aliases->size(); ++i) {
    if (!seen.insert(aliases->Get(i).name()).second) continue;
    if (kept != i) aliases->SwapElements(kept, i);
    ++kept;
  }
  aliases->DeleteSubrange(kept, aliases->size() - kept);
}

}  // namespace aka::storage

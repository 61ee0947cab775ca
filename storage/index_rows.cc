#include "storage/index_rows.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/status_macros.h"
#include "core/fuzzy_keys.h"
#include "core/name_keys.h"
#include "storage/keys.h"

namespace aka::storage {
namespace {

absl::Status AddNameRows(absl::string_view entity_id, absl::string_view name, int32_t alias_index,
                         const core::Normalizer& normalizer, absl::flat_hash_set<std::string>* forms,
                         NameDerivedRows* rows) {
  const core::NormalizedName normalized = normalizer.Normalize(name);
  if (normalized.normalized.empty()) return absl::OkStatus();
  const std::string value = EncodeNameRowValue(alias_index, name);
  std::vector<core::NameKey> keys = core::IndexKeys(normalized);
  for (core::NameKey& key : core::SkeletonIndexKeys(normalized)) keys.push_back(std::move(key));
  for (const core::NameKey& key : keys) {
    ASSIGN_OR_RETURN(std::string row_key, EncodeNameRowKey(key, entity_id));
    // emplace keeps an existing row: the earlier (stronger) name owns a shared key.
    rows->names.emplace(std::move(row_key), value);
  }
  for (const std::string& token : normalized.tokens) {
    if (!core::IsFuzzyKeyToken(token)) continue;
    ASSIGN_OR_RETURN(std::string row_key, EncodeTokenRowKey(token, entity_id));
    rows->tokens.emplace(std::move(row_key), value);
  }
  // Spellings that normalize alike ("APT31", "apt31") are one document: counting both would make an
  // entity's own tokens look common.
  if (forms->insert(normalized.normalized).second) {
    TokenDocument document = normalized.tokens;
    std::sort(document.begin(), document.end());
    document.erase(std::unique(document.begin(), document.end()), document.end());
    rows->documents.push_back(std::move(document));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NameDerivedRows> NameDerivedRowsOf(const aka::v1::Entity& entity,
                                                  const core::Normalizer& normalizer) {
  NameDerivedRows rows;
  absl::flat_hash_set<std::string> forms;
  RETURN_IF_ERROR(AddNameRows(entity.id(), entity.canonical_name(), -1, normalizer, &forms, &rows));
  for (int i = 0; i < entity.aliases_size(); ++i) {
    RETURN_IF_ERROR(AddNameRows(entity.id(), entity.aliases(i).name(), i, normalizer, &forms, &rows));
  }
  return rows;
}

absl::StatusOr<RowMap> NameRowsOf(const aka::v1::Entity& entity, const core::Normalizer& normalizer) {
  ASSIGN_OR_RETURN(NameDerivedRows rows, NameDerivedRowsOf(entity, normalizer));
  return std::move(rows.names);
}

absl::StatusOr<RowMap> ExternalIdRowsOf(const aka::v1::Entity& entity) {
  RowMap rows;
  for (const auto& [key, value] : entity.external_ids()) {
    ASSIGN_OR_RETURN(std::string row_key, EncodeExternalIdKey(key, value));
    rows.emplace(std::move(row_key), entity.id());
  }
  return rows;
}

absl::StatusOr<RowMap> FuzzyRowsOfToken(const std::string& token) {
  RowMap rows;
  for (const std::string& key : core::FuzzyTokenKeys(token)) {
    ASSIGN_OR_RETURN(std::string row_key, EncodeFuzzyRowKey(key, token));
    rows.emplace(std::move(row_key), std::string());
  }
  return rows;
}

}  // namespace aka::storage

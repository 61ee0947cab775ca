#include "storage/index_rows.h"

#include <cstdint>
#include <utility>

#include "common/status_macros.h"
#include "core/name_keys.h"
#include "storage/keys.h"

namespace aka::storage {
namespace {

absl::Status AddNameRows(absl::string_view entity_id, absl::string_view name, int32_t alias_index,
                         const core::Normalizer& normalizer, RowMap* rows) {
  for (const core::NameKey& key : core::IndexKeys(normalizer.Normalize(name))) {
    ASSIGN_OR_RETURN(std::string row_key, EncodeNameRowKey(key, entity_id));
    // emplace keeps an existing row: the earlier (stronger) name owns a shared key.
    rows->emplace(std::move(row_key), EncodeNameRowValue(alias_index, name));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RowMap> NameRowsOf(const aka::v1::Entity& entity, const core::Normalizer& normalizer) {
  RowMap rows;
  RETURN_IF_ERROR(AddNameRows(entity.id(), entity.canonical_name(), -1, normalizer, &rows));
  for (int i = 0; i < entity.aliases_size(); ++i) {
    RETURN_IF_ERROR(AddNameRows(entity.id(), entity.aliases(i).name(), i, normalizer, &rows));
  }
  return rows;
}

absl::StatusOr<RowMap> ExternalIdRowsOf(const aka::v1::Entity& entity) {
  RowMap rows;
  for (const auto& [key, value] : entity.external_ids()) {
    ASSIGN_OR_RETURN(std::string row_key, EncodeExternalIdKey(key, value));
    rows.emplace(std::move(row_key), entity.id());
  }
  return rows;
}

}  // namespace aka::storage

// The index rows an entity implies: its `names`, `tokens` and `external_ids` rows and the token documents
// it contributes to `token_stats` (formats in keys.h). The store writes the difference between an entity's
// old and new rows, rebuilds them on reindex, and the verifier compares them with what is on disk, so all
// three derive them here and cannot drift apart.
#ifndef AKA_STORAGE_INDEX_ROWS_H_
#define AKA_STORAGE_INDEX_ROWS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "aka/v1/entity.pb.h"
#include "core/normalizer.h"

namespace aka::storage {

// Row key -> row value, in key order (the order RocksDB prefers for a batch).
using RowMap = std::map<std::string, std::string>;

// One indexed name's distinct tokens, sorted: what core::TokenStatistics counts as one document.
using TokenDocument = std::vector<std::string>;

// Everything the name-derived families hold for one entity. Built with one Normalize call per name.
struct NameDerivedRows {
  // names rows: one per (index key, entity), keys from core::IndexKeys and core::SkeletonIndexKeys.
  RowMap names;
  // tokens rows: one per (distinctive token, entity), tokens with core::IsFuzzyKeyToken.
  RowMap tokens;
  // One document per distinct non-empty normalized form among the canonical name and aliases.
  std::vector<TokenDocument> documents;
};

// The rows of `entity` for the canonical name (alias_index -1) and each alias in order. When two names share
// a key or a token, the first one keeps the row. Names that normalize to nothing get no rows. Fails
// (INVALID_ARGUMENT) only if a key or the id cannot be encoded, which validated entities never cause.
// REQUIRES: entity.id() is set.
absl::StatusOr<NameDerivedRows> NameDerivedRowsOf(const aka::v1::Entity& entity,
                                                  const core::Normalizer& normalizer);

// NameDerivedRowsOf(entity, normalizer).names.
absl::StatusOr<RowMap> NameRowsOf(const aka::v1::Entity& entity, const core::Normalizer& normalizer);

// One row per external id pair, pointing at entity.id(). REQUIRES: entity.id() is set.
absl::StatusOr<RowMap> ExternalIdRowsOf(const aka::v1::Entity& entity);

// The fuzzy rows of one token: one per key of core::FuzzyTokenKeys(token), all with empty values. Empty for
// tokens without fuzzy keys.
absl::StatusOr<RowMap> FuzzyRowsOfToken(const std::string& token);

}  // namespace aka::storage

#endif  // AKA_STORAGE_INDEX_ROWS_H_

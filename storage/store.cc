// Defaults of the optional Store methods, so that a Store written before the token and fuzzy index (a test
// double) still builds; RocksStore overrides all of them.
#include "storage/store.h"

namespace aka::storage {

absl::StatusOr<bool> Store::LookupToken(absl::string_view token, size_t max_hits,
                                        std::vector<IndexHit>* hits) const {
  return absl::UnimplementedError("this store has no token index");
}

absl::Status Store::LookupFuzzyKeys(const std::vector<std::string>& deletion_keys,
                                    std::vector<std::string>* tokens) const {
  return absl::UnimplementedError("this store has no fuzzy index");
}

const core::TokenStatistics* Store::token_statistics() const { return nullptr; }

absl::StatusOr<StoreStats> Store::GetStats() const { return StoreStats(); }

absl::StatusOr<BackupDescription> Store::CreateBackup(const std::string& backup_dir) {
  return absl::UnimplementedError("this store cannot make backups");
}

absl::StatusOr<std::vector<std::string>> Store::FindIndexProblems() const {
  return absl::UnimplementedError("this store cannot verify its index");
}

absl::StatusOr<std::vector<WriteResult>> Store::UpsertEntities(std::vector<aka::v1::Entity> entities,
                                                               const ChangeContext& context) {
  return absl::UnimplementedError("this store has no bulk writes");
}

absl::StatusOr<std::vector<WriteResult>> Store::ImportEntities(std::vector<aka::v1::Entity> entities,
                                                               const ChangeContext& context) {
  return absl::UnimplementedError("this store has no bulk writes");
}

}  // namespace aka::storage

// AsOfStore: a read-only view of the registry as it stood at a past time, for Resolve with `as_of`
// (docs/CURATION.md, "As-of resolution"). It wraps the live store and overrides only the entities changed
// after that time: each takes the state it had then (the `before` of its first later change; absent if it
// was created later; merged-away sources live again). Index lookups answer the live rows minus those
// entities, plus the rows of their past states, computed with the same functions the store uses to write
// rows (index_rows.h), so the ordinary resolve::Resolver runs over the view unchanged.
//
// Cost: building a view reads every change after the time (a binary search finds the first, then pages of
// the log) and indexes the past states of the entities they touched in memory; lookups cost the live
// lookup plus an in-memory range scan. Meant for times with few changes after them; far back in a large
// registry, Create refuses with RESOURCE_EXHAUSTED rather than reading the whole log.
//
// Approximations (documented): token rarity weights and negative knowledge are today's (negatives are asked
// for at the view's time, so expiries apply as then, but a record removed since is not seen).
#ifndef AKA_STORAGE_AS_OF_STORE_H_
#define AKA_STORAGE_AS_OF_STORE_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/normalizer.h"
#include "storage/index_rows.h"
#include "storage/store.h"

namespace aka::storage {

struct AsOfOptions {
  // The view's time. Changes committed after it are undone in the view.
  absl::Time as_of;
  // Most changes after `as_of` a view may undo; more: RESOURCE_EXHAUSTED. Default: 100000.
  size_t max_changes = 100000;
};

// Thread-safe after Create (immutable; reads go to the base, which is thread-safe).
class AsOfStore final : public Store {
 public:
  // `base` and `normalizer` are not owned and must outlive the view; the normalizer must be the base's.
  static absl::StatusOr<std::unique_ptr<AsOfStore>> Create(const Store* base, const core::Normalizer* normalizer,
                                                            const AsOfOptions& options);

  // The sequence of the newest change at or before the view's time (0: before the first change).
  int64_t sequence() const { return sequence_; }
  // Entities whose state the view overrides (changed after the view's time).
  size_t overridden() const { return states_.size(); }

  // ---- reads: the registry as of the view's time ----
  absl::StatusOr<aka::v1::Entity> GetEntity(absl::string_view id) const override;
  absl::StatusOr<ResolvedEntity> GetEntityFollowingRedirects(absl::string_view id) const override;
  absl::Status LookupKey(const core::NameKey& key, std::vector<IndexHit>* hits) const override;
  absl::StatusOr<bool> LookupToken(absl::string_view token, size_t max_hits,
                                   std::vector<IndexHit>* hits) const override;
  absl::Status LookupFuzzyKeys(const std::vector<std::string>& deletion_keys,
                               std::vector<std::string>* tokens) const override;
  const core::TokenStatistics* token_statistics() const override { return base_->token_statistics(); }
  // The live store's engine figures: the view has no engine of its own.
  absl::StatusOr<StoreStats> GetStats() const override { return base_->GetStats(); }
  // The base's records as they applied at the view's time (`now` is ignored).
  absl::StatusOr<std::vector<aka::v1::Negative>> NegativesFor(absl::string_view name, absl::Time now) const override;
  absl::StatusOr<std::vector<aka::v1::Change>> GetHistory(absl::string_view id, int64_t after_sequence,
                                                          int max_changes) const override;
  absl::StatusOr<std::vector<aka::v1::Change>> ReadChanges(int64_t after_sequence, int max_changes) const override;
  absl::StatusOr<int64_t> LastSequence() const override { return sequence_; }
  absl::StatusOr<bool> IsNew() const override { return sequence_ == 0; }

  // ---- not part of a past view: FAILED_PRECONDITION, naming what to use instead ----
  absl::Status Close() override { return absl::OkStatus(); }
  using Store::AddAlias;
  using Store::DeleteEntity;
  using Store::RemoveAlias;
  using Store::UpsertEntity;
  absl::StatusOr<EntityPage> ListEntities(absl::string_view page_token, int page_size,
                                          absl::string_view type) const override;
  absl::StatusOr<int64_t> CountEntities() const override;
  absl::StatusOr<WriteResult> UpsertEntity(aka::v1::Entity entity, int64_t expected_version,
                                           const ChangeContext& context) override;
  absl::StatusOr<WriteResult> DeleteEntity(absl::string_view id, int64_t expected_version,
                                           const ChangeContext& context) override;
  absl::StatusOr<WriteResult> ImportEntity(aka::v1::Entity entity, const ChangeContext& context) override;
  absl::StatusOr<std::vector<WriteResult>> UpsertEntities(std::vector<aka::v1::Entity> entities,
                                                          const ChangeContext& context) override;
  absl::StatusOr<std::vector<WriteResult>> ImportEntities(std::vector<aka::v1::Entity> entities,
                                                          const ChangeContext& context) override;
  absl::StatusOr<BackupDescription> CreateBackup(const std::string& backup_dir) override;
  absl::StatusOr<std::vector<std::string>> FindIndexProblems() const override;
  absl::StatusOr<WriteResult> AddAlias(absl::string_view id, aka::v1::Alias alias,
                                       const AddAliasOptions& options) override;
  absl::StatusOr<WriteResult> RemoveAlias(absl::string_view id, absl::string_view name, int64_t expected_version,
                                          const ChangeContext& context) override;
  absl::StatusOr<aka::v1::Change> MergeEntities(absl::string_view target_id, const std::vector<std::string>& source_ids,
                                                int64_t expected_target_version, const ChangeContext& context) override;
  absl::StatusOr<aka::v1::Change> SplitEntity(absl::string_view id, const std::vector<std::string>& alias_names,
                                              absl::string_view new_canonical_name, int64_t expected_version,
                                              const ChangeContext& context) override;
  absl::StatusOr<aka::v1::Change> Undo(int64_t sequence, const ChangeContext& context) override;
  bool WaitForChange(int64_t after_sequence, absl::Time deadline) const override { return false; }
  absl::StatusOr<aka::v1::Change> AddNegative(aka::v1::Negative negative, const ChangeContext& context) override;
  absl::StatusOr<aka::v1::Change> RemoveNegative(absl::string_view name, absl::string_view entity_id,
                                                 const ChangeContext& context) override;

 private:
  AsOfStore(const Store* base, absl::Time as_of) : base_(base), as_of_(as_of) {}

  // Undoes `changes` (every change after the view's time, in commit order) into states_ and redirects_, then
  // derives the rows of the past states.
  absl::Status Build(const std::vector<aka::v1::Change>& changes, const core::Normalizer& normalizer);
  bool Overridden(absl::string_view id) const { return states_.contains(id); }
  // Appends the in-memory `rows` under `prefix` (names or tokens rows) as hits.
  static absl::Status AppendRowHits(const RowMap& rows, const std::string& prefix, std::vector<IndexHit>* hits);

  const Store* const base_;
  const absl::Time as_of_;
  int64_t sequence_ = 0;
  // Entity id -> its state at the view's time (nullopt: no live entity then).
  absl::flat_hash_map<std::string, std::optional<aka::v1::Entity>> states_;
  // Entity id -> the id it was merged into at the view's time ("" : not merged), for the overridden ids.
  absl::flat_hash_map<std::string, std::string> redirects_;
  // names, tokens and fuzzy rows of the past states (formats of keys.h).
  RowMap names_;
  RowMap tokens_;
  RowMap fuzzy_;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_AS_OF_STORE_H_

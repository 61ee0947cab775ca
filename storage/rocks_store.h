// RocksStore: the Store implementation over RocksDB (the only one). Store::Open returns one; code that needs
// more than the Store interface - the admin tool's `verify`, the storage tests - opens it as a RocksStore.
//
// Layout and formats: storage/keys.h. RocksDB tuning: storage/rocksdb_options.h.
//
// Concurrency: reads (GetEntity, ListEntities, LookupKey, ...) run concurrently under a shared lock that only
// Close takes exclusively. Mutations are serialized by `write_mu_`: each reads the stored entity, computes
// the new one and its index rows, and commits one WriteBatch; the id counter and entity count are cached
// under the same mutex. A reader may observe the state before or after any write, never half of one.
#ifndef AKA_STORAGE_ROCKS_STORE_H_
#define AKA_STORAGE_ROCKS_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"
#include "storage/backup.h"
#include "storage/entity_cache.h"
#include "storage/index_rows.h"
#include "storage/keys.h"
#include "storage/negative_names.h"
#include "storage/posting_cache.h"
#include "storage/store.h"
#include "storage/token_index.h"

namespace aka::storage {

class RocksStore final : public Store {
 public:
  // Opens or creates the database at options.path (see Store::Open). INVALID_ARGUMENT if path or normalizer
  // is missing; FAILED_PRECONDITION if the database was written by a newer schema; RocksDB errors converted
  // by FromRocksDbStatus. When the stored name_keys_version differs from core::kNameKeysVersion, every names
  // row is dropped and rebuilt from the entities before Open returns (cost: one pass over all entities).
  static absl::StatusOr<std::unique_ptr<RocksStore>> Open(const StoreOptions& options);

  // Closes the database if Close() was not called.
  ~RocksStore() override;

  RocksStore(const RocksStore&) = delete;
  RocksStore& operator=(const RocksStore&) = delete;

  absl::Status Close() override;
  absl::StatusOr<bool> IsNew() const override;
  absl::StatusOr<aka::v1::Entity> GetEntity(absl::string_view id) const override;
  // From the entity cache, else one Get in `entities` whose result the cache keeps (unless a write of that
  // entity committed meanwhile). Write() clears every entity a committed batch touched.
  absl::StatusOr<std::shared_ptr<const aka::v1::Entity>> GetEntityShared(absl::string_view id) const override;
  // The page token is the last id of the previous page. With a type filter, pages are filled by scanning
  // entities of every type, and a page that ends the scan early may be followed by an empty last page.
  absl::StatusOr<EntityPage> ListEntities(absl::string_view page_token, int page_size,
                                          absl::string_view type) const override;
  using Store::UpsertEntity;
  absl::StatusOr<WriteResult> UpsertEntity(aka::v1::Entity entity, int64_t expected_version,
                                           const ChangeContext& context) override;
  using Store::DeleteEntity;
  absl::StatusOr<WriteResult> DeleteEntity(absl::string_view id, int64_t expected_version,
                                           const ChangeContext& context) override;
  // rocks_store_import.cc.
  absl::StatusOr<WriteResult> ImportEntity(aka::v1::Entity entity, const ChangeContext& context) override;
  // rocks_store_bulk.cc. Hold the write mutex for the whole call: other writers wait, readers do not.
  absl::StatusOr<std::vector<WriteResult>> UpsertEntities(std::vector<aka::v1::Entity> entities,
                                                          const ChangeContext& context) override;
  absl::StatusOr<std::vector<WriteResult>> ImportEntities(std::vector<aka::v1::Entity> entities,
                                                          const ChangeContext& context) override;
  using Store::AddAlias;
  // With allow_shared false, one lookup of the alias's normalized key in `names` per call.
  absl::StatusOr<WriteResult> AddAlias(absl::string_view id, aka::v1::Alias alias,
                                       const AddAliasOptions& options) override;
  using Store::RemoveAlias;
  absl::StatusOr<WriteResult> RemoveAlias(absl::string_view id, absl::string_view name, int64_t expected_version,
                                          const ChangeContext& context) override;
  // LookupKeys of the one key. The hits are a snapshot: an entity may be deleted before the caller reads
  // it, so callers must treat a later NOT_FOUND from GetEntity as "no hit".
  absl::Status LookupKey(const core::NameKey& key, std::vector<IndexHit>* hits) const override;
  // One MultiGet of the keys' posting lists in `names` (keys.h): the whole-key bloom filters reject keys
  // nobody has without a data-block read; a key with n entities costs one value and decoding n entries.
  // Hits per key come in entity id order (bytewise).
  absl::Status LookupKeys(const std::vector<core::NameKey>& keys,
                          std::vector<std::vector<IndexHit>>* hits) const override;
  absl::StatusOr<int64_t> CountEntities() const override;
  // One prefix seek in `tokens` (prefix bloom filters as in names).
  absl::StatusOr<bool> LookupToken(absl::string_view token, size_t max_hits,
                                   std::vector<IndexHit>* hits) const override;
  // The same seek, each row's id and name copied into `postings`' buffer.
  absl::StatusOr<bool> LookupTokenPostings(absl::string_view token, size_t max_hits,
                                           TokenPostings* postings) const override;
  // One MultiGet of the keys' token lists in `fuzzy` (keys.h): whole-key bloom filters reject the keys nobody
  // has. Tokens are appended in key order, each list's in bytewise order, each token once.
  absl::Status LookupFuzzyKeys(const std::vector<std::string>& deletion_keys,
                               std::vector<std::string>* tokens) const override;
  // Loaded from token_stats at Open (one scan of the vocabulary), then updated after every committed write.
  const core::TokenStatistics* token_statistics() const override { return &token_statistics_; }
  absl::StatusOr<StoreStats> GetStats() const override;

  // ---- rocks_store_curation.cc ----
  // Merge, split and undo build their EntityTransitions and commit them through CommitChange, so they are
  // atomic like every other write. History and change reads are scans of `history` / `log`.
  absl::StatusOr<ResolvedEntity> GetEntityFollowingRedirects(absl::string_view id) const override;
  absl::StatusOr<aka::v1::Change> MergeEntities(absl::string_view target_id,
                                                const std::vector<std::string>& source_ids,
                                                int64_t expected_target_version,
                                                const ChangeContext& context) override;
  absl::StatusOr<aka::v1::Change> SplitEntity(absl::string_view id, const std::vector<std::string>& alias_names,
                                              absl::string_view new_canonical_name, int64_t expected_version,
                                              const ChangeContext& context) override;
  absl::StatusOr<aka::v1::Change> Undo(int64_t sequence, const ChangeContext& context) override;
  absl::StatusOr<std::vector<aka::v1::Change>> GetHistory(absl::string_view id, int64_t after_sequence,
                                                          int max_changes) const override;
  absl::StatusOr<std::vector<aka::v1::Change>> ReadChanges(int64_t after_sequence,
                                                           int max_changes) const override;
  absl::StatusOr<int64_t> LastSequence() const override;
  bool WaitForChange(int64_t after_sequence, absl::Time deadline) const override;
  absl::StatusOr<aka::v1::Change> AddNegative(aka::v1::Negative negative, const ChangeContext& context) override;
  absl::StatusOr<aka::v1::Change> RemoveNegative(absl::string_view name, absl::string_view entity_id,
                                                 const ChangeContext& context) override;
  absl::StatusOr<std::vector<aka::v1::Negative>> NegativesFor(absl::string_view name, absl::Time now) const override;

  // Adds a backup of the open database to `backup_dir` (storage/backup.h; created if missing) while reads
  // and writes go on. Cost: copying the table files the directory does not have yet, plus the WAL.
  absl::StatusOr<BackupDescription> CreateBackup(const std::string& backup_dir) override;

  // Checks that the derived data matches the entities: every names, tokens and external_ids row an entity
  // implies exists with the right value, no other rows exist (no orphans from deleted entities or removed
  // aliases), token_stats and meta token_documents hold the counts of the entities' token documents, the
  // fuzzy family holds exactly the deletion keys of the counted distinctive tokens, and the entity_count
  // counter equals the number of entities. OK, or DATA_LOSS listing the first problems
  // found. Runs against a consistent snapshot while writes continue; cost: one pass over all three
  // families, normalizing every name, plus 8 bytes of memory per index row. Thread-safe.
  absl::Status VerifyIndex() const;
  // VerifyIndex's findings one by one (what VerifyIndex joins into its DATA_LOSS message).
  absl::StatusOr<std::vector<std::string>> FindIndexProblems() const override;

 private:
  RocksStore(const StoreOptions& options, std::unique_ptr<rocksdb::DB> db,
             std::vector<rocksdb::ColumnFamilyHandle*> handles);

  // ---- rocks_store.cc: opening, reads ----

  // Reads the meta counters, initializing them in a new database; reindexes on a name-keys version change.
  absl::Status Initialize();
  absl::Status CheckOpen() const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  rocksdb::ColumnFamilyHandle* Family(ColumnFamilyId id) const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // The value under `key`, or nullopt if absent. `snapshot` may be null (latest state).
  absl::StatusOr<std::optional<std::string>> ReadValue(ColumnFamilyId family, absl::string_view key,
                                                       absl::string_view doing,
                                                       const rocksdb::Snapshot* snapshot = nullptr) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // The posting lists (name_postings.h) under `keys` in `family` (names or fuzzy), with one MultiGet: sets
  // `lists` to one decoded list per key, empty for a key without a row.
  absl::Status ReadPostingLists(ColumnFamilyId family, const std::vector<std::string>& keys,
                                std::vector<std::vector<IndexHit>>* lists) const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // LookupToken's seek: calls `visit(entity id, name, alias index)` for each tokens row of `token`, the views
  // valid during the call; stops after `max_hits` rows and returns whether more remained.
  absl::StatusOr<bool> VisitTokenRows(
      absl::string_view token, size_t max_hits,
      const std::function<void(absl::string_view, absl::string_view, int32_t)>& visit) const;
  // LookupKeys's body, under a db_mu_ the caller holds (mutations look names up while they hold it).
  absl::Status LookupKeysLocked(const std::vector<core::NameKey>& keys,
                                std::vector<std::vector<IndexHit>>* hits) const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // NOT_FOUND "entity <id> not found" if absent.
  absl::StatusOr<aka::v1::Entity> ReadEntity(absl::string_view id) const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  absl::StatusOr<uint64_t> ReadMeta(MetaField field, uint64_t if_absent) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // Commits `batch`, then drops from the entity cache every entity whose entities row it put or deleted.
  absl::Status Write(rocksdb::WriteBatch* batch, absl::string_view doing) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // ---- rocks_store_write.cc: mutations ----

  // The entity holding any of `entity`'s external ids, or nullopt; ALREADY_EXISTS if they point at two.
  absl::StatusOr<std::optional<std::string>> FindExternalIdHolder(const aka::v1::Entity& entity) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // What a commit records about itself in history and the log, beyond the entities.
  struct ChangeMeta {
    aka::v1::ChangeKind kind = aka::v1::CHANGE_KIND_UNSPECIFIED;
    ChangeContext context;
    // For CHANGE_KIND_UNDO: the sequence undone.
    int64_t undoes = 0;
    // New entity ids the change hands out (next_id advances by this much, never back).
    uint64_t ids_allocated = 0;
    // For changes of a negatives row: its state before and after (null: absent). Not owned.
    const aka::v1::Negative* negative_before = nullptr;
    const aka::v1::Negative* negative_after = nullptr;
  };

  // One id's part in a change. `old` / `updated` null: no live entity before / after (it may be a
  // redirect). Pointers are not owned and need only outlive the CommitChange call.
  struct EntityTransition {
    std::string id;
    const aka::v1::Entity* old = nullptr;
    const aka::v1::Entity* updated = nullptr;
    std::string redirect_before;
    std::string redirect_after;
  };

  // Turns `updated` into the next state of `old` (a new entity when `old` is null): fills id, version, times
  // and alias added_time; returns unchanged without writing if nothing else differs; else commits as `meta`
  // (kind CREATE or UPDATE is chosen here when meta.kind is UNSPECIFIED).
  // A non-empty meta.context.who becomes the asserted_by of every alias `old` lacks.
  absl::StatusOr<WriteResult> ApplyEntityChange(const aka::v1::Entity* old, aka::v1::Entity updated,
                                                ChangeMeta meta)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // UpsertEntity's body, under the locks ImportEntity already holds.
  absl::StatusOr<WriteResult> UpsertLocked(aka::v1::Entity entity, int64_t expected_version,
                                           const ChangeContext& context)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // The external-id pairs of `entity` that another entity holds -> ALREADY_EXISTS naming the first.
  absl::Status CheckExternalIdsFree(const aka::v1::Entity& entity) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // The one place that writes entities: one batch with, for every transition, the entity record (put or
  // delete) and the redirect (put or delete); the difference between all old and all new index rows (taken
  // together, so a row that moves between entities, like an external id in a merge, ends up put); one
  // history row per transition and the log row of the change; and the changed meta counters (next_id,
  // entity_count, last_sequence). Updates the cached counters and wakes WaitForChange once committed.
  absl::StatusOr<aka::v1::Change> CommitChange(const std::vector<EntityTransition>& transitions,
                                               const ChangeMeta& meta)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // The negatives row key of a record (name normalized here).
  absl::StatusOr<std::string> NegativeKey(absl::string_view name, absl::string_view entity_id) const;
  // Fills negative_names_ from the negatives family (at Open).
  absl::Status LoadNegativeNames() ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // The stored record under `key`, or nullopt.
  absl::StatusOr<std::optional<aka::v1::Negative>> ReadNegative(absl::string_view key) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // The redirect target stored for `id`, or empty.
  absl::StatusOr<std::string> ReadRedirect(absl::string_view id) const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // GetEntityFollowingRedirects's body, under a db_mu_ the caller holds.
  absl::StatusOr<ResolvedEntity> FollowRedirectsLocked(absl::string_view id) const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // ---- rocks_store_import.cc: imports after merges ----

  // The merged-away id whose record `record` is: a source of a merge (found through the "merge" aliases of
  // the entities holding the record's external ids or its canonical name) whose last record before the merge
  // shares an external id pair with `record`. Nullopt: none.
  absl::StatusOr<std::optional<std::string>> FindMergedRecord(const aka::v1::Entity& record) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // `merged_id`'s record before the merge that redirected it, from its history; nullopt if none is logged.
  absl::StatusOr<std::optional<aka::v1::Entity>> RecordBeforeMerge(const std::string& merged_id) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // An import replaces a stored entity with a record of its source, which knows nothing of the merges into
  // it: when `stored` carries a merge (a "merge" alias of a still-merged id), adds to `record` every alias of
  // `stored` it lacks and the external ids and attributes whose keys it lacks.
  absl::Status KeepMergedParts(const aka::v1::Entity& stored, aka::v1::Entity* record) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // Applies an imported record of the merged-away `merged_id` to its merge target: adds the record's names
  // the target lacks (one UPDATE change), never touches the target's canonical name, type, other aliases,
  // external ids or attributes.
  absl::StatusOr<WriteResult> ImportIntoMergeTarget(const std::string& merged_id, const aka::v1::Entity& record,
                                                    const ChangeContext& context)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // ALREADY_EXISTS when another entity has a name with the same normalized form as `alias_name`.
  absl::Status CheckNotShared(absl::string_view id, absl::string_view alias_name) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // ImportEntity's checks before it takes the locks: validates and collapses `entity`, and returns the number
  // of its id (nullopt without one). INVALID_ARGUMENT naming the field.
  static absl::StatusOr<std::optional<uint64_t>> PrepareImport(aka::v1::Entity* entity);
  // ImportEntity's body, under the locks: `entity` as PrepareImport left it, `number` what it returned.
  absl::StatusOr<WriteResult> ImportLocked(aka::v1::Entity entity, std::optional<uint64_t> number,
                                           const ChangeContext& context)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // Whether `entity` has an alias a merge gave it (source "merge" with the merged id as reference).
  static bool CarriesMerge(const aka::v1::Entity& entity);

  // ---- rocks_store_bulk.cc: many entities in one WriteBatch ----

  // The state of the bulk call in progress (defined in rocks_store_bulk.cc).
  struct BulkWrite;
  // The bulk calls' body: validates every entity, then under the locks writes each with ImportLocked
  // (`import`) or UpsertLocked, their changes staged in a BulkWrite by CommitChange, and commits them all as
  // one batch; on any failure restores the cached counters and writes nothing.
  absl::StatusOr<std::vector<WriteResult>> WriteInOneBatch(std::vector<aka::v1::Entity> entities,
                                                           const ChangeContext& context, bool import);
  // The write path's reads: what the bulk call in progress staged under the key, else the database.
  absl::StatusOr<std::optional<std::string>> ReadForWrite(ColumnFamilyId family, absl::string_view key,
                                                          absl::string_view doing) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // Inside a bulk call, corrects `name_holders` (the entities with a name normalized to `normalized`, as the
  // database had them before the call) for what the call staged: of the entities the call wrote, only those
  // carrying a merge matter to FindMergedRecord, and they count by their staged names. No-op outside one.
  absl::Status RestageNameHolders(absl::string_view normalized, absl::btree_set<std::string>* name_holders) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // ReadEntity through ReadForWrite.
  absl::StatusOr<aka::v1::Entity> ReadEntityForWrite(absl::string_view id) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // CommitChange's last step: adds the token rows of `token_delta` to `batch` and writes it - or, inside a
  // bulk call, stages both (the token rows are written once, for the whole call).
  absl::Status WriteOrStage(rocksdb::WriteBatch* batch, const TokenIndexDelta& token_delta,
                            const std::vector<EntityTransition>& transitions, absl::string_view doing)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // After a batch committed: applies its token delta to token_statistics_ and wakes WaitForChange up to
  // last_sequence_. Not called for the changes staged in a bulk call until the call's batch committed.
  void PublishCommitted(const TokenIndexDelta& token_delta) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);

  // ---- rocks_store_maintenance.cc: reindex ----

  // Drops every names, tokens, fuzzy and token_stats row and rebuilds them from the entities in batches,
  // then records core::kNameKeysVersion and core::kFuzzyKeysVersion. A crash midway leaves the old versions
  // recorded, so the next Open starts over.
  absl::Status RebuildNameIndex() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // Fills token_statistics_ from token_stats and meta token_documents.
  absl::Status LoadTokenStatistics() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // VerifyIndex's check of token_stats, meta token_documents and fuzzy against the counts the entities
  // imply (`counts`, `documents`); calls `report` for each problem.
  absl::Status VerifyVocabulary(const rocksdb::ReadOptions& read_options,
                                const absl::flat_hash_map<std::string, uint64_t>& counts, uint64_t documents,
                                const std::function<void(std::string)>& report) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // VerifyIndex's scan of `names`: erases from `unseen` the RowHash of every posting-list entry (as its
  // logical row, keys.h) and reports entries not in it as orphans, and lists that do not decode.
  absl::Status VerifyNamePostings(const rocksdb::ReadOptions& read_options, absl::flat_hash_set<uint64_t>* unseen,
                                  const std::function<void(std::string)>& report) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // The families TokenIndexDelta writes.
  TokenIndexFamilies TokenFamilies() const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  const StoreOptions options_;

  // Serializes mutations and guards the cached counters. Acquired before db_mu_.
  mutable absl::Mutex write_mu_;
  // Shared by every call that touches the DB; exclusive only in Close, so Close waits for calls in flight.
  mutable absl::Mutex db_mu_ ABSL_ACQUIRED_AFTER(write_mu_);

  std::unique_ptr<rocksdb::DB> db_ ABSL_GUARDED_BY(db_mu_);
  // Indexed by ColumnFamilyId; owned (destroyed through db_ in Close).
  std::vector<rocksdb::ColumnFamilyHandle*> handles_ ABSL_GUARDED_BY(db_mu_);

  // Mirrors of the meta counters, loaded in Initialize and advanced after each committed batch.
  uint64_t next_id_ ABSL_GUARDED_BY(write_mu_) = 1;
  int64_t entity_count_ ABSL_GUARDED_BY(write_mu_) = 0;
  bool ever_written_ ABSL_GUARDED_BY(write_mu_) = false;
  // Mirror of meta last_sequence: the newest committed change.
  int64_t last_sequence_ ABSL_GUARDED_BY(write_mu_) = 0;

  // Change-feed waiters block on this, not on write_mu_, so a tail never delays a writer.
  mutable absl::Mutex published_mu_;
  int64_t published_sequence_ ABSL_GUARDED_BY(published_mu_) = 0;
  bool closing_ ABSL_GUARDED_BY(published_mu_) = false;
  // Internally synchronized; written only under write_mu_, after the batch it mirrors has committed.
  core::TokenStatistics token_statistics_;
  // The bulk call in progress, or null: CommitChange stages into it instead of writing. Not owned.
  BulkWrite* bulk_ ABSL_GUARDED_BY(write_mu_) = nullptr;
  // Internally synchronized; maintained by CommitChange around the write of a negatives change.
  NegativeNames negative_names_;
  // Internally synchronized; Write() invalidates every entity of a batch after it committed.
  mutable EntityCache entity_cache_;
  // Internally synchronized; Write() invalidates every names key of a batch after it committed.
  mutable PostingCache posting_cache_;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_ROCKS_STORE_H_

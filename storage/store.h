// Store: the registry's durable state in RocksDB. Owns the DB and its column families; every mutation is one
// WriteBatch across them (entity record, name-index rows, external-id rows, id counter, history and change-log
// rows), so a crash never leaves an entity without its index rows or the reverse. Key formats are in
// storage/keys.h; curation (history, undo, merges, the change feed) in docs/CURATION.md.
#ifndef AKA_STORAGE_STORE_H_
#define AKA_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "aka/v1/entity.pb.h"
#include "aka/v1/registry.pb.h"
#include "core/generic_words.h"
#include "core/name_keys.h"
#include "core/normalizer.h"
#include "storage/backup.h"

namespace aka::storage {

struct StoreOptions {
  // Directory of the RocksDB database. Required.
  std::string path;
  // Computes index keys for names. Required; not owned; must outlive the Store.
  const core::Normalizer* normalizer = nullptr;
  // Create the database if it does not exist. Default: true.
  bool create_if_missing = true;
  // fsync the WAL on every write (survives power loss, not only a process kill). Default: false.
  bool sync_writes = false;
  // LRU block cache shared by all column families. Default: 1 GiB, so that the index blocks a resolve
  // touches (names, tokens, fuzzy, entities) of a million-entity database stay in memory within the 2 GiB
  // RSS budget (docs/PERFORMANCE.md); the memory is only taken as blocks are read.
  size_t block_cache_bytes = size_t{1} << 30;
  // Decoded entities kept in memory for GetEntityShared (storage/entity_cache.h); 0 disables. Default: 65536
  // (a few hundred bytes to a few KiB each).
  size_t entity_cache_entries = 65536;
  // Decoded posting lists of the names family kept in memory for LookupKeys (storage/posting_cache.h), in
  // bytes; 0 disables. Default: 128 MiB (about a million keys of a few hits each).
  size_t posting_cache_bytes = size_t{128} << 20;
};

// One row of the name index: a stored name of an entity that a key leads to.
struct IndexHit {
  std::string entity_id;
  // The stored name as the source spelled it (the canonical name or an alias).
  std::string name;
  // -1 for the canonical name, else the position in Entity.aliases when the row was written.
  int32_t alias_index = -1;
};

// The rows of one token (Store::LookupTokenPostings) in one reusable buffer: entity ids and names are views
// into `bytes`, so reading a posting list allocates nothing once the buffer has grown (LookupToken allocates
// two strings per row). Clear() keeps the capacity.
class TokenPostings {
 public:
  void Clear() {
    bytes_.clear();
    rows_.clear();
  }
  void Add(absl::string_view entity_id, absl::string_view name, int32_t alias_index) {
    rows_.push_back({bytes_.size(), entity_id.size(), name.size(), alias_index});
    bytes_.append(entity_id.data(), entity_id.size());
    bytes_.append(name.data(), name.size());
  }
  size_t size() const { return rows_.size(); }
  // Valid until the next Add or Clear.
  absl::string_view entity_id(size_t i) const { return absl::string_view(bytes_).substr(rows_[i].offset, rows_[i].id_size); }
  absl::string_view name(size_t i) const {
    return absl::string_view(bytes_).substr(rows_[i].offset + rows_[i].id_size, rows_[i].name_size);
  }
  int32_t alias_index(size_t i) const { return rows_[i].alias_index; }

 private:
  struct Row {
    size_t offset;
    size_t id_size;
    size_t name_size;
    int32_t alias_index;
  };
  std::string bytes_;
  std::vector<Row> rows_;
};

// Result of a write.
struct WriteResult {
  // The entity as stored after the write (for a delete: as it was before).
  aka::v1::Entity entity;
  // A new entity was created.
  bool created = false;
  // The request equalled what was stored; nothing was written.
  bool unchanged = false;
  // The change-log sequence of the write; 0 when unchanged.
  int64_t sequence = 0;
  // Import only: the record named an entity that was merged away (this id); it was applied to the merge
  // target, which `entity` is (docs/CURATION.md, "Re-imports after a merge").
  std::string redirected_from;
};

// Who makes a curation change and why; recorded in the change's history and log rows.
struct ChangeContext {
  // The caller's identity (or the importer's name). Empty: unknown.
  std::string who;
  // Free text: why the merge, split or undo.
  std::string note;
};

// Options of AddAlias.
struct AddAliasOptions {
  // As in UpsertEntity: 0 means "any".
  int64_t expected_version = 0;
  // Without it, a name that another entity already has (same normalized form) is refused with
  // ALREADY_EXISTS: shared aliases are how two actors get wrongly merged. With it, both keep the name and
  // resolution answers AMBIGUOUS for it.
  bool allow_shared = false;
  // Recorded as the change's author; empty means the alias's asserted_by.
  std::string who;
};

// An entity found by an id that may have been merged into another.
struct ResolvedEntity {
  aka::v1::Entity entity;
  // The id asked for, when it was merged (directly or through a chain) into entity.id(); else empty.
  std::string redirected_from;
};

struct EntityPage {
  std::vector<aka::v1::Entity> entities;
  // Empty on the last page.
  std::string next_page_token;
};

// Engine figures for monitoring (service/ exports them as Prometheus metrics). Counters only grow.
struct StoreStats {
  // Block cache lookups that found / did not find the block (RocksDB tickers; counters).
  uint64_t block_cache_hits = 0;
  uint64_t block_cache_misses = 0;
  // Bytes held in the block cache now.
  uint64_t block_cache_usage_bytes = 0;
  // Bytes in all memtables of all column families now.
  uint64_t memtable_bytes = 0;
  // Bytes compaction still has to rewrite, and compactions running now.
  uint64_t pending_compaction_bytes = 0;
  uint64_t running_compactions = 0;
};

// Thread-safe: reads run concurrently; writes are serialized by an internal mutex (read-modify-write of
// versions and ids must not interleave). Status codes: NOT_FOUND (no such entity/alias), INVALID_ARGUMENT
// (bad entity: the message names the field), FAILED_PRECONDITION (expected_version mismatch),
// ALREADY_EXISTS (an external id held by another entity), INTERNAL/UNAVAILABLE (RocksDB errors).
class Store {
 public:
  // Opens (or creates) the database. Rebuilds the name index if it was built with another
  // core::kNameKeysVersion. Caller owns the result.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);

  virtual ~Store() = default;

  // Flushes and closes the database; further calls fail. Called by the destructor if not called before.
  virtual absl::Status Close() = 0;

  // True until the first entity has ever been written (used to load default data once, at first start).
  virtual absl::StatusOr<bool> IsNew() const = 0;

  virtual absl::StatusOr<aka::v1::Entity> GetEntity(absl::string_view id) const = 0;

  // GetEntity without a copy, for hot read paths (Resolve fetches every candidate): the entity as committed
  // when read, immutable and shared. Thread-safe. Default: wraps GetEntity; RocksStore serves it from an LRU
  // of decoded entities (StoreOptions::entity_cache_entries) that every committed write of the entity clears.
  virtual absl::StatusOr<std::shared_ptr<const aka::v1::Entity>> GetEntityShared(absl::string_view id) const {
    absl::StatusOr<aka::v1::Entity> entity = GetEntity(id);
    if (!entity.ok()) return entity.status();
    return std::make_shared<const aka::v1::Entity>(*std::move(entity));
  }

  // Entities in id order, `page_size` at most (1..1000), of `type` unless empty.
  virtual absl::StatusOr<EntityPage> ListEntities(absl::string_view page_token, int page_size,
                                                  absl::string_view type) const = 0;

  // Creates or replaces an entity. If entity.id is set, that entity is replaced (NOT_FOUND if absent). Else an
  // entity holding one of its external_ids is replaced; else a new one is created with a fresh id. Server-set
  // fields (version, times, alias added_time) are filled in: added_time is kept for aliases the entity
  // already had. `expected_version` 0 means "any".
  // `context` is recorded in the change; a non-empty context.who (the authenticated caller) also becomes the
  // asserted_by of every alias the entity did not have before, whatever the request said.
  virtual absl::StatusOr<WriteResult> UpsertEntity(aka::v1::Entity entity, int64_t expected_version,
                                                   const ChangeContext& context) = 0;
  absl::StatusOr<WriteResult> UpsertEntity(aka::v1::Entity entity, int64_t expected_version) {
    return UpsertEntity(std::move(entity), expected_version, ChangeContext());
  }

  virtual absl::StatusOr<WriteResult> DeleteEntity(absl::string_view id, int64_t expected_version,
                                                   const ChangeContext& context) = 0;
  absl::StatusOr<WriteResult> DeleteEntity(absl::string_view id, int64_t expected_version) {
    return DeleteEntity(id, expected_version, ChangeContext());
  }

  // Import's write, so that export -> import into an empty database -> export gives the same bytes. An
  // entity without an id, or whose id names a live entity, is written as UpsertEntity(entity, 0, context)
  // would. An entity whose id names no entity is created with exactly that id, version, create/update
  // times and aliases (provenance and added_time as given; a missing version or time is filled in as for a
  // new entity), and the id counter moves past the id so it is never handed out again. INVALID_ARGUMENT: an
  // id that is not "E" followed by digits, or a bad entity; FAILED_PRECONDITION: the id was merged into
  // another entity (a redirect: import into the target instead); ALREADY_EXISTS: an external id held by
  // another entity.
  virtual absl::StatusOr<WriteResult> ImportEntity(aka::v1::Entity entity, const ChangeContext& context) = 0;

  // Bulk writes (storage/rocks_store_bulk.cc): UpsertEntity(entity, 0, context) / ImportEntity(entity, context)
  // for each of `entities` in order, as the same changes (one per entity: versions, history and log rows as the
  // single call writes them; an entity given twice sees its first write), all committed in ONE WriteBatch with
  // one WAL write. Results are in the order of `entities`. A failure anywhere writes nothing and names the
  // entity: "entity <index> (\"<canonical name>\"): <reason>", with the single call's status code. Cost: the
  // single calls' reads and row building, one sort of the batch's rows; memory: the batch.
  virtual absl::StatusOr<std::vector<WriteResult>> UpsertEntities(std::vector<aka::v1::Entity> entities,
                                                                  const ChangeContext& context) = 0;
  virtual absl::StatusOr<std::vector<WriteResult>> ImportEntities(std::vector<aka::v1::Entity> entities,
                                                                  const ChangeContext& context) = 0;

  // Adds an alias (no-op, unchanged=true, if the entity already has that exact name).
  virtual absl::StatusOr<WriteResult> AddAlias(absl::string_view id, aka::v1::Alias alias,
                                               const AddAliasOptions& options) = 0;
  // The same with default options (shared names refused) and `expected_version`.
  absl::StatusOr<WriteResult> AddAlias(absl::string_view id, aka::v1::Alias alias, int64_t expected_version) {
    AddAliasOptions options;
    options.expected_version = expected_version;
    return AddAlias(id, std::move(alias), options);
  }

  // Removes the alias with exactly this name. NOT_FOUND if the entity has none.
  virtual absl::StatusOr<WriteResult> RemoveAlias(absl::string_view id, absl::string_view name,
                                                  int64_t expected_version, const ChangeContext& context) = 0;
  absl::StatusOr<WriteResult> RemoveAlias(absl::string_view id, absl::string_view name, int64_t expected_version) {
    return RemoveAlias(id, name, expected_version, ChangeContext());
  }

  // Appends to `hits` every index row under `key` (unordered). Thread-safe.
  virtual absl::Status LookupKey(const core::NameKey& key, std::vector<IndexHit>* hits) const = 0;

  // LookupKey for several keys of any kinds at once (a query's keys): sets `hits` to one vector per key, in
  // the order of `keys`. Thread-safe. Default: LookupKey per key; RocksStore reads them all through one
  // iterator.
  virtual absl::Status LookupKeys(const std::vector<core::NameKey>& keys,
                                  std::vector<std::vector<IndexHit>>* hits) const {
    hits->assign(keys.size(), {});
    for (size_t i = 0; i < keys.size(); ++i) {
      absl::Status status = LookupKey(keys[i], &(*hits)[i]);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

  // Number of live entities (kept as a counter, O(1)).
  virtual absl::StatusOr<int64_t> CountEntities() const = 0;

  // ---- curation (rocks_store_curation.cc) ----

  // The entity `id`, or the one it was merged into (following a chain of merges). NOT_FOUND if `id` names
  // neither a live entity nor a merge whose final target is live.
  virtual absl::StatusOr<ResolvedEntity> GetEntityFollowingRedirects(absl::string_view id) const = 0;

  // Merges `source_ids` into `target_id` in one change: each source's canonical name becomes an alias of the
  // target (source "merge", reference the source id), its aliases follow with their provenance, external ids
  // and attributes with keys the target lacks move over, and the source id becomes a redirect to the target.
  // INVALID_ARGUMENT: no sources, a repeated id, the target among the sources, or types that differ.
  // NOT_FOUND: an id that is not a live entity. FAILED_PRECONDITION: expected_target_version mismatch.
  virtual absl::StatusOr<aka::v1::Change> MergeEntities(absl::string_view target_id,
                                                        const std::vector<std::string>& source_ids,
                                                        int64_t expected_target_version,
                                                        const ChangeContext& context) = 0;

  // Moves the aliases named in `alias_names` (exact names) from entity `id` to a new entity of the same
  // type, whose canonical name is `new_canonical_name` or, if that is empty, the first moved alias. The
  // change lists the old entity first and the new one second. NOT_FOUND: no such entity or alias;
  // INVALID_ARGUMENT: no names or a repeated one.
  virtual absl::StatusOr<aka::v1::Change> SplitEntity(absl::string_view id,
                                                      const std::vector<std::string>& alias_names,
                                                      absl::string_view new_canonical_name,
                                                      int64_t expected_version, const ChangeContext& context) = 0;

  // Restores every entity (and redirect) the change `sequence` touched to its state before that change,
  // exactly (versions and times included), as a new change of kind UNDO. An id once handed out stays
  // taken even when the entity that got it is undone. NOT_FOUND: no such change. FAILED_PRECONDITION: a
  // touched entity changed since (undo the later changes first). ALREADY_EXISTS: a restored external id is
  // now held by another entity.
  virtual absl::StatusOr<aka::v1::Change> Undo(int64_t sequence, const ChangeContext& context) = 0;

  // The changes that touched `id` (as an entity or a redirect), oldest first, after sequence
  // `after_sequence`, at most `max_changes` (1..1000). An id nothing ever touched has an empty history.
  virtual absl::StatusOr<std::vector<aka::v1::Change>> GetHistory(absl::string_view id, int64_t after_sequence,
                                                                  int max_changes) const = 0;

  // Change-log rows with sequence > after_sequence in commit order, at most `max_changes` (1..1000).
  virtual absl::StatusOr<std::vector<aka::v1::Change>> ReadChanges(int64_t after_sequence,
                                                                   int max_changes) const = 0;

  // The sequence of the newest committed change (0 if none).
  virtual absl::StatusOr<int64_t> LastSequence() const = 0;

  // Blocks until a change with sequence > after_sequence is committed (true), the deadline passes or the
  // store closes (false). Thread-safe; for change-feed tails.
  virtual bool WaitForChange(int64_t after_sequence, absl::Time deadline) const = 0;

  // ---- negative knowledge ----

  // Records (or replaces) that negative.name() must not resolve to negative.entity_id(); who and
  // create_time are set from `context` and the clock. INVALID_ARGUMENT: empty name, or a name that
  // normalizes to nothing; NOT_FOUND: no live entity with that id. One change of kind ADD_NEGATIVE, in the
  // entity's history.
  virtual absl::StatusOr<aka::v1::Change> AddNegative(aka::v1::Negative negative, const ChangeContext& context) = 0;
  // NOT_FOUND if there is no record for the name's normalized form and the entity.
  virtual absl::StatusOr<aka::v1::Change> RemoveNegative(absl::string_view name, absl::string_view entity_id,
                                                         const ChangeContext& context) = 0;
  // The records for `name`'s normalized form that apply at `now` (unexpired). One prefix seek; thread-safe.
  virtual absl::StatusOr<std::vector<aka::v1::Negative>> NegativesFor(absl::string_view name, absl::Time now) const = 0;

  // ---- the token-level and fuzzy index (keys.h: tokens, fuzzy, token_stats) ----

  // Appends to `hits` every tokens row of `token`: one per entity having a name with that distinctive token
  // (core::IsFuzzyKeyToken), the first such name of the entity. Stops after `max_hits` rows and returns
  // whether it stopped early (a very common token), so a caller can skip tokens that identify nothing.
  // Thread-safe.
  virtual absl::StatusOr<bool> LookupToken(absl::string_view token, size_t max_hits,
                                           std::vector<IndexHit>* hits) const = 0;

  // LookupToken into `postings` (cleared first) instead of IndexHits: the same rows in the same order, the same
  // return value, no allocation per row. This default goes through LookupToken. Thread-safe.
  virtual absl::StatusOr<bool> LookupTokenPostings(absl::string_view token, size_t max_hits,
                                                   TokenPostings* postings) const {
    postings->Clear();
    std::vector<IndexHit> hits;
    absl::StatusOr<bool> stopped = LookupToken(token, max_hits, &hits);
    for (const IndexHit& hit : hits) postings->Add(hit.entity_id, hit.name, hit.alias_index);
    return stopped;
  }

  // Appends to `tokens` the indexed tokens that have any of `deletion_keys` (core::FuzzyTokenKeys of a query
  // token) among their own keys, each token once, in no particular order. Sharing a key only means the two
  // tokens may be within the typo budget: callers verify with an edit distance. Thread-safe.
  virtual absl::Status LookupFuzzyKeys(const std::vector<std::string>& deletion_keys,
                                       std::vector<std::string>* tokens) const = 0;

  // Document frequencies of the tokens of every indexed name, kept current by every write; for rarity
  // weights. Valid until the store is destroyed; thread-safe (see core::TokenStatistics).
  virtual const core::TokenStatistics* token_statistics() const = 0;

  // Engine figures for monitoring. Cheap (in-memory counters and properties); safe to call at every scrape.
  // A closed store: FAILED_PRECONDITION.
  virtual absl::StatusOr<StoreStats> GetStats() const = 0;

  // ---- administration (service/admin_service.h) ----

  // Adds a backup of the open store to `backup_dir` (storage/backup.h; created if missing) while reads and
  // writes go on.
  virtual absl::StatusOr<BackupDescription> CreateBackup(const std::string& backup_dir) = 0;

  // Every inconsistency between the entities and their derived rows (index rows pointing at no live entity,
  // names, tokens or external ids of an entity not indexed, wrong counters), one sentence each, at most a few
  // dozen; empty when consistent. Runs on a snapshot while writes go on; one pass over the index.
  virtual absl::StatusOr<std::vector<std::string>> FindIndexProblems() const = 0;

 protected:
  Store() = default;
};

}  // namespace aka::storage

#endif  // AKA_STORAGE_STORE_H_

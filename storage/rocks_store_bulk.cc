// RocksStore::UpsertEntities / ImportEntities: many entities' changes in one WriteBatch. Each entity goes
// through the single write's code (UpsertLocked / ImportLocked -> ApplyEntityChange -> CommitChange), so its
// validation, version, history and log rows are exactly those of the single call. CommitChange stages its
// batch in the call's BulkWrite instead of writing it (WriteOrStage); the write path's reads see what earlier
// entities of the call staged (ReadForWrite); the token statistics of all the changes are summed and written
// once; and the staged rows go to RocksDB sorted by key, in one batch and one WAL write.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "rocksdb/write_batch.h"
#include "storage/entity_validation.h"
#include "storage/pending_writes.h"
#include "storage/rocks_store.h"

namespace aka::storage {
namespace {

using aka::v1::Entity;

// A bulk call's error: the single call's status, naming the entity it was about.
absl::Status NameEntity(size_t index, const std::string& canonical_name, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat("entity ", index, " (\"", absl::CHexEscape(canonical_name),
                                                  "\"): ", status.message()));
}

}  // namespace

struct RocksStore::BulkWrite {
  BulkWrite(const std::vector<rocksdb::ColumnFamilyHandle*>& families, absl::flat_hash_set<uint32_t> read_back)
      : writes(families, std::move(read_back)) {}

  PendingWrites writes;
  // The sum of the staged changes' token deltas, written once when the call commits.
  TokenIndexDelta tokens;
  // Ids of the staged entities that carry a merge (RestageNameHolders).
  absl::btree_set<std::string> merge_carriers;
};

absl::StatusOr<std::vector<WriteResult>> RocksStore::UpsertEntities(std::vector<Entity> entities,
                                                                    const ChangeContext& context) {
  return WriteInOneBatch(std::move(entities), context, /*import=*/false);
}

absl::StatusOr<std::vector<WriteResult>> RocksStore::ImportEntities(std::vector<Entity> entities,
                                                                    const ChangeContext& context) {
  return WriteInOneBatch(std::move(entities), context, /*import=*/true);
}

absl::StatusOr<std::vector<WriteResult>> RocksStore::WriteInOneBatch(std::vector<Entity> entities,
                                                                     const ChangeContext& context, bool import) {
  // The checks the single calls make before taking the locks.
  std::vector<std::optional<uint64_t>> numbers(entities.size());
  for (size_t i = 0; i < entities.size(); ++i) {
    absl::Status valid;
    if (import) {
      absl::StatusOr<std::optional<uint64_t>> number = PrepareImport(&entities[i]);
      valid = number.status();
      if (valid.ok()) numbers[i] = *number;
    } else {
      valid = ValidateEntity(entities[i]);
      if (valid.ok()) CollapseAliases(&entities[i]);
    }
    if (!valid.ok()) return NameEntity(i, entities[i].canonical_name(), valid);
  }

  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  BulkWrite bulk(handles_, {Family(ColumnFamilyId::kEntities)->GetID(), Family(ColumnFamilyId::kExternalIds)->GetID(),
                            Family(ColumnFamilyId::kRedirects)->GetID()});
  // CommitChange advances the cached counters as it stages; they go back if the call writes nothing.
  const uint64_t next_id = next_id_;
  const int64_t entity_count = entity_count_;
  const bool ever_written = ever_written_;
  const int64_t last_sequence = last_sequence_;
  bulk_ = &bulk;
  std::vector<WriteResult> results;
  results.reserve(entities.size());
  absl::Status status;
  for (size_t i = 0; i < entities.size() && status.ok(); ++i) {
    const std::string name = entities[i].canonical_name();
    absl::StatusOr<WriteResult> written = import ? ImportLocked(std::move(entities[i]), numbers[i], context)
                                                 : UpsertLocked(std::move(entities[i]), 0, context);
    if (written.ok()) {
      results.push_back(*std::move(written));
    } else {
      status = NameEntity(i, name, written.status());
    }
  }
  if (status.ok() && bulk.writes.size() > 0) {
    rocksdb::WriteBatch token_rows;
    status = bulk.tokens.AddToBatch(token_statistics_, TokenFamilies(), &token_rows);
    if (status.ok()) status = bulk.writes.Stage(std::move(token_rows));
    rocksdb::WriteBatch batch;
    if (status.ok()) status = bulk.writes.Build(&batch);
    if (status.ok()) {
      status = Write(&batch, absl::StrCat("committing changes ", last_sequence + 1, " to ", last_sequence_));
    }
  }
  bulk_ = nullptr;
  if (!status.ok()) {
    next_id_ = next_id;
    entity_count_ = entity_count;
    ever_written_ = ever_written;
    last_sequence_ = last_sequence;
    return status;
  }
  PublishCommitted(bulk.tokens);
  return results;
}

absl::Status RocksStore::WriteOrStage(rocksdb::WriteBatch* batch, const TokenIndexDelta& token_delta,
                                      const std::vector<EntityTransition>& transitions, absl::string_view doing) {
  if (bulk_ == nullptr) {
    RETURN_IF_ERROR(token_delta.AddToBatch(token_statistics_, TokenFamilies(), batch));
    return Write(batch, doing);
  }
  RETURN_IF_ERROR(bulk_->writes.Stage(std::move(*batch)));
  bulk_->tokens.Add(token_delta);
  for (const EntityTransition& transition : transitions) {
    if (transition.updated != nullptr && CarriesMerge(*transition.updated)) {
      bulk_->merge_carriers.insert(transition.id);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RocksStore::ReadForWrite(ColumnFamilyId family, absl::string_view key,
                                                                    absl::string_view doing) const {
  if (bulk_ != nullptr) {
    const std::optional<std::string>* staged = bulk_->writes.Find(Family(family)->GetID(), key);
    if (staged != nullptr) return *staged;
  }
  return ReadValue(family, key, doing);
}

absl::StatusOr<Entity> RocksStore::ReadEntityForWrite(absl::string_view id) const {
  if (bulk_ == nullptr) return ReadEntity(id);
  ASSIGN_OR_RETURN(const std::string key, EncodeEntityKey(id));
  const std::optional<std::string>* staged = bulk_->writes.Find(Family(ColumnFamilyId::kEntities)->GetID(), key);
  if (staged == nullptr) return ReadEntity(id);
  if (!staged->has_value()) return absl::NotFoundError(absl::StrCat("entity ", id, " not found"));
  Entity entity;
  if (!entity.ParseFromString(**staged)) {
    return absl::InternalError(absl::StrCat("entity ", id, ": staged record does not parse"));
  }
  return entity;
}

absl::Status RocksStore::RestageNameHolders(absl::string_view normalized,
                                            absl::btree_set<std::string>* name_holders) const {
  if (bulk_ == nullptr) return absl::OkStatus();
  for (const std::string& id : bulk_->merge_carriers) {
    name_holders->erase(id);
    absl::StatusOr<Entity> staged = ReadEntityForWrite(id);
    if (absl::IsNotFound(staged.status())) continue;
    RETURN_IF_ERROR(staged.status());
    bool named = options_.normalizer->Normalize(staged->canonical_name()).normalized == normalized;
    for (int i = 0; i < staged->aliases_size() && !named; ++i) {
      named = options_.normalizer->Normalize(staged->aliases(i).name()).normalized == normalized;
    }
    if (named && !normalized.empty()) name_holders->insert(id);
  }
  return absl::OkStatus();
}

}  // namespace aka::storage

// RocksStore maintenance: rebuilding the name index after core::kNameKeysVersion (or kFuzzyKeysVersion)
// changes, and verifying that the derived rows (names, tokens, fuzzy, token_stats, external_ids,
// entity_count) agree with the entities.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "core/fuzzy_keys.h"
#include "rocksdb/write_batch.h"
#include "storage/name_postings.h"
#include "storage/name_postings_merge.h"
#include "storage/rocks_store.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {
namespace {

// Entities per batch while reindexing: large enough to amortize the write, small enough to bound memory.
constexpr int kReindexBatchEntities = 1000;
// VerifyIndex stops collecting after this many problems; one is enough to fail, a few help diagnose.
constexpr size_t kMaxReportedProblems = 20;

absl::StatusOr<aka::v1::Entity> ParseEntity(const rocksdb::Slice& key, const rocksdb::Slice& value) {
  aka::v1::Entity entity;
  if (!entity.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    ASSIGN_OR_RETURN(const std::string id, DecodeEntityKey(ToStringView(key)));
    return absl::DataLossError(absl::StrCat("entity ", id, ": stored record does not parse"));
  }
  return entity;
}

// A readable description of a row for a verification report.
std::string DescribeRow(ColumnFamilyId family, absl::string_view key, absl::string_view value) {
  if (family == ColumnFamilyId::kNames) {
    absl::StatusOr<DecodedNameRowKey> row = DecodeNameRowKey(key);
    if (row.ok()) {
      return absl::StrCat("names row (kind ", static_cast<int>(row->key.kind), ", \"",
                          absl::CHexEscape(row->key.value), "\") -> ", row->entity_id);
    }
  } else if (family == ColumnFamilyId::kTokens) {
    absl::StatusOr<DecodedTokenRowKey> row = DecodeTokenRowKey(key);
    if (row.ok()) return absl::StrCat("tokens row \"", absl::CHexEscape(row->token), "\" -> ", row->entity_id);
  } else if (family == ColumnFamilyId::kExternalIds) {
    absl::StatusOr<ExternalIdPair> pair = DecodeExternalIdKey(key);
    if (pair.ok()) {
      return absl::StrCat("external_ids row ", pair->key, "=\"", absl::CHexEscape(pair->value), "\" -> ",
                          absl::CHexEscape(value));
    }
  }
  return absl::StrCat(ColumnFamilyName(family), " row \"", absl::CHexEscape(key), "\"");
}

uint64_t RowHash(ColumnFamilyId family, absl::string_view key, absl::string_view value) {
  return absl::HashOf(static_cast<int>(family), key, value);
}

// The families derived from names, dropped and rebuilt together on reindex.
constexpr ColumnFamilyId kRebuiltFamilies[] = {ColumnFamilyId::kNames, ColumnFamilyId::kTokens,
                                               ColumnFamilyId::kFuzzy, ColumnFamilyId::kTokenStats};

void AddDocumentCounts(const std::vector<TokenDocument>& documents, absl::flat_hash_map<std::string, uint64_t>* counts,
                       uint64_t* document_count) {
  for (const TokenDocument& document : documents) {
    ++*document_count;
    for (const std::string& token : document) ++(*counts)[token];
  }
}

}  // namespace

absl::Status RocksStore::RebuildNameIndex() {
  {
    // Every key of these families starts with a version byte below 0xff, so this range is the whole family.
    rocksdb::WriteBatch clear;
    for (const ColumnFamilyId family : kRebuiltFamilies) {
      RETURN_IF_ERROR(FromRocksDbStatus(clear.DeleteRange(Family(family), std::string(), std::string(1, '\xff')),
                                        "building the index range delete"));
    }
    // From here the database has the current schema's layout, half built: name_keys_version 0 makes the
    // next Open start over after a crash, and the schema version keeps older binaries out.
    rocksdb::ColumnFamilyHandle* meta = Family(ColumnFamilyId::kMeta);
    RETURN_IF_ERROR(FromRocksDbStatus(
        clear.Put(meta, EncodeMetaKey(MetaField::kNameKeysVersion), EncodeMetaValue(0)), "building meta"));
    RETURN_IF_ERROR(FromRocksDbStatus(
        clear.Put(meta, EncodeMetaKey(MetaField::kSchemaVersion), EncodeMetaValue(kSchemaVersion)), "building meta"));
    RETURN_IF_ERROR(Write(&clear, "dropping the name index"));
  }
  rocksdb::ColumnFamilyHandle* names = Family(ColumnFamilyId::kNames);
  rocksdb::ColumnFamilyHandle* tokens = Family(ColumnFamilyId::kTokens);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), Family(ColumnFamilyId::kEntities)));
  rocksdb::WriteBatch batch;
  // The names rows of the batch's entities, written as one merge per names key when the batch is full.
  RowMap batch_names;
  int entities_in_batch = 0;
  // The vocabulary's counts, written once at the end: per-entity updates would rewrite common tokens'
  // counts thousands of times.
  absl::flat_hash_map<std::string, uint64_t> counts;
  uint64_t documents = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(const aka::v1::Entity entity, ParseEntity(it->key(), it->value()));
    ASSIGN_OR_RETURN(const NameDerivedRows rows, NameDerivedRowsOf(entity, *options_.normalizer));
    batch_names.insert(rows.names.begin(), rows.names.end());
    for (const auto& [key, value] : rows.tokens) {
      RETURN_IF_ERROR(FromRocksDbStatus(batch.Put(tokens, key, value), "building the token index"));
    }
    AddDocumentCounts(rows.documents, &counts, &documents);
    if (++entities_in_batch == kReindexBatchEntities) {
      RETURN_IF_ERROR(AddNamePostingOperands(names, {}, batch_names, &batch));
      RETURN_IF_ERROR(Write(&batch, "rebuilding the name index"));
      batch.Clear();
      batch_names.clear();
      entities_in_batch = 0;
    }
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), "reading entities to rebuild the name index"));
  RETURN_IF_ERROR(AddNamePostingOperands(names, {}, batch_names, &batch));
  rocksdb::ColumnFamilyHandle* fuzzy = Family(ColumnFamilyId::kFuzzy);
  std::vector<std::string> batch_tokens;
  for (const auto& [token, count] : counts) {
    ASSIGN_OR_RETURN(const std::string key, EncodeTokenStatsKey(token));
    RETURN_IF_ERROR(FromRocksDbStatus(batch.Put(Family(ColumnFamilyId::kTokenStats), key, EncodeMetaValue(count)),
                                      "building the token statistics"));
    batch_tokens.push_back(token);
    if (batch_tokens.size() == static_cast<size_t>(kReindexBatchEntities)) {
      RETURN_IF_ERROR(AddFuzzyPostingOperands(fuzzy, batch_tokens, {}, &batch));
      RETURN_IF_ERROR(Write(&batch, "rebuilding the fuzzy index"));
      batch.Clear();
      batch_tokens.clear();
    }
  }
  RETURN_IF_ERROR(AddFuzzyPostingOperands(fuzzy, batch_tokens, {}, &batch));
  // The versions go in last: only a complete index may claim them.
  rocksdb::ColumnFamilyHandle* meta = Family(ColumnFamilyId::kMeta);
  RETURN_IF_ERROR(FromRocksDbStatus(
      batch.Put(meta, EncodeMetaKey(MetaField::kTokenDocuments), EncodeMetaValue(documents)), "building meta"));
  RETURN_IF_ERROR(FromRocksDbStatus(
      batch.Put(meta, EncodeMetaKey(MetaField::kNameKeysVersion), EncodeMetaValue(core::kNameKeysVersion)),
      "building meta"));
  RETURN_IF_ERROR(FromRocksDbStatus(
      batch.Put(meta, EncodeMetaKey(MetaField::kFuzzyKeysVersion), EncodeMetaValue(core::kFuzzyKeysVersion)),
      "building meta"));
  RETURN_IF_ERROR(Write(&batch, "rebuilding the name index"));
  // Folds the merge operands into posting lists now, so the first reads need not, and drops the old rows.
  for (rocksdb::ColumnFamilyHandle* family : {names, fuzzy}) {
    RETURN_IF_ERROR(FromRocksDbStatus(db_->CompactRange(rocksdb::CompactRangeOptions(), family, nullptr, nullptr),
                                      "compacting the rebuilt name index"));
  }
  // Open reindexes before anyone can read the statistics, so they start empty here.
  for (const auto& [token, count] : counts) token_statistics_.Add(token, count);
  token_statistics_.SetDocumentCount(documents);
  return absl::OkStatus();
}

absl::Status RocksStore::VerifyNamePostings(const rocksdb::ReadOptions& read_options,
                                          absl::flat_hash_set<uint64_t>* unseen,
                                          const std::function<void(std::string)>& report) const {
  std::unique_ptr<rocksdb::Iterator> rows(db_->NewIterator(read_options, Family(ColumnFamilyId::kNames)));
  std::vector<IndexHit> entries;
  for (rows->SeekToFirst(); rows->Valid(); rows->Next()) {
    const absl::string_view key = ToStringView(rows->key());
    entries.clear();
    if (const absl::Status decoded = DecodePostingList(ToStringView(rows->value()), &entries); !decoded.ok()) {
      report(std::string(decoded.message()));
      continue;
    }
    for (const IndexHit& entry : entries) {
      // The logical row (keys.h): the names key followed by the entity id.
      const std::string row_key = absl::StrCat(key, entry.entity_id);
      const std::string value = EncodeNameRowValue(entry.alias_index, entry.name);
      if (unseen->erase(RowHash(ColumnFamilyId::kNames, row_key, value)) == 0) {
        report(absl::StrCat("orphan ", DescribeRow(ColumnFamilyId::kNames, row_key, value)));
      }
    }
  }
  return FromRocksDbStatus(rows->status(), "verifying names");
}

absl::Status RocksStore::VerifyIndex() const {
  ASSIGN_OR_RETURN(const std::vector<std::string> problems, FindIndexProblems());
  if (!problems.empty()) {
    return absl::DataLossError(absl::StrCat("index verification failed: ", absl::StrJoin(problems, "; ")));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> RocksStore::FindIndexProblems() const {
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  // Released on every return path; db_ outlives this call because Close waits for db_mu_.
  std::unique_ptr<const rocksdb::Snapshot, std::function<void(const rocksdb::Snapshot*)>> release(
      snapshot, [this](const rocksdb::Snapshot* s) ABSL_NO_THREAD_SAFETY_ANALYSIS { db_->ReleaseSnapshot(s); });
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;

  std::vector<std::string> problems;
  auto report = [&problems](std::string problem) {
    if (problems.size() < kMaxReportedProblems) problems.push_back(std::move(problem));
  };
  // Hashes of every row the entities imply; any row on disk outside this set is an orphan.
  absl::flat_hash_set<uint64_t> expected;
  // The same for the names rows (entries of the posting lists), erased as the scan of names finds them:
  // what is left is missing. Point reads per row would decode a shared posting list once per entity.
  absl::flat_hash_set<uint64_t> unseen_names;
  auto check_rows = [&](ColumnFamilyId family, const RowMap& rows) ABSL_SHARED_LOCKS_REQUIRED(db_mu_) {
    for (const auto& [key, value] : rows) {
      expected.insert(RowHash(family, key, value));
      ASSIGN_OR_RETURN(const std::optional<std::string> stored,
                       ReadValue(family, key, "verifying the index", snapshot));
      if (!stored.has_value()) {
        report(absl::StrCat("missing ", DescribeRow(family, key, value)));
      } else if (*stored != value) {
        report(absl::StrCat("wrong value in ", DescribeRow(family, key, value)));
      }
    }
    return absl::OkStatus();
  };

  int64_t entities = 0;
  absl::flat_hash_map<std::string, uint64_t> token_counts;
  uint64_t token_documents = 0;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Family(ColumnFamilyId::kEntities)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++entities;
    ASSIGN_OR_RETURN(const aka::v1::Entity entity, ParseEntity(it->key(), it->value()));
    ASSIGN_OR_RETURN(const std::string id, DecodeEntityKey(ToStringView(it->key())));
    if (entity.id() != id) report(absl::StrCat("entity stored under ", id, " has id ", entity.id()));
    ASSIGN_OR_RETURN(const NameDerivedRows derived, NameDerivedRowsOf(entity, *options_.normalizer));
    for (const auto& [key, value] : derived.names) unseen_names.insert(RowHash(ColumnFamilyId::kNames, key, value));
    RETURN_IF_ERROR(check_rows(ColumnFamilyId::kTokens, derived.tokens));
    AddDocumentCounts(derived.documents, &token_counts, &token_documents);
    ASSIGN_OR_RETURN(const RowMap external_ids, ExternalIdRowsOf(entity));
    RETURN_IF_ERROR(check_rows(ColumnFamilyId::kExternalIds, external_ids));
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), "verifying entities"));

  RETURN_IF_ERROR(VerifyNamePostings(read_options, &unseen_names, report));

  for (const ColumnFamilyId family : {ColumnFamilyId::kTokens, ColumnFamilyId::kExternalIds}) {
    std::unique_ptr<rocksdb::Iterator> rows(db_->NewIterator(read_options, Family(family)));
    for (rows->SeekToFirst(); rows->Valid(); rows->Next()) {
      const absl::string_view key = ToStringView(rows->key());
      const absl::string_view value = ToStringView(rows->value());
      if (!expected.contains(RowHash(family, key, value))) {
        report(absl::StrCat("orphan ", DescribeRow(family, key, value)));
      }
    }
    RETURN_IF_ERROR(FromRocksDbStatus(rows->status(), absl::StrCat("verifying ", ColumnFamilyName(family))));
  }

  RETURN_IF_ERROR(VerifyVocabulary(read_options, token_counts, token_documents, report));
  if (!unseen_names.empty()) {
    // Rare (a damaged index): a second pass over the entities names the missing rows.
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSIGN_OR_RETURN(const aka::v1::Entity entity, ParseEntity(it->key(), it->value()));
      ASSIGN_OR_RETURN(const RowMap names, NameRowsOf(entity, *options_.normalizer));
      for (const auto& [key, value] : names) {
        if (unseen_names.contains(RowHash(ColumnFamilyId::kNames, key, value))) {
          report(absl::StrCat("missing ", DescribeRow(ColumnFamilyId::kNames, key, value)));
        }
      }
    }
    RETURN_IF_ERROR(FromRocksDbStatus(it->status(), "verifying entities"));
  }

  ASSIGN_OR_RETURN(const std::optional<std::string> count_value,
                   ReadValue(ColumnFamilyId::kMeta, EncodeMetaKey(MetaField::kEntityCount), "reading meta", snapshot));
  ASSIGN_OR_RETURN(const uint64_t count, count_value.has_value() ? DecodeMetaValue(*count_value)
                                                                 : absl::StatusOr<uint64_t>(0));
  if (static_cast<int64_t>(count) != entities) {
    report(absl::StrCat("meta entity_count is ", count, " but there are ", entities, " entities"));
  }
  return problems;
}

}  // namespace aka::storage

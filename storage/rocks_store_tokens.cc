// RocksStore: the read side of the token-level and fuzzy index (tokens, fuzzy, token_stats; keys.h), and
// loading the token statistics at open. The write side is TokenIndexDelta (token_index.h).
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/name_postings.h"
#include "storage/rocks_store.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {

TokenIndexFamilies RocksStore::TokenFamilies() const {
  return TokenIndexFamilies{Family(ColumnFamilyId::kTokenStats), Family(ColumnFamilyId::kFuzzy),
                            Family(ColumnFamilyId::kMeta)};
}

absl::Status RocksStore::LoadTokenStatistics() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), Family(ColumnFamilyId::kTokenStats)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(const std::string token, DecodeTokenStatsKey(ToStringView(it->key())));
    ASSIGN_OR_RETURN(const uint64_t count, DecodeMetaValue(ToStringView(it->value())));
    token_statistics_.Add(token, count);
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), "loading token statistics"));
  ASSIGN_OR_RETURN(const uint64_t documents, ReadMeta(MetaField::kTokenDocuments, 0));
  token_statistics_.SetDocumentCount(documents);
  return absl::OkStatus();
}

absl::StatusOr<bool> RocksStore::VisitTokenRows(
    absl::string_view token, size_t max_hits,
    const std::function<void(absl::string_view, absl::string_view, int32_t)>& visit) const {
  ASSIGN_OR_RETURN(const std::string prefix, EncodeTokenPrefix(token));
  std::string upper = prefix;
  upper.back() = '\x01';
  const rocksdb::Slice upper_bound(upper);

  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_bound;
  read_options.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Family(ColumnFamilyId::kTokens)));
  size_t found = 0;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const rocksdb::Slice row_key = it->key();
    if (!row_key.starts_with(prefix)) break;
    if (found == max_hits) return true;
    int32_t alias_index = -1;
    absl::string_view name;
    RETURN_IF_ERROR(DecodeNameRowValue(ToStringView(it->value()), &alias_index, &name));
    visit(absl::string_view(row_key.data() + prefix.size(), row_key.size() - prefix.size()), name, alias_index);
    ++found;
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), absl::StrCat("looking up token \"", token, "\"")));
  return false;
}

absl::StatusOr<bool> RocksStore::LookupToken(absl::string_view token, size_t max_hits,
                                             std::vector<IndexHit>* hits) const {
  return VisitTokenRows(token, max_hits, [hits](absl::string_view entity_id, absl::string_view name,
                                                int32_t alias_index) {
    hits->push_back(IndexHit{std::string(entity_id), std::string(name), alias_index});
  });
}

absl::StatusOr<bool> RocksStore::LookupTokenPostings(absl::string_view token, size_t max_hits,
                                                     TokenPostings* postings) const {
  postings->Clear();
  return VisitTokenRows(token, max_hits, [postings](absl::string_view entity_id, absl::string_view name,
                                                    int32_t alias_index) {
    postings->Add(entity_id, name, alias_index);
  });
}

absl::Status RocksStore::LookupFuzzyKeys(const std::vector<std::string>& deletion_keys,
                                         std::vector<std::string>* tokens) const {
  std::vector<std::string> encoded(deletion_keys.size());
  for (size_t i = 0; i < deletion_keys.size(); ++i) {
    ASSIGN_OR_RETURN(encoded[i], EncodeFuzzyPrefix(deletion_keys[i]));
  }
  std::vector<std::vector<IndexHit>> lists;
  {
    absl::ReaderMutexLock lock(&db_mu_);
    RETURN_IF_ERROR(CheckOpen());
    RETURN_IF_ERROR(ReadPostingLists(ColumnFamilyId::kFuzzy, encoded, &lists));
  }
  // The lists' entries are tokens (keys.h).
  absl::flat_hash_set<std::string> seen(tokens->begin(), tokens->end());
  for (std::vector<IndexHit>& list : lists) {
    for (IndexHit& entry : list) {
      if (seen.insert(entry.entity_id).second) tokens->push_back(std::move(entry.entity_id));
    }
  }
  return absl::OkStatus();
}


absl::Status RocksStore::VerifyVocabulary(const rocksdb::ReadOptions& read_options,
                                          const absl::flat_hash_map<std::string, uint64_t>& counts,
                                          uint64_t documents,
                                          const std::function<void(std::string)>& report) const {
  // token_stats: every stored count equals the implied one, and every implied token has a row.
  size_t matched_tokens = 0;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Family(ColumnFamilyId::kTokenStats)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(const std::string token, DecodeTokenStatsKey(ToStringView(it->key())));
    ASSIGN_OR_RETURN(const uint64_t stored, DecodeMetaValue(ToStringView(it->value())));
    const auto expected = counts.find(token);
    if (expected == counts.end()) {
      report(absl::StrCat("orphan token_stats row \"", absl::CHexEscape(token), "\" (count ", stored, ")"));
      continue;
    }
    ++matched_tokens;
    if (stored != expected->second) {
      report(absl::StrCat("token_stats row \"", absl::CHexEscape(token), "\" counts ", stored, ", the entities ",
                          expected->second));
    }
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), "verifying token_stats"));
  if (matched_tokens != counts.size()) {
    report(absl::StrCat(counts.size() - matched_tokens, " tokens of the entities have no token_stats row"));
  }
  ASSIGN_OR_RETURN(const std::optional<std::string> documents_value,
                   ReadValue(ColumnFamilyId::kMeta, EncodeMetaKey(MetaField::kTokenDocuments), "reading meta",
                             read_options.snapshot));
  ASSIGN_OR_RETURN(const uint64_t stored_documents, documents_value.has_value()
                                                        ? DecodeMetaValue(*documents_value)
                                                        : absl::StatusOr<uint64_t>(0));
  if (stored_documents != documents) {
    report(absl::StrCat("meta token_documents is ", stored_documents, " but the entities have ", documents));
  }

  // fuzzy: exactly the keys of the counted tokens. Rows are keyed by deletion key, so the expected set is
  // built first (8 bytes per row); a row count below the expected one means rows are missing.
  absl::flat_hash_set<uint64_t> expected_rows;
  for (const auto& [token, count] : counts) {
    ASSIGN_OR_RETURN(const RowMap rows, FuzzyRowsOfToken(token));
    for (const auto& [row_key, value] : rows) expected_rows.insert(absl::HashOf(absl::string_view(row_key)));
  }
  size_t matched_rows = 0;
  std::unique_ptr<rocksdb::Iterator> fuzzy(db_->NewIterator(read_options, Family(ColumnFamilyId::kFuzzy)));
  std::vector<IndexHit> entries;
  for (fuzzy->SeekToFirst(); fuzzy->Valid(); fuzzy->Next()) {
    entries.clear();
    if (const absl::Status decoded = DecodePostingList(ToStringView(fuzzy->value()), &entries); !decoded.ok()) {
      report(std::string(decoded.message()));
      continue;
    }
    for (const IndexHit& entry : entries) {
      // The logical row (keys.h): the fuzzy key followed by the token.
      const std::string key = absl::StrCat(ToStringView(fuzzy->key()), entry.entity_id);
      if (expected_rows.contains(absl::HashOf(absl::string_view(key)))) {
        ++matched_rows;
        continue;
      }
      absl::StatusOr<DecodedFuzzyRowKey> row = DecodeFuzzyRowKey(key);
      report(row.ok() ? absl::StrCat("orphan fuzzy row \"", absl::CHexEscape(row->deletion_key), "\" -> \"",
                                     absl::CHexEscape(row->token), "\"")
                      : std::string(row.status().message()));
    }
  }
  RETURN_IF_ERROR(FromRocksDbStatus(fuzzy->status(), "verifying fuzzy"));
  if (matched_rows != expected_rows.size()) {
    report(absl::StrCat(expected_rows.size() - matched_rows, " fuzzy rows of the entities' tokens are missing"));
  }
  return absl::OkStatus();
}

}  // namespace aka::storage

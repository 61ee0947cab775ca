#include "storage/token_index.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "core/fuzzy_keys.h"
#include "storage/name_postings_merge.h"
#include "storage/keys.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {

void TokenIndexDelta::AddCopies(const TokenDocument& document, int64_t copies) {
  auto [it, inserted] = documents_.emplace(document, 0);
  it->second += copies;
  if (it->second == 0) documents_.erase(it);
}

void TokenIndexDelta::Change(const std::vector<TokenDocument>& documents, int sign) {
  for (const TokenDocument& document : documents) AddCopies(document, sign);
}

void TokenIndexDelta::Remove(const std::vector<TokenDocument>& documents) { Change(documents, -1); }
void TokenIndexDelta::Add(const std::vector<TokenDocument>& documents) { Change(documents, +1); }

void TokenIndexDelta::Add(const TokenIndexDelta& other) {
  for (const auto& [document, copies] : other.documents_) AddCopies(document, copies);
}

absl::Status TokenIndexDelta::AddToBatch(const core::TokenStatistics& current, const TokenIndexFamilies& families,
                                         rocksdb::WriteBatch* batch) const {
  if (documents_.empty()) return absl::OkStatus();
  int64_t document_delta = 0;
  absl::flat_hash_map<std::string, int64_t> token_delta;
  // Tokens whose count reaches zero (leave the fuzzy lists) or leaves it (enter them).
  std::vector<std::string> fuzzy_added, fuzzy_removed;
  for (const auto& [document, copies] : documents_) {
    document_delta += copies;
    for (const std::string& token : document) token_delta[token] += copies;
  }
  for (const auto& [token, delta] : token_delta) {
    if (delta == 0) continue;
    const int64_t before = static_cast<int64_t>(current.Count(token));
    // Counts are rebuilt from the entities on reindex; a negative result would mean they disagree, and
    // clamping keeps the families consistent with each other until VerifyIndex reports it.
    const int64_t after = std::max<int64_t>(before + delta, 0);
    ASSIGN_OR_RETURN(const std::string key, EncodeTokenStatsKey(token));
    if (after == 0) {
      RETURN_IF_ERROR(FromRocksDbStatus(batch->Delete(families.token_stats, key), "building a delete"));
    } else {
      RETURN_IF_ERROR(FromRocksDbStatus(
          batch->Put(families.token_stats, key, EncodeMetaValue(static_cast<uint64_t>(after))), "building a put"));
    }
    if ((before == 0) == (after == 0) || !core::IsFuzzyKeyToken(token)) continue;
    (after == 0 ? fuzzy_removed : fuzzy_added).push_back(token);
  }
  RETURN_IF_ERROR(AddFuzzyPostingOperands(families.fuzzy, fuzzy_added, fuzzy_removed, batch));
  if (document_delta != 0) {
    const int64_t documents =
        std::max<int64_t>(static_cast<int64_t>(current.DocumentCount()) + document_delta, 0);
    RETURN_IF_ERROR(FromRocksDbStatus(batch->Put(families.meta, EncodeMetaKey(MetaField::kTokenDocuments),
                                                 EncodeMetaValue(static_cast<uint64_t>(documents))),
                                      "building a put"));
  }
  return absl::OkStatus();
}

void TokenIndexDelta::ApplyTo(core::TokenStatistics* statistics) const {
  for (const auto& [document, copies] : documents_) {
    for (int64_t i = 0; i < copies; ++i) statistics->AddName(document);
    for (int64_t i = 0; i > copies; --i) statistics->RemoveName(document);
  }
}

}  // namespace aka::storage

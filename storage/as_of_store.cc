#include "storage/as_of_store.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/keys.h"

namespace aka::storage {
namespace {

// Log pages read while building a view: the store's largest.
constexpr int kPage = 1000;

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

absl::Status ReadOnly() {
  return absl::FailedPreconditionError("an as-of view of the registry is read-only");
}

// The change with `sequence` (1..last). Sequences have no gaps, so it is the first after sequence - 1.
absl::StatusOr<aka::v1::Change> ChangeAt(const Store& store, int64_t sequence) {
  ASSIGN_OR_RETURN(std::vector<aka::v1::Change> changes, store.ReadChanges(sequence - 1, 1));
  if (changes.empty() || changes.front().sequence() != sequence) {
    return absl::DataLossError(absl::StrCat("the change log has no change ", sequence));
  }
  return std::move(changes.front());
}

}  // namespace

absl::StatusOr<std::unique_ptr<AsOfStore>> AsOfStore::Create(const Store* base, const core::Normalizer* normalizer,
                                                              const AsOfOptions& options) {
  if (base == nullptr) return absl::InvalidArgumentError("base: is null");
  if (normalizer == nullptr) return absl::InvalidArgumentError("normalizer: is null");
  std::unique_ptr<AsOfStore> view(new AsOfStore(base, options.as_of));
  ASSIGN_OR_RETURN(const int64_t last, base->LastSequence());
  // Binary search for the newest change at or before the time: commit times grow with the sequence.
  int64_t low = 0, high = last;  // Invariant: change `low` (or none) is at/before; every change > high is after.
  while (low < high) {
    const int64_t middle = low + (high - low + 1) / 2;
    ASSIGN_OR_RETURN(const aka::v1::Change change, ChangeAt(*base, middle));
    if (TimeOf(change.time()) <= options.as_of) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  view->sequence_ = low;
  if (static_cast<size_t>(last - low) > options.max_changes) {
    return absl::ResourceExhaustedError(absl::StrCat("as_of: ", last - low, " changes were made since then (at most ",
                                                     options.max_changes, " can be undone for a view)"));
  }
  std::vector<aka::v1::Change> after;
  for (int64_t next = low; next < last;) {
    ASSIGN_OR_RETURN(std::vector<aka::v1::Change> page, base->ReadChanges(next, kPage));
    if (page.empty()) break;
    next = page.back().sequence();
    for (aka::v1::Change& change : page) after.push_back(std::move(change));
  }
  RETURN_IF_ERROR(view->Build(after, *normalizer));
  return view;
}

absl::Status AsOfStore::Build(const std::vector<aka::v1::Change>& changes, const core::Normalizer& normalizer) {
  // The first change after the time that touched an id holds, as `before`, its state at the time.
  for (const aka::v1::Change& change : changes) {
    for (const aka::v1::EntityChange& entity : change.entities()) {
      if (states_.contains(entity.entity_id())) continue;
      states_[entity.entity_id()] =
          entity.has_before() ? std::optional<aka::v1::Entity>(entity.before()) : std::nullopt;
      redirects_[entity.entity_id()] = entity.redirect_before();
    }
  }
  absl::flat_hash_set<std::string> tokens;
  for (const auto& [id, state] : states_) {
    if (!state.has_value()) continue;
    ASSIGN_OR_RETURN(NameDerivedRows rows, NameDerivedRowsOf(*state, normalizer));
    for (const auto& [key, value] : rows.tokens) {
      ASSIGN_OR_RETURN(DecodedTokenRowKey row, DecodeTokenRowKey(key));
      tokens.insert(std::move(row.token));
    }
    names_.merge(rows.names);
    tokens_.merge(rows.tokens);
  }
  for (const std::string& token : tokens) {
    ASSIGN_OR_RETURN(RowMap rows, FuzzyRowsOfToken(token));
    fuzzy_.merge(rows);
  }
  return absl::OkStatus();
}

absl::StatusOr<aka::v1::Entity> AsOfStore::GetEntity(absl::string_view id) const {
  const auto found = states_.find(id);
  if (found == states_.end()) return base_->GetEntity(id);
  if (!found->second.has_value()) return absl::NotFoundError(absl::StrCat("entity ", id, " not found"));
  return *found->second;
}

absl::StatusOr<ResolvedEntity> AsOfStore::GetEntityFollowingRedirects(absl::string_view id) const {
  ResolvedEntity resolved;
  std::string current(id);
  // A chain longer than the number of overridden ids plus one live step would be a cycle.
  for (size_t step = 0; step <= states_.size() + 1; ++step) {
    const auto redirect = redirects_.find(current);
    if (redirect == redirects_.end()) {
      if (current == id) return base_->GetEntityFollowingRedirects(id);
      ASSIGN_OR_RETURN(resolved.entity, GetEntity(current));
      resolved.redirected_from = std::string(id);
      return resolved;
    }
    if (redirect->second.empty()) {
      ASSIGN_OR_RETURN(resolved.entity, GetEntity(current));
      if (current != id) resolved.redirected_from = std::string(id);
      return resolved;
    }
    current = redirect->second;
  }
  return absl::DataLossError(absl::StrCat("the redirects of ", id, " form a cycle"));
}

absl::Status AsOfStore::AppendRowHits(const RowMap& rows, const std::string& prefix, std::vector<IndexHit>* hits) {
  for (auto it = rows.lower_bound(prefix); it != rows.end() && absl::StartsWith(it->first, prefix); ++it) {
    ASSIGN_OR_RETURN(NameRowValue value, DecodeNameRowValue(it->second));
    IndexHit hit;
    hit.entity_id = it->first.substr(prefix.size());
    hit.name = std::move(value.name);
    hit.alias_index = value.alias_index;
    hits->push_back(std::move(hit));
  }
  return absl::OkStatus();
}

absl::Status AsOfStore::LookupKey(const core::NameKey& key, std::vector<IndexHit>* hits) const {
  std::vector<IndexHit> live;
  RETURN_IF_ERROR(base_->LookupKey(key, &live));
  for (IndexHit& hit : live) {
    if (!Overridden(hit.entity_id)) hits->push_back(std::move(hit));
  }
  ASSIGN_OR_RETURN(const std::string prefix, EncodeNamePrefix(key));
  return AppendRowHits(names_, prefix, hits);
}

absl::StatusOr<bool> AsOfStore::LookupToken(absl::string_view token, size_t max_hits,
                                            std::vector<IndexHit>* hits) const {
  std::vector<IndexHit> found;
  ASSIGN_OR_RETURN(bool stopped, base_->LookupToken(token, max_hits, &found));
  found.erase(std::remove_if(found.begin(), found.end(), [this](const IndexHit& hit) { return Overridden(hit.entity_id); }),
              found.end());
  ASSIGN_OR_RETURN(const std::string prefix, EncodeTokenPrefix(token));
  RETURN_IF_ERROR(AppendRowHits(tokens_, prefix, &found));
  if (found.size() > max_hits) {
    found.resize(max_hits);
    stopped = true;
  }
  for (IndexHit& hit : found) hits->push_back(std::move(hit));
  return stopped;
}

absl::Status AsOfStore::LookupFuzzyKeys(const std::vector<std::string>& deletion_keys,
                                        std::vector<std::string>* tokens) const {
  // Tokens only today's entities have are harmless here: LookupToken finds no entity of the view for them.
  RETURN_IF_ERROR(base_->LookupFuzzyKeys(deletion_keys, tokens));
  absl::flat_hash_set<std::string> seen(tokens->begin(), tokens->end());
  for (const std::string& deletion_key : deletion_keys) {
    ASSIGN_OR_RETURN(const std::string prefix, EncodeFuzzyPrefix(deletion_key));
    for (auto it = fuzzy_.lower_bound(prefix); it != fuzzy_.end() && absl::StartsWith(it->first, prefix); ++it) {
      std::string token = it->first.substr(prefix.size());
      if (seen.insert(token).second) tokens->push_back(std::move(token));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<aka::v1::Negative>> AsOfStore::NegativesFor(absl::string_view name, absl::Time) const {
  ASSIGN_OR_RETURN(std::vector<aka::v1::Negative> negatives, base_->NegativesFor(name, as_of_));
  negatives.erase(std::remove_if(negatives.begin(), negatives.end(),
                                 [this](const aka::v1::Negative& negative) {
                                   return TimeOf(negative.create_time()) > as_of_;
                                 }),
                  negatives.end());
  return negatives;
}

absl::StatusOr<std::vector<aka::v1::Change>> AsOfStore::GetHistory(absl::string_view id, int64_t after_sequence,
                                                                   int max_changes) const {
  ASSIGN_OR_RETURN(std::vector<aka::v1::Change> changes, base_->GetHistory(id, after_sequence, max_changes));
  changes.erase(std::remove_if(changes.begin(), changes.end(),
                               [this](const aka::v1::Change& change) { return change.sequence() > sequence_; }),
                changes.end());
  return changes;
}

absl::StatusOr<std::vector<aka::v1::Change>> AsOfStore::ReadChanges(int64_t after_sequence, int max_changes) const {
  if (after_sequence >= sequence_) return std::vector<aka::v1::Change>();
  ASSIGN_OR_RETURN(std::vector<aka::v1::Change> changes,
                   base_->ReadChanges(after_sequence, static_cast<int>(
                                                          std::min<int64_t>(max_changes, sequence_ - after_sequence))));
  return changes;
}

absl::StatusOr<EntityPage> AsOfStore::ListEntities(absl::string_view, int, absl::string_view) const {
  return absl::FailedPreconditionError("an as-of view cannot list entities: list the live registry");
}
absl::StatusOr<int64_t> AsOfStore::CountEntities() const {
  return absl::FailedPreconditionError("an as-of view cannot count entities: count the live registry");
}
absl::StatusOr<WriteResult> AsOfStore::UpsertEntity(aka::v1::Entity, int64_t, const ChangeContext&) {
  return ReadOnly();
}
absl::StatusOr<WriteResult> AsOfStore::DeleteEntity(absl::string_view, int64_t, const ChangeContext&) {
  return ReadOnly();
}
absl::StatusOr<WriteResult> AsOfStore::ImportEntity(aka::v1::Entity, const ChangeContext&) { return ReadOnly(); }
absl::StatusOr<std::vector<WriteResult>> AsOfStore::UpsertEntities(std::vector<aka::v1::Entity>,
                                                                   const ChangeContext&) {
  return ReadOnly();
}
absl::StatusOr<std::vector<WriteResult>> AsOfStore::ImportEntities(std::vector<aka::v1::Entity>,
                                                                   const ChangeContext&) {
  return ReadOnly();
}
absl::StatusOr<BackupDescription> AsOfStore::CreateBackup(const std::string&) {
  return absl::FailedPreconditionError("an as-of view cannot be backed up: back up the live database");
}
absl::StatusOr<std::vector<std::string>> AsOfStore::FindIndexProblems() const {
  return absl::FailedPreconditionError("an as-of view has no index of its own: verify the live database");
}
absl::StatusOr<WriteResult> AsOfStore::AddAlias(absl::string_view, aka::v1::Alias, const AddAliasOptions&) {
  return ReadOnly();
}
absl::StatusOr<WriteResult> AsOfStore::RemoveAlias(absl::string_view, absl::string_view, int64_t,
                                                   const ChangeContext&) {
  return ReadOnly();
}
absl::StatusOr<aka::v1::Change> AsOfStore::MergeEntities(absl::string_view, const std::vector<std::string>&, int64_t,
                                                         const ChangeContext&) {
  return ReadOnly();
}
absl::StatusOr<aka::v1::Change> AsOfStore::SplitEntity(absl::string_view, const std::vector<std::string>&,
                                                       absl::string_view, int64_t, const ChangeContext&) {
  return ReadOnly();
}
absl::StatusOr<aka::v1::Change> AsOfStore::Undo(int64_t, const ChangeContext&) { return ReadOnly(); }
absl::StatusOr<aka::v1::Change> AsOfStore::AddNegative(aka::v1::Negative, const ChangeContext&) { return ReadOnly(); }
absl::StatusOr<aka::v1::Change> AsOfStore::RemoveNegative(absl::string_view, absl::string_view,
                                                          const ChangeContext&) {
  return ReadOnly();
}

}  // namespace aka::storage

// RocksStore curation: merges, splits, undo, redirects, history and change-log reads. Every mutation here
// builds EntityTransitions and commits them through CommitChange (rocks_store_write.cc), so a merge of ten
// entities is one WriteBatch like any single write, and its history and log rows commit with it.
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "storage/change_log.h"
#include "storage/entity_validation.h"
#include "storage/rocks_store.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {
namespace {

using aka::v1::Change;
using aka::v1::Entity;

constexpr int kMaxPageSize = 1000;
// A chain of merges longer than this is a cycle or corruption; real chains are a few hops.
constexpr int kMaxRedirectHops = 64;

google::protobuf::Timestamp Now() {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(absl::Now()));
}

absl::Status CheckVersion(const Entity& stored, int64_t expected_version) {
  if (expected_version != 0 && expected_version != stored.version()) {
    return absl::FailedPreconditionError(absl::StrCat("entity ", stored.id(), " is at version ", stored.version(),
                                                      ", not ", expected_version));
  }
  return absl::OkStatus();
}

absl::Status CheckPageSize(int max_changes) {
  if (max_changes < 1 || max_changes > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_changes: is ", max_changes, "; it must be between 1 and ", kMaxPageSize));
  }
  return absl::OkStatus();
}

// Both absent, or both present and equal field by field (map order does not matter).
bool SameState(const Entity* current, const aka::v1::EntityChange& change) {
  if ((current != nullptr) != change.has_after()) return false;
  return current == nullptr || google::protobuf::util::MessageDifferencer::Equals(*current, change.after());
}

}  // namespace

absl::StatusOr<std::string> RocksStore::ReadRedirect(absl::string_view id) const {
  ASSIGN_OR_RETURN(const std::string key, EncodeRedirectKey(id));
  ASSIGN_OR_RETURN(std::optional<std::string> target,
                   ReadValue(ColumnFamilyId::kRedirects, key, absl::StrCat("reading the redirect of ", id)));
  return target.value_or("");
}

absl::StatusOr<ResolvedEntity> RocksStore::GetEntityFollowingRedirects(absl::string_view id) const {
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  return FollowRedirectsLocked(id);
}

absl::StatusOr<ResolvedEntity> RocksStore::FollowRedirectsLocked(absl::string_view id) const {
  std::string current(id);
  for (int hop = 0; hop <= kMaxRedirectHops; ++hop) {
    absl::StatusOr<Entity> entity = ReadEntity(current);
    if (entity.ok()) {
      ResolvedEntity resolved;
      resolved.entity = *std::move(entity);
      if (hop > 0) resolved.redirected_from = std::string(id);
      return resolved;
    }
    if (!absl::IsNotFound(entity.status())) return entity.status();
    ASSIGN_OR_RETURN(std::string target, ReadRedirect(current));
    if (target.empty()) {
      return hop == 0 ? entity.status()
                      : absl::NotFoundError(absl::StrCat("entity ", id, " was merged into ", current,
                                                         ", which no longer exists"));
    }
    current = std::move(target);
  }
  return absl::DataLossError(absl::StrCat("entity ", id, ": more than ", kMaxRedirectHops, " redirects"));
}

absl::StatusOr<Change> RocksStore::MergeEntities(absl::string_view target_id,
                                                 const std::vector<std::string>& source_ids,
                                                 int64_t expected_target_version, const ChangeContext& context) {
  if (source_ids.empty()) return absl::InvalidArgumentError("source_ids: is empty");
  absl::flat_hash_set<std::string> seen;
  for (const std::string& source_id : source_ids) {
    if (source_id == target_id) {
      return absl::InvalidArgumentError(absl::StrCat("source_ids: contains the target ", target_id));
    }
    if (!seen.insert(source_id).second) {
      return absl::InvalidArgumentError(absl::StrCat("source_ids: ", source_id, " appears twice"));
    }
  }

  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(const Entity target, ReadEntity(target_id));
  RETURN_IF_ERROR(CheckVersion(target, expected_target_version));
  std::vector<Entity> sources;
  sources.reserve(source_ids.size());
  for (const std::string& source_id : source_ids) {
    ASSIGN_OR_RETURN(Entity source, ReadEntity(source_id));
    if (source.type() != target.type()) {
      return absl::InvalidArgumentError(absl::StrCat("entity ", source_id, " is a ", source.type(), ", entity ",
                                                     target.id(), " a ", target.type(), ": only entities of one "
                                                     "type merge"));
    }
    sources.push_back(std::move(source));
  }

  const google::protobuf::Timestamp now = Now();
  Entity merged = target;
  for (const Entity& source : sources) {
    // The canonical name keeps a record of where it came from, so a split or an audit can find it again.
    aka::v1::Alias* canonical = merged.add_aliases();
    canonical->set_name(source.canonical_name());
    canonical->set_source("merge");
    canonical->set_reference(source.id());
    canonical->set_asserted_by(context.who);
    canonical->set_kind(aka::v1::AKA);
    *canonical->mutable_added_time() = now;
    for (const aka::v1::Alias& alias : source.aliases()) {
      aka::v1::Alias* moved = merged.add_aliases();
      *moved = alias;  // Source, reference, asserted_by and kind are the alias's provenance: kept.
      *moved->mutable_added_time() = now;
    }
    // The target's own values win; a source's conflicting external id stays in its logged record (undo
    // brings it back) but cannot stay indexed: one key=value pair names one live entity.
    for (const auto& [key, value] : source.external_ids()) merged.mutable_external_ids()->insert({key, value});
    for (const auto& [key, value] : source.attributes()) merged.mutable_attributes()->insert({key, value});
  }
  CollapseAliases(&merged);
  merged.set_version(target.version() + 1);
  *merged.mutable_update_time() = now;

  // Sources first: their external id rows are deleted before the target's puts of the same keys.
  std::vector<EntityTransition> transitions;
  for (const Entity& source : sources) {
    EntityTransition transition;
    transition.id = source.id();
    transition.old = &source;
    transition.redirect_after = target.id();
    transitions.push_back(std::move(transition));
  }
  EntityTransition target_transition;
  target_transition.id = target.id();
  target_transition.old = &target;
  target_transition.updated = &merged;
  transitions.push_back(std::move(target_transition));
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_MERGE;
  meta.context = context;
  return CommitChange(transitions, meta);
}

absl::StatusOr<Change> RocksStore::SplitEntity(absl::string_view id, const std::vector<std::string>& alias_names,
                                               absl::string_view new_canonical_name, int64_t expected_version,
                                               const ChangeContext& context) {
  if (alias_names.empty()) return absl::InvalidArgumentError("alias_names: is empty");
  absl::flat_hash_set<std::string> moving;
  for (const std::string& name : alias_names) {
    if (!moving.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat("alias_names: \"", absl::CHexEscape(name), "\" appears twice"));
    }
  }

  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(const Entity old, ReadEntity(id));
  RETURN_IF_ERROR(CheckVersion(old, expected_version));

  const google::protobuf::Timestamp now = Now();
  Entity remaining = old;
  remaining.clear_aliases();
  Entity created;
  created.set_id(FormatEntityId(next_id_));
  created.set_type(old.type());
  created.set_canonical_name(new_canonical_name.empty() ? alias_names.front() : std::string(new_canonical_name));
  for (const aka::v1::Alias& alias : old.aliases()) {
    if (moving.erase(alias.name()) > 0) {
      *created.add_aliases() = alias;  // Provenance and added_time travel with the alias.
    } else {
      *remaining.add_aliases() = alias;
    }
  }
  if (!moving.empty()) {
    return absl::NotFoundError(
        absl::StrCat("entity ", id, " has no alias \"", absl::CHexEscape(*moving.begin()), "\""));
  }
  RETURN_IF_ERROR(ValidateEntity(created));
  CollapseAliases(&created);
  created.set_version(1);
  *created.mutable_create_time() = now;
  *created.mutable_update_time() = now;
  remaining.set_version(old.version() + 1);
  *remaining.mutable_update_time() = now;

  EntityTransition from;
  from.id = old.id();
  from.old = &old;
  from.updated = &remaining;
  EntityTransition to;
  to.id = created.id();
  to.updated = &created;
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_SPLIT;
  meta.context = context;
  meta.ids_allocated = 1;
  return CommitChange({from, to}, meta);
}

absl::StatusOr<Change> RocksStore::Undo(int64_t sequence, const ChangeContext& context) {
  if (sequence < 1) return absl::InvalidArgumentError(absl::StrCat("sequence: is ", sequence, "; changes start at 1"));
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(const std::optional<std::string> record,
                   ReadValue(ColumnFamilyId::kLog, EncodeLogKey(static_cast<uint64_t>(sequence)), "reading the log"));
  if (!record.has_value()) return absl::NotFoundError(absl::StrCat("change ", sequence, " not found"));
  Change undone;
  RETURN_IF_ERROR(ParseChangeRecord(*record, &undone));

  // Current states, kept alive for CommitChange (reserved, so pointers into the vector stay valid).
  const int count = undone.entities_size();
  std::vector<Entity> current(count);
  std::vector<bool> exists(count, false);
  std::vector<EntityTransition> transitions;
  absl::flat_hash_set<std::string> touched;
  // Restored in reverse order of the original change, the order that unwinds it.
  for (int i = count - 1; i >= 0; --i) {
    const aka::v1::EntityChange& part = undone.entities(i);
    absl::StatusOr<Entity> stored = ReadEntity(part.entity_id());
    if (stored.ok()) {
      current[i] = *std::move(stored);
      exists[i] = true;
    } else if (!absl::IsNotFound(stored.status())) {
      return stored.status();
    }
    ASSIGN_OR_RETURN(std::string redirect, ReadRedirect(part.entity_id()));
    if (!SameState(exists[i] ? &current[i] : nullptr, part) || redirect != part.redirect_after()) {
      return absl::FailedPreconditionError(absl::StrCat("entity ", part.entity_id(), " changed after change ",
                                                        sequence, "; undo the later changes first"));
    }
    EntityTransition transition;
    transition.id = part.entity_id();
    transition.old = exists[i] ? &current[i] : nullptr;
    transition.updated = part.has_before() ? &part.before() : nullptr;
    transition.redirect_before = std::move(redirect);
    transition.redirect_after = part.redirect_before();
    transitions.push_back(std::move(transition));
    touched.insert(part.entity_id());
  }
  // A restored external id may since have been given to an entity this undo does not touch.
  for (const EntityTransition& transition : transitions) {
    if (transition.updated == nullptr) continue;
    for (const auto& [key, value] : transition.updated->external_ids()) {
      ASSIGN_OR_RETURN(const std::string row_key, EncodeExternalIdKey(key, value));
      ASSIGN_OR_RETURN(std::optional<std::string> holder,
                       ReadValue(ColumnFamilyId::kExternalIds, row_key, "reading external ids"));
      if (holder.has_value() && touched.count(*holder) == 0) {
        return absl::AlreadyExistsError(absl::StrCat("undoing change ", sequence, " would give external id ", key,
                                                     "=\"", absl::CHexEscape(value), "\" back to entity ",
                                                     transition.id, ", but entity ", *holder, " holds it now"));
      }
    }
  }
  ChangeMeta meta;
  meta.kind = aka::v1::CHANGE_KIND_UNDO;
  meta.context = context;
  meta.undoes = sequence;
  // A negative record goes back to its state before the change, if it is still as the change left it.
  std::optional<aka::v1::Negative> current_negative;
  if (undone.has_negative_before() || undone.has_negative_after()) {
    const aka::v1::Negative& any = undone.has_negative_after() ? undone.negative_after() : undone.negative_before();
    ASSIGN_OR_RETURN(const std::string key, NegativeKey(any.name(), any.entity_id()));
    ASSIGN_OR_RETURN(current_negative, ReadNegative(key));
    const bool same = current_negative.has_value() == undone.has_negative_after() &&
                      (!current_negative.has_value() || google::protobuf::util::MessageDifferencer::Equals(
                                                            *current_negative, undone.negative_after()));
    if (!same) {
      return absl::FailedPreconditionError(absl::StrCat("the negative record of change ", sequence,
                                                        " changed since; undo the later changes first"));
    }
    meta.negative_before = current_negative.has_value() ? &*current_negative : nullptr;
    meta.negative_after = undone.has_negative_before() ? &undone.negative_before() : nullptr;
  }
  return CommitChange(transitions, meta);
}

absl::StatusOr<std::vector<Change>> RocksStore::GetHistory(absl::string_view id, int64_t after_sequence,
                                                           int max_changes) const {
  RETURN_IF_ERROR(CheckPageSize(max_changes));
  ASSIGN_OR_RETURN(const std::string prefix, EncodeHistoryPrefix(id));
  ASSIGN_OR_RETURN(const std::string start,
                   EncodeHistoryKey(id, static_cast<uint64_t>(std::max<int64_t>(after_sequence, 0)) + 1));
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  // One snapshot for the history rows and the log rows they name, so a change committing meanwhile is
  // either wholly in the answer or not at all.
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  std::unique_ptr<const rocksdb::Snapshot, std::function<void(const rocksdb::Snapshot*)>> release(
      snapshot, [this](const rocksdb::Snapshot* s) ABSL_NO_THREAD_SAFETY_ANALYSIS { db_->ReleaseSnapshot(s); });
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Family(ColumnFamilyId::kHistory)));
  std::vector<Change> changes;
  for (it->Seek(start); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    ASSIGN_OR_RETURN(const uint64_t sequence, DecodeHistoryKeySequence(ToStringView(it->key())));
    ASSIGN_OR_RETURN(std::optional<std::string> record,
                     ReadValue(ColumnFamilyId::kLog, EncodeLogKey(sequence), "reading the log", snapshot));
    if (!record.has_value()) {
      return absl::DataLossError(absl::StrCat("history of ", id, " names change ", sequence, ", not in the log"));
    }
    changes.emplace_back();
    RETURN_IF_ERROR(ParseChangeRecord(*record, &changes.back()));
    if (static_cast<int>(changes.size()) == max_changes) break;
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), absl::StrCat("reading the history of ", id)));
  return changes;
}

absl::StatusOr<std::vector<Change>> RocksStore::ReadChanges(int64_t after_sequence, int max_changes) const {
  RETURN_IF_ERROR(CheckPageSize(max_changes));
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Family(ColumnFamilyId::kLog)));
  std::vector<Change> changes;
  for (it->Seek(EncodeLogKey(static_cast<uint64_t>(std::max<int64_t>(after_sequence, 0)) + 1)); it->Valid();
       it->Next()) {
    changes.emplace_back();
    RETURN_IF_ERROR(ParseChangeRecord(ToStringView(it->value()), &changes.back()));
    if (static_cast<int>(changes.size()) == max_changes) break;
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), "reading the log"));
  return changes;
}

absl::StatusOr<int64_t> RocksStore::LastSequence() const {
  {
    absl::ReaderMutexLock lock(&db_mu_);
    RETURN_IF_ERROR(CheckOpen());
  }
  absl::MutexLock lock(&published_mu_);
  return published_sequence_;
}

bool RocksStore::WaitForChange(int64_t after_sequence, absl::Time deadline) const {
  struct Waiting {
    const int64_t* published;
    const bool* closing;
    int64_t after;
    static bool Ready(const Waiting* w) { return *w->closing || *w->published > w->after; }
  };
  absl::MutexLock lock(&published_mu_);
  const Waiting waiting{&published_sequence_, &closing_, after_sequence};
  published_mu_.AwaitWithDeadline(absl::Condition(&Waiting::Ready, &waiting), deadline);
  return published_sequence_ > after_sequence;
}

}  // namespace aka::storage

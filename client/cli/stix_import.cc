// StoredActors, UnionWithStored and the revoked-by merges of `aka import --format stix` (see stix_import.h).
#include "client/cli/stix_import.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aka::cli {
namespace {

// ListEntities' and GetHistory's largest page: fewest round trips.
constexpr int kPageSize = 1000;
constexpr char kThreatActor[] = "threat_actor";

// The entity of `entities` with external_ids["stix"] == `stix_id`, or null.
const v1::Entity* FindByStixId(const std::vector<v1::Entity>& entities, const std::string& stix_id) {
  for (const v1::Entity& entity : entities) {
    const auto it = entity.external_ids().find(formats::kStixIdKey);
    if (it != entity.external_ids().end() && it->second == stix_id) return &entity;
  }
  return nullptr;
}

// True when `merged_away` (an entity's state before a change) is the revoked intrusion-set `source`: it held
// source's STIX id or its ATT&CK id.
bool IsSameActor(const v1::Entity& merged_away, const v1::Entity& source) {
  for (const char* key : {formats::kStixIdKey, formats::kMitreIdKey}) {
    const auto theirs = merged_away.external_ids().find(key);
    const auto ours = source.external_ids().find(key);
    if (theirs != merged_away.external_ids().end() && ours != source.external_ids().end() &&
        theirs->second == ours->second) {
      return true;
    }
  }
  return false;
}

// True when a MERGE in `target_id`'s history turned an entity that was `source` into a redirect to it.
absl::StatusOr<bool> AlreadyMergedInto(Client& client, const std::string& target_id, const v1::Entity& source) {
  v1::GetHistoryRequest request;
  request.set_entity_id(target_id);
  request.set_page_size(kPageSize);
  bool merged = false;
  while (true) {
    ASSIGN_OR_RETURN(const v1::GetHistoryResponse page, client.GetHistory(request));
    for (const v1::Change& change : page.changes()) {
      for (const v1::EntityChange& touched : change.entities()) {
        // An UNDO of that merge would have made the source live again, and Prepare only asks about sources
        // that are not live, so any such MERGE answers the question.
        if (change.kind() == v1::CHANGE_KIND_MERGE && touched.redirect_after() == target_id &&
            touched.has_before() && IsSameActor(touched.before(), source)) {
          merged = true;
        }
      }
    }
    if (page.changes_size() < kPageSize) return merged;
    request.set_after_sequence(page.changes(page.changes_size() - 1).sequence());
  }
}

// Adds `alias` to `entity` unless `names` (the entity's canonical name and alias names) has it already.
void AddAliasIfNew(const v1::Alias& alias, std::set<std::string>* names, v1::Entity* entity) {
  if (names->insert(alias.name()).second) *entity->add_aliases() = alias;
}

// ATT&CK's enterprise, mobile and ICS bundles share intrusion-sets (same STIX id) and their revoked-by
// relationships. Imported together, each actor is sent once, as the union of its copies (the first input's
// name and values win), and each revocation is applied once; a source revoked by two different targets keeps
// the first and is a failure.
void CombineRepeatedActors(std::vector<v1::Entity>* entities, std::vector<formats::StixRevocation>* revocations,
                           RevocationOutcome* outcome) {
  std::vector<v1::Entity> combined;
  std::map<std::string, size_t> index_of_stix_id;
  for (v1::Entity& entity : *entities) {
    const auto stix_id = entity.external_ids().find(formats::kStixIdKey);
    if (stix_id == entity.external_ids().end()) {
      combined.push_back(std::move(entity));
      continue;
    }
    const auto [it, inserted] = index_of_stix_id.emplace(stix_id->second, combined.size());
    if (inserted) {
      combined.push_back(std::move(entity));
    } else {
      combined[it->second] = UnionWithStored(combined[it->second], entity);
    }
  }
  *entities = std::move(combined);

  std::vector<formats::StixRevocation> unique;
  std::map<std::string, const formats::StixRevocation*> first_of_source;
  for (const formats::StixRevocation& revocation : *revocations) {
    const auto [it, inserted] = first_of_source.emplace(revocation.source_stix_id, &revocation);
    if (inserted) {
      unique.push_back(revocation);
    } else if (it->second->target_stix_id != revocation.target_stix_id) {
      outcome->failures.push_back(absl::StrCat(revocation.where, " (revoked-by ", revocation.source_stix_id, " -> ",
                                               revocation.target_stix_id, "): ", it->second->where,
                                               " revokes it by another intrusion-set; that one was kept"));
    }
  }
  *revocations = std::move(unique);
}

bool IsMergeRefusal(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsNotFound(status) || absl::IsFailedPrecondition(status) ||
         absl::IsAlreadyExists(status);
}

}  // namespace

absl::StatusOr<StoredActors> StoredActors::Load(Client& client) {
  StoredActors actors;
  v1::ListEntitiesRequest request;
  request.set_page_size(kPageSize);
  request.set_type(kThreatActor);
  do {
    ASSIGN_OR_RETURN(v1::ListEntitiesResponse page, client.ListEntities(request));
    for (v1::Entity& entity : *page.mutable_entities()) {
      for (const auto& [key, value] : entity.external_ids()) {
        actors.by_external_id_.emplace(std::make_pair(key, value), actors.entities_.size());
      }
      actors.entities_.push_back(std::move(entity));
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return actors;
}

const v1::Entity* StoredActors::Find(const v1::Entity& entity, bool* ambiguous) const {
  *ambiguous = false;
  const v1::Entity* found = nullptr;
  for (const auto& [key, value] : entity.external_ids()) {
    const auto it = by_external_id_.find(std::make_pair(key, value));
    if (it == by_external_id_.end()) continue;
    const v1::Entity* holder = &entities_[it->second];
    if (found != nullptr && found != holder) {
      *ambiguous = true;
      return nullptr;
    }
    found = holder;
  }
  return found;
}

v1::Entity UnionWithStored(const v1::Entity& stored, const v1::Entity& incoming) {
  v1::Entity merged = stored;
  std::set<std::string> names = {stored.canonical_name()};
  for (const v1::Alias& alias : stored.aliases()) names.insert(alias.name());

  // The bundle's name for the actor, kept as an alias with the provenance the bundle gives its aliases.
  v1::Alias name_alias;
  name_alias.set_name(incoming.canonical_name());
  name_alias.set_kind(v1::AKA);
  if (incoming.aliases_size() > 0) {
    name_alias.set_source(incoming.aliases(0).source());
    name_alias.set_reference(incoming.aliases(0).reference());
  } else {
    name_alias.set_source("stix");
    const auto stix_id = incoming.external_ids().find(formats::kStixIdKey);
    if (stix_id != incoming.external_ids().end()) name_alias.set_reference(stix_id->second);
  }
  AddAliasIfNew(name_alias, &names, &merged);
  for (const v1::Alias& alias : incoming.aliases()) AddAliasIfNew(alias, &names, &merged);

  for (const auto& [key, value] : incoming.external_ids()) merged.mutable_external_ids()->insert({key, value});
  for (const auto& [key, value] : incoming.attributes()) merged.mutable_attributes()->insert({key, value});
  return merged;
}

absl::Status PrepareStixImport(Client& client, std::vector<v1::Entity>* entities,
                               std::vector<formats::StixRevocation>* revocations, RevocationOutcome* outcome) {
  CombineRepeatedActors(entities, revocations, outcome);
  ASSIGN_OR_RETURN(const StoredActors stored, StoredActors::Load(client));

  // Revoked actors that are not stored but were merged into their (stored) target by an earlier import.
  std::set<std::string> already_merged;
  std::vector<formats::StixRevocation> pending;
  for (formats::StixRevocation& revocation : *revocations) {
    const v1::Entity* source = FindByStixId(*entities, revocation.source_stix_id);
    const v1::Entity* target = FindByStixId(*entities, revocation.target_stix_id);
    bool ambiguous = false;
    const v1::Entity* stored_target = target != nullptr ? stored.Find(*target, &ambiguous) : nullptr;
    if (source != nullptr && stored_target != nullptr && stored.Find(*source, &ambiguous) == nullptr && !ambiguous) {
      ASSIGN_OR_RETURN(const bool merged, AlreadyMergedInto(client, stored_target->id(), *source));
      if (merged) {
        already_merged.insert(revocation.source_stix_id);
        ++outcome->unchanged;
        continue;
      }
    }
    pending.push_back(std::move(revocation));
  }
  *revocations = std::move(pending);

  std::vector<v1::Entity> prepared;
  prepared.reserve(entities->size());
  for (v1::Entity& entity : *entities) {
    const auto stix_id = entity.external_ids().find(formats::kStixIdKey);
    if (stix_id != entity.external_ids().end() && already_merged.count(stix_id->second) > 0) continue;
    bool ambiguous = false;
    const v1::Entity* match = stored.Find(entity, &ambiguous);
    prepared.push_back(match != nullptr ? UnionWithStored(*match, entity) : std::move(entity));
  }
  *entities = std::move(prepared);
  return absl::OkStatus();
}

absl::Status ApplyStixRevocations(Client& client, const std::vector<formats::StixRevocation>& revocations,
                                  RevocationOutcome* outcome) {
  if (revocations.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const StoredActors stored, StoredActors::Load(client));
  for (const formats::StixRevocation& revocation : revocations) {
    const auto find = [&stored](const std::string& stix_id) {
      v1::Entity key;
      (*key.mutable_external_ids())[formats::kStixIdKey] = stix_id;
      bool ambiguous = false;
      return stored.Find(key, &ambiguous);
    };
    const v1::Entity* source = find(revocation.source_stix_id);
    const v1::Entity* target = find(revocation.target_stix_id);
    const std::string where = absl::StrCat(revocation.where, " (revoked-by ", revocation.source_stix_id, " -> ",
                                           revocation.target_stix_id, ")");
    if (source == nullptr || target == nullptr) {
      outcome->failures.push_back(absl::StrCat(where, ": the ", source == nullptr ? "source" : "target",
                                               " intrusion-set is not stored (see the rejections)"));
      continue;
    }
    if (source->id() == target->id()) {
      ++outcome->unchanged;
      continue;
    }
    v1::MergeEntitiesRequest request;
    request.set_target_id(target->id());
    request.add_source_ids(source->id());
    request.set_note(absl::StrCat("STIX revoked-by: ", revocation.source_stix_id, " -> ", revocation.target_stix_id));
    absl::StatusOr<v1::MergeEntitiesResponse> response = client.MergeEntities(request);
    if (!response.ok()) {
      if (!IsMergeRefusal(response.status())) return response.status();
      outcome->failures.push_back(absl::StrCat(where, ": merge ", source->id(), " into ", target->id(),
                                               " refused: ", response.status().message()));
      continue;
    }
    ++outcome->merged;
  }
  return absl::OkStatus();
}

}  // namespace aka::cli

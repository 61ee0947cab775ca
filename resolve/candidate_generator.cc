#include "resolve/candidate_generator.h"

#include <algorithm>
#include <map>
#include <utility>

#include "common/status_macros.h"

namespace aka::resolve {
namespace {

// True if `hit` is better evidence than `current` under the same key kind: the canonical name first, then
// the lowest alias index, then the name itself so that equal rows still order the same on every run.
bool PreferHit(const storage::IndexHit& hit, const KeyCandidate& current) {
  auto rank = [](int32_t alias_index) { return alias_index < 0 ? -1 : alias_index; };
  if (rank(hit.alias_index) != rank(current.alias_index)) {
    return rank(hit.alias_index) < rank(current.alias_index);
  }
  return hit.name < current.matched_name;
}

}  // namespace

CandidateGenerator::CandidateGenerator(const storage::Store* store, size_t max_entities)
    : store_(store), max_entities_(max_entities) {}

absl::StatusOr<std::vector<KeyCandidate>> CandidateGenerator::Generate(
    const core::NormalizedName& query) const {
  // std::map keeps the result ordered by entity id, which makes every later stage deterministic.
  std::map<std::string, KeyCandidate> by_entity;
  // QueryKeys are strongest first, so the first kind that reaches an entity is its strongest one. One
  // LookupKeys call: the store reads all of them in one pass.
  const std::vector<core::NameKey> keys = core::QueryKeys(query);
  std::vector<std::vector<storage::IndexHit>> hits_per_key;
  RETURN_IF_ERROR(store_->LookupKeys(keys, &hits_per_key));
  for (size_t k = 0; k < keys.size(); ++k) {
    const core::NameKey& key = keys[k];
    for (const storage::IndexHit& hit : hits_per_key[k]) {
      auto it = by_entity.find(hit.entity_id);
      if (it == by_entity.end()) {
        if (by_entity.size() >= max_entities_) continue;
        KeyCandidate candidate;
        candidate.entity_id = hit.entity_id;
        candidate.key_kind = key.kind;
        candidate.key = key.value;
        candidate.matched_name = hit.name;
        candidate.alias_index = hit.alias_index;
        by_entity.emplace(hit.entity_id, std::move(candidate));
        continue;
      }
      KeyCandidate& current = it->second;
      // Only a hit under the same (strongest) key may replace the chosen name; weaker kinds never do.
      if (current.key_kind == key.kind && current.key == key.value && PreferHit(hit, current)) {
        current.matched_name = hit.name;
        current.alias_index = hit.alias_index;
      }
    }
  }
  std::vector<KeyCandidate> candidates;
  candidates.reserve(by_entity.size());
  for (auto& [id, candidate] : by_entity) candidates.push_back(std::move(candidate));
  return candidates;
}

}  // namespace aka::resolve

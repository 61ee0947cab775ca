#include "resolve/cross_script_candidates.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/status_macros.h"
#include "core/consonant_skeleton.h"
#include "core/name_keys.h"
#include "core/name_script.h"

namespace aka::resolve {

absl::StatusOr<std::vector<KeyCandidate>> FindCrossScriptCandidates(const storage::Store& store,
                                                                    const core::NameAnalysis& query,
                                                                    const CrossScriptCandidateOptions& options) {
  std::vector<KeyCandidate> candidates;
  if (!core::HasLossyRomanization(query.script)) return candidates;
  // A word without a consonant ("yi", "oh") vanishes from the skeleton, which then stands for another name.
  for (const std::string& token : query.parts.name_tokens) {
    if (core::ConsonantSkeleton(token).empty()) return candidates;
  }
  absl::flat_hash_set<std::string> found;
  std::vector<storage::IndexHit> hits;
  // SkeletonKeys lists the skeleton itself first, so entities sharing it are taken before the neighbourhood's.
  for (const core::NameKey& key : core::SkeletonKeys(query.normalized)) {
    hits.clear();
    RETURN_IF_ERROR(store.LookupKey(key, &hits));
    if (hits.size() > options.max_key_postings) continue;
    std::vector<KeyCandidate> group;
    for (storage::IndexHit& hit : hits) {
      if (found.contains(hit.entity_id)) continue;
      found.insert(hit.entity_id);
      KeyCandidate candidate;
      candidate.entity_id = std::move(hit.entity_id);
      candidate.key_kind = core::KeyKind::kFuzzy;
      candidate.key = key.value;
      candidate.matched_name = std::move(hit.name);
      candidate.alias_index = hit.alias_index;
      group.push_back(std::move(candidate));
    }
    std::sort(group.begin(), group.end(),
              [](const KeyCandidate& a, const KeyCandidate& b) { return a.entity_id < b.entity_id; });
    for (KeyCandidate& candidate : group) {
      if (candidates.size() >= options.max_candidates) return candidates;
      candidates.push_back(std::move(candidate));
    }
  }
  return candidates;
}

absl::StatusOr<std::vector<KeyCandidate>> FindReadingCandidates(const storage::Store& store,
                                                                const CandidateGenerator& generator,
                                                                const core::NameAnalysis& reading) {
  ASSIGN_OR_RETURN(std::vector<KeyCandidate> candidates, generator.Generate(reading.normalized));
  ASSIGN_OR_RETURN(std::vector<KeyCandidate> cross_script,
                   FindCrossScriptCandidates(store, reading, CrossScriptCandidateOptions()));
  absl::flat_hash_set<std::string> found;
  for (KeyCandidate& candidate : candidates) {
    candidate.key_kind = core::KeyKind::kFuzzy;
    found.insert(candidate.entity_id);
  }
  for (KeyCandidate& candidate : cross_script) {
    if (found.insert(candidate.entity_id).second) candidates.push_back(std::move(candidate));
  }
  return candidates;
}

void KeepBestPerEntity(std::vector<aka::v1::Candidate>* candidates) {
  absl::flat_hash_map<std::string, size_t> position;
  std::vector<aka::v1::Candidate> kept;
  kept.reserve(candidates->size());
  for (aka::v1::Candidate& candidate : *candidates) {
    const auto [it, inserted] = position.emplace(candidate.entity_id(), kept.size());
    if (inserted) {
      kept.push_back(std::move(candidate));
    } else if (candidate.score() > kept[it->second].score()) {
      kept[it->second] = std::move(candidate);
    }
  }
  *candidates = std::move(kept);
}

}  // namespace aka::resolve

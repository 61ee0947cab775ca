// Candidate generation: turns a normalized query into the entities whose stored names share an index key with
// it. This is the first stage of the matching pipeline (ARCHITECTURE.md step 3); the fuzzy key space of the
// full matching engine plugs in here as one more key kind without changing the stages after it.
#ifndef AKA_RESOLVE_CANDIDATE_GENERATOR_H_
#define AKA_RESOLVE_CANDIDATE_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/name_keys.h"
#include "core/normalizer.h"
#include "storage/store.h"

namespace aka::resolve {

// One entity found through the name index, with the strongest evidence for it.
struct KeyCandidate {
  std::string entity_id;
  // The strongest key kind (lowest KeyKind value: kExact before kNormalized ...) that led to the entity.
  core::KeyKind key_kind = core::KeyKind::kExact;
  // The value of that key.
  std::string key;
  // The stored name (canonical name or alias) under that key. When several names of the entity share the key,
  // the canonical name wins, then the alias with the lowest index, so the choice is deterministic.
  std::string matched_name;
  // -1 for the canonical name, else the alias's position as recorded in the index row.
  int32_t alias_index = -1;
};

// Looks up every query key in the store's name index and groups the hits by entity.
// Thread-safe: Generate is const and the Store is thread-safe. Does not own the store.
class CandidateGenerator {
 public:
  // `store` must outlive the generator. `max_entities` bounds the work for very common names: keys are
  // visited strongest first and generation stops adding new entities once that many were found.
  CandidateGenerator(const storage::Store* store, size_t max_entities);

  // Candidates for `query`, one per entity, ordered by entity id. Empty if the query has no keys (a name made
  // only of punctuation). Errors come from the store.
  absl::StatusOr<std::vector<KeyCandidate>> Generate(const core::NormalizedName& query) const;

 private:
  const storage::Store* store_;
  size_t max_entities_;
};

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_CANDIDATE_GENERATOR_H_

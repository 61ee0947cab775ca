// Scoring: turns one candidate's evidence (which key found it, which alias matched, whether its type was asked
// for) into a 0..1 score and, on request, an Explanation that lists every feature. The full matching engine
// (token overlap weighted by rarity, edit distance, numbers, legal forms) adds features here; the decision stage
// only ever sees the final score.
#ifndef AKA_RESOLVE_SCORER_H_
#define AKA_RESOLVE_SCORER_H_

#include <string>
#include <vector>

#include "aka/v1/entity.pb.h"
#include "aka/v1/resolver.pb.h"
#include "core/name_keys.h"
#include "core/normalizer.h"
#include "resolve/candidate_generator.h"

namespace aka::resolve {

// What a key kind is worth on its own: how sure we are that two names equal under that key name the same
// thing. Exact spelling is certain; each looser key forgives more (case and punctuation, then spacing, then
// word order), so it is trusted a little less. All of them clear the default match threshold (0.80) on
// purpose: in this issue every key is an equality, never a similarity.
inline constexpr double kExactKeyWeight = 1.00;        // "APT31" = "APT31"
inline constexpr double kNormalizedKeyWeight = 0.97;   // "apt-31" = "APT 31"
inline constexpr double kCompactKeyWeight = 0.93;      // "FancyBear" = "Fancy Bear"
inline constexpr double kTokenSortedKeyWeight = 0.90;  // "Guangzong Zhao" = "ZHAO, Guangzong"
// Reserved for the fuzzy key space; below the match threshold until fuzzy features calibrate it.
inline constexpr double kFuzzyKeyWeight = 0.70;

// Taken from the score when the matched name is a "weak aka" (OFAC's low-quality aliases): such a name alone
// should lose to any entity that has the same name as a real alias.
inline constexpr double kWeakAliasPenalty = 0.10;

// The weight of a key kind (see the constants above).
double KeyKindWeight(core::KeyKind kind);

// Everything the scorer looks at for one candidate. Pointers are not owned and must be valid for the call.
struct ScoreInput {
  const core::NormalizedName* query = nullptr;
  const KeyCandidate* match = nullptr;
  // The candidate entity as stored.
  const aka::v1::Entity* entity = nullptr;
  // The request's types filter (empty: any type). Entities of other types never reach the scorer.
  const std::vector<std::string>* requested_types = nullptr;
  // When set, the candidate gets an Explanation; then `matched_normalized` must be the matched name's forms.
  bool explain = false;
  const core::NormalizedName* matched_normalized = nullptr;
};

// Scores one candidate and fills every Candidate field (id, names, type, score, match kind, external ids,
// matched source, explanation). Pure and thread-safe.
aka::v1::Candidate ScoreCandidate(const ScoreInput& input);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_SCORER_H_

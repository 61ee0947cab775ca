// The score of one (query name, stored name) pair, in [0, 1], and its breakdown into features. Two ways in:
//   - ScoreKeyEquality: the pair is equal under an index key (exact, normalized, compact, token-sorted). The
//     key says everything the token features would (same tokens, so same numbers, designators and legal form),
//     so the score is the key's weight with the few adjustments that still apply. No analysis of the stored
//     name is needed: this keeps exact hits at a few microseconds.
//   - ScoreFeatures: any other pair (found through the fuzzy or token key space): a weighted combination of
//     core::FeatureScores (core/name_features.h).
// Hard rules: a number or designator conflict ("APT31" vs "APT3") and a match carried only by generic words
// ("BELLETECH CORP" vs "11420 CORP.") are vetoes: the score is capped at kVetoCeiling, far below any sensible
// match threshold. The weights and the thresholds they were calibrated with are documented in docs/MATCHING.md.
// Pure functions, thread-safe.
#ifndef AKA_RESOLVE_NAME_PAIR_SCORE_H_
#define AKA_RESOLVE_NAME_PAIR_SCORE_H_

#include <string>
#include <vector>

#include "core/name_features.h"
#include "core/name_keys.h"

namespace aka::resolve {

// What a key kind is worth on its own: how sure we are that two names equal under that key name the same
// thing. Exact spelling is certain; each looser key forgives more (case and punctuation, then spacing, then
// word order), so it is trusted a little less. All clear the default match threshold (0.80).
inline constexpr double kExactKeyWeight = 1.00;        // "APT31" = "APT31"
inline constexpr double kNormalizedKeyWeight = 0.97;   // "apt-31" = "APT 31"
inline constexpr double kCompactKeyWeight = 0.93;      // "FancyBear" = "Fancy Bear"
inline constexpr double kTokenSortedKeyWeight = 0.90;  // "Guangzong Zhao" = "ZHAO, Guangzong"

// Names found through the fuzzy or token key space are scored by their features and never reach an equality
// key's score: at most this.
inline constexpr double kFeatureScoreCeiling = 0.96;
// Vetoed pairs (numbers conflict, generic-only) score at most this.
inline constexpr double kVetoCeiling = 0.40;

// Taken from the score when the matched name is a "weak aka" (OFAC's low-quality aliases): such a name alone
// should lose to any entity that has the same name as a real alias.
inline constexpr double kWeakAliasPenalty = 0.10;
// Taken from the score when the query was written in another script than the stored name and met it only
// after transliteration: transliteration is lossy ("Qasem" / "Qassem"), so the match is a little less sure.
inline constexpr double kCrossScriptPenalty = 0.03;

// One feature's part in a score, as ScoreFeature in the explanation.
struct FeaturePart {
  std::string name;
  double value = 0;
  double contribution = 0;
  std::string detail;
};

struct PairScore {
  double score = 0;
  // Set when a hard rule capped the score; `veto` then says which ("numbers conflict: 31 vs 3").
  bool vetoed = false;
  std::string veto;
  // Filled only when asked for (explain): every feature applied, in order.
  std::vector<FeaturePart> parts;
};

// The weight of an equality key kind (0 for kFuzzy, which is not an equality).
double KeyKindWeight(core::KeyKind kind);

// Human-readable name of a key kind ("exact", "token-sorted", ...).
const char* KeyKindName(core::KeyKind kind);

// Scores a pair equal under `kind` (REQUIRES: kind is not kFuzzy). `stored_script` is the stored name's script
// when known (kNone: unknown; then only an exact key proves the scripts are the same). A name made only of
// generic words ("Bank", "International Trading Company Ltd") is vetoed even when equal: a registry entry with
// such a name cannot be told from the many companies it describes.
PairScore ScoreKeyEquality(core::KeyKind kind, const core::NameAnalysis& query, core::NameScript stored_script,
                           bool explain);

// Scores a pair from its features (core::CompareNames(query, stored, statistics)). `query_mass` is
// QueryTokenMass of the query under the same statistics: the share of it that matched is the absolute evidence
// for the pair, which the relative overlap cannot show ("United Hacker Group" shares only the common word
// "united" with "UNITED ELECTRONICS GROUP": a full overlap of distinctive tokens, but weak evidence).
// `query` and `stored` are the analyses the features were computed from.
PairScore ScoreFeatures(const core::FeatureScores& features, const core::NameAnalysis& query,
                        const core::NameAnalysis& stored, double query_mass, bool explain);

// The sum of the token weights (core::TokenWeight) of the query's name tokens.
double QueryTokenMass(const core::NameAnalysis& query, const core::TokenStatistics* statistics);

// True if `analysis` has a name token that is neither generic nor a legal form (numbers count: "APT 31").
bool HasDistinctiveNameToken(const core::NameAnalysis& analysis);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_NAME_PAIR_SCORE_H_

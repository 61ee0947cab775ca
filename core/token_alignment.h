// Aligns the tokens of two names and measures how much of their distinctive mass agrees. This is the
// "token overlap weighted by rarity" feature, with the hard rule of the matching pipeline built in: generic
// tokens ("group", "company", "bank"; generic_words.h) never carry a match alone.
//
// Tokens pair up in four passes, each token used at most once:
//   1. equal tokens (numbers equal when their digits without leading zeros are: "031" = "31");
//   2. joined tokens: a run of 2-3 adjacent tokens that spells a token of the other name
//      ("guang zong" = "guangzong", "belle tech" = "belletech");
//   3. similar tokens: TokenSimilarity (similarity.h) > 0, best pairs first (typos, "qasem" / "qassem");
//   4. initials: a one-letter token and a longer token starting with it, at similarity 0.5.
// Numbers only ever pair by equality.
#ifndef AKA_CORE_TOKEN_ALIGNMENT_H_
#define AKA_CORE_TOKEN_ALIGNMENT_H_

#include <string>
#include <vector>

#include "core/generic_words.h"

namespace aka::core {

struct TokenAlignment {
  // Sum of token weights (TokenWeight) of each side, and the part of it that paired, each pair counted at
  // its similarity.
  double query_mass = 0;
  double candidate_mass = 0;
  double matched_query_mass = 0;
  double matched_candidate_mass = 0;
  // matched / total mass of each side, in [0, 1] (0 for an empty side).
  double query_coverage = 0;
  double candidate_coverage = 0;
  // (matched query mass + matched candidate mass) / (query mass + candidate mass), or 0 when no distinctive
  // token paired: the weighted share of matched distinctive mass.
  double distinctive_overlap = 0;
  int exact_pairs = 0;
  int joined_pairs = 0;
  int fuzzy_pairs = 0;
  int initial_pairs = 0;
  // Sum of the edit distances of the fuzzy pairs, and the lowest TokenSimilarity among them (1 if none).
  int fuzzy_edits = 0;
  double min_fuzzy_similarity = 1.0;
  // Distinctive (non-generic) tokens of each side left without a partner.
  int query_unmatched_distinctive = 0;
  int candidate_unmatched_distinctive = 0;
  // True if an exact, joined or fuzzy pair involves a non-generic token (numbers are distinctive).
  bool distinctive_matched = false;
  // True if tokens paired but only generic ones (or only initials): such a match must not pass.
  bool generic_only = false;
};

// Aligns `query` with `candidate` (normalized name tokens, legal forms already split off) with weights from
// `statistics` (may be null: see TokenWeight). Cost O(n * m) token comparisons. Thread-safe.
TokenAlignment AlignTokens(const std::vector<std::string>& query, const std::vector<std::string>& candidate,
                           const TokenStatistics* statistics);

// TokenWeight of each of `tokens`, in order.
std::vector<double> TokenWeights(const std::vector<std::string>& tokens, const TokenStatistics* statistics);

// AlignTokens with the query's weights given (REQUIRES: query_weights == TokenWeights(query, statistics)): a
// query compared with many names looks its weights up once instead of once per name.
TokenAlignment AlignTokens(const std::vector<std::string>& query, const std::vector<double>& query_weights,
                           const std::vector<std::string>& candidate, const TokenStatistics* statistics);

// AlignTokens(...).distinctive_overlap: the weighted share of matched distinctive mass, 0 when only generic
// tokens match ("BELLETECH" vs "11420": 0; "emma" vs "emma daniels": about 0.67 without statistics).
double DistinctiveOverlap(const std::vector<std::string>& query_tokens,
                          const std::vector<std::string>& candidate_tokens, const TokenStatistics* statistics);

}  // namespace aka::core

#endif  // AKA_CORE_TOKEN_ALIGNMENT_H_

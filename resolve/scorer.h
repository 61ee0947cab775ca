// Scoring: turns one candidate entity (the key that found it, its stored names) into a calibrated 0..1 score
// and, on request, an Explanation that lists every feature's part. Candidates found through an equality key
// (exact, normalized, compact, token-sorted) are scored by the key (name_pair_score.h: ScoreKeyEquality) at
// the cost of a few comparisons; any other candidate (fuzzy or token key space, designator expansion) is
// compared with each of the entity's names by its features (ScoreFeatures) and scored by the best one. The
// decision stage only ever sees the final score. Weights and thresholds: docs/MATCHING.md.
#ifndef AKA_RESOLVE_SCORER_H_
#define AKA_RESOLVE_SCORER_H_

#include <vector>

#include "aka/v1/entity.pb.h"
#include "aka/v1/resolver.pb.h"
#include "core/generic_words.h"
#include "core/name_features.h"
#include "resolve/candidate_generator.h"
#include "resolve/name_analysis_cache.h"
#include "resolve/name_pair_score.h"

namespace aka::resolve {

// What the scorer knows about the query; built once per Resolve. Pointers are not owned and must outlive the
// ScoreCandidate calls.
struct QueryContext {
  const core::NameAnalysis* query = nullptr;
  // TokenWeights(query->parts.name_tokens, statistics), looked up once per query (core/token_alignment.h).
  std::vector<double> query_weights;
  // QueryTokenMass(*query, statistics): the sum of query_weights.
  double query_mass = 0;
  // Token rarity in the index (may be null: every non-generic token weighs 1).
  const core::TokenStatistics* statistics = nullptr;
  // Analyses of stored names. Required.
  NameAnalysisCache* cache = nullptr;
  // The request named types (the filter already removed every other type).
  bool type_requested = false;
  // Fill Candidate.explanation.
  bool explain = false;
};

// Builds the context for `query` (statistics may be null).
QueryContext MakeQueryContext(const core::NameAnalysis& query, const core::TokenStatistics* statistics,
                              NameAnalysisCache* cache, bool type_requested, bool explain);

// Scores one candidate and fills every Candidate field (id, names, type, score, match kind, external ids,
// matched source, explanation). Thread-safe (the cache is).
aka::v1::Candidate ScoreCandidate(const QueryContext& context, const KeyCandidate& match,
                                  const aka::v1::Entity& entity);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_SCORER_H_

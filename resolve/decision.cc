#include "resolve/decision.h"

#include <algorithm>

namespace aka::resolve {
namespace {

// Scores are sums of decimal weights (0.97 - 0.92 is not exactly 0.05 in binary), so comparisons against the
// configured threshold and margin allow for rounding.
constexpr double kScoreEpsilon = 1e-9;

}  // namespace

void OrderCandidates(std::vector<aka::v1::Candidate>* candidates) {
  std::sort(candidates->begin(), candidates->end(),
            [](const aka::v1::Candidate& a, const aka::v1::Candidate& b) {
              if (a.score() != b.score()) return a.score() > b.score();
              return a.entity_id() < b.entity_id();
            });
}

aka::v1::Outcome Decide(const std::vector<aka::v1::Candidate>& ordered, const DecisionOptions& options) {
  if (ordered.empty()) return aka::v1::NO_MATCH;
  const double best = ordered.front().score();
  if (best + kScoreEpsilon < options.match_threshold) return aka::v1::NO_MATCH;
  if (ordered.size() >= 2) {
    const double second = ordered[1].score();
    if (second + kScoreEpsilon >= options.match_threshold &&
        best - second <= options.ambiguity_margin + kScoreEpsilon) {
      return aka::v1::AMBIGUOUS;
    }
  }
  return aka::v1::MATCHED;
}

}  // namespace aka::resolve

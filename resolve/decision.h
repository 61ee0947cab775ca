// Decision: the last stage of the matching pipeline. Orders scored candidates deterministically and decides
// MATCHED / AMBIGUOUS / NO_MATCH from the match threshold and the ambiguity margin. Knows nothing about how
// scores were made, so a better scorer changes answers without touching this file.
#ifndef AKA_RESOLVE_DECISION_H_
#define AKA_RESOLVE_DECISION_H_

#include <vector>

#include "aka/v1/resolver.pb.h"

namespace aka::resolve {

struct DecisionOptions {
  // The best candidate needs at least this score for MATCHED (and every tied one for AMBIGUOUS).
  double match_threshold = 0.80;
  // Another entity scoring at least the threshold and within this of the best makes the answer AMBIGUOUS.
  double ambiguity_margin = 0.05;
};

// Sorts by score descending, then entity_id ascending, so that equal inputs always give equal responses and
// the entities of an AMBIGUOUS answer lead the list.
void OrderCandidates(std::vector<aka::v1::Candidate>* candidates);

// Decides on candidates ordered by OrderCandidates:
//   MATCHED    the best scores >= match_threshold and no other entity is within ambiguity_margin of it;
//   AMBIGUOUS  two or more entities score >= match_threshold within ambiguity_margin of the best;
//   NO_MATCH   otherwise (including no candidates).
aka::v1::Outcome Decide(const std::vector<aka::v1::Candidate>& ordered, const DecisionOptions& options);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_DECISION_H_

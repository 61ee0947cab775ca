// Decision rules on hand-made scores: threshold, ambiguity margin, deterministic order.
#include "resolve/decision.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "resolve/name_pair_score.h"

namespace aka::resolve {
namespace {

std::vector<aka::v1::Candidate> Scored(const std::vector<std::pair<std::string, double>>& scores) {
  std::vector<aka::v1::Candidate> candidates;
  for (const auto& [id, score] : scores) {
    aka::v1::Candidate candidate;
    candidate.set_entity_id(id);
    candidate.set_score(score);
    candidates.push_back(candidate);
  }
  OrderCandidates(&candidates);
  return candidates;
}

TEST(DecisionTest, OrdersByScoreThenId) {
  std::vector<aka::v1::Candidate> ordered = Scored({{"E3", 0.9}, {"E2", 1.0}, {"E1", 0.9}});
  ASSERT_EQ(ordered.size(), 3u);
  EXPECT_EQ(ordered[0].entity_id(), "E2");
  EXPECT_EQ(ordered[1].entity_id(), "E1");
  EXPECT_EQ(ordered[2].entity_id(), "E3");
}

TEST(DecisionTest, Outcomes) {
  const DecisionOptions options;  // threshold 0.80, margin 0.05
  EXPECT_EQ(Decide({}, options), aka::v1::NO_MATCH);
  EXPECT_EQ(Decide(Scored({{"E1", 0.79}}), options), aka::v1::NO_MATCH);
  EXPECT_EQ(Decide(Scored({{"E1", 0.80}}), options), aka::v1::MATCHED);
  EXPECT_EQ(Decide(Scored({{"E1", 1.0}, {"E2", 0.93}}), options), aka::v1::MATCHED);
  EXPECT_EQ(Decide(Scored({{"E1", 0.97}, {"E2", 0.92}}), options), aka::v1::AMBIGUOUS);  // margin edge
  EXPECT_EQ(Decide(Scored({{"E1", 1.0}, {"E2", 1.0}}), options), aka::v1::AMBIGUOUS);
  // A close rival below the threshold does not make the answer ambiguous.
  EXPECT_EQ(Decide(Scored({{"E1", 0.82}, {"E2", 0.79}}), options), aka::v1::MATCHED);
}

// The decisions the dev sets depend on, with the scores the scorer gives (name_pair_score.h).
TEST(DecisionTest, RealCases) {
  const DecisionOptions options;
  // "Grizzly Steppe" is an alias of both APT28 and APT29, each found under the exact key: never pick one.
  EXPECT_EQ(Decide(Scored({{"APT28", kExactKeyWeight}, {"APT29", kExactKeyWeight}}), options), aka::v1::AMBIGUOUS);
  // MISP "Kimsuky" (exact) and OFAC "KIMSUKY" (normalized) are two records of one group: AMBIGUOUS, unless
  // the request's types filter leaves one of them.
  EXPECT_EQ(Decide(Scored({{"misp", kExactKeyWeight}, {"ofac", kNormalizedKeyWeight}}), options),
            aka::v1::AMBIGUOUS);
  EXPECT_EQ(Decide(Scored({{"misp", kExactKeyWeight}}), options), aka::v1::MATCHED);
  // A name that is only a weak OFAC alias of one entity loses to the same name as a real alias of another.
  EXPECT_EQ(Decide(Scored({{"real", kNormalizedKeyWeight}, {"weak", kNormalizedKeyWeight - kWeakAliasPenalty}}),
                   options),
            aka::v1::MATCHED);
  // A vetoed candidate ("APT 3" for "APT 31") never reaches the threshold.
  EXPECT_EQ(Decide(Scored({{"APT3", kVetoCeiling}}), options), aka::v1::NO_MATCH);
}

}  // namespace
}  // namespace aka::resolve

#include "tools/eval/grading.h"

#include <string>

#include "gtest/gtest.h"

namespace aka::eval {
namespace {

GoldRow Apt31Row(bool ambiguous) {
  GoldRow row;
  row.set = "threat_actor_aliases";
  row.kind = "spelling_variant";
  row.query = "APT 31";
  row.expected_id_key = "misp";
  row.expected_id_value = "uuid-apt31";
  row.ambiguous = ambiguous;
  return row;
}

aka::v1::Candidate Candidate(const std::string& misp, double score) {
  aka::v1::Candidate candidate;
  candidate.set_entity_id("E-" + misp);
  (*candidate.mutable_external_ids())["misp"] = misp;
  candidate.set_score(score);
  return candidate;
}

aka::v1::ResolveResponse Response(aka::v1::Outcome outcome, std::initializer_list<aka::v1::Candidate> candidates) {
  aka::v1::ResolveResponse response;
  response.set_outcome(outcome);
  for (const aka::v1::Candidate& candidate : candidates) *response.add_candidates() = candidate;
  return response;
}

TEST(GradeTest, MatchedToTheExpectedEntityIsCorrectAndToAnotherIsWrong) {
  EXPECT_EQ(Grade(Apt31Row(false), Response(aka::v1::MATCHED, {Candidate("uuid-apt31", 0.97)}), 0.05),
            Verdict::kCorrect);
  EXPECT_EQ(Grade(Apt31Row(false), Response(aka::v1::MATCHED, {Candidate("uuid-apt3", 0.97)}), 0.05),
            Verdict::kWrong);
}

TEST(GradeTest, NoMatchAbstains) {
  EXPECT_EQ(Grade(Apt31Row(false), Response(aka::v1::NO_MATCH, {Candidate("uuid-apt31", 0.5)}), 0.05),
            Verdict::kAbstain);
}

TEST(GradeTest, AmbiguousCountsOnlyForAmbiguousRowsThatIncludeTheEntityInTheTiedGroup) {
  const aka::v1::ResolveResponse tied =
      Response(aka::v1::AMBIGUOUS, {Candidate("uuid-apt28", 0.95), Candidate("uuid-apt31", 0.93)});
  EXPECT_EQ(Grade(Apt31Row(true), tied, 0.05), Verdict::kCorrect);
  EXPECT_EQ(Grade(Apt31Row(false), tied, 0.05), Verdict::kAbstain);
  // The expected entity is listed but outside the tied group.
  const aka::v1::ResolveResponse behind = Response(
      aka::v1::AMBIGUOUS,
      {Candidate("uuid-apt28", 0.95), Candidate("uuid-apt29", 0.94), Candidate("uuid-apt31", 0.60)});
  EXPECT_EQ(Grade(Apt31Row(true), behind, 0.05), Verdict::kAbstain);
}

TEST(GradeTest, MatchedToAnotherClaimantOfASharedNameAbstains) {
  // "Raspberry Typhoon" -> APT30 in the gold, but MISP's own "Raspberry Typhoon" cluster also claims it.
  GoldRow row = Apt31Row(true);
  row.other_claimants = {"Raspberry Typhoon"};
  aka::v1::Candidate other = Candidate("uuid-raspberry", 1.0);
  other.set_canonical_name("Raspberry Typhoon");
  EXPECT_EQ(Grade(row, Response(aka::v1::MATCHED, {other}), 0.05), Verdict::kAbstain);
  other.set_canonical_name("APT12");
  EXPECT_EQ(Grade(row, Response(aka::v1::MATCHED, {other}), 0.05), Verdict::kWrong);
}

TEST(GradeTest, NegativesAreWrongOnlyWhenMatched) {
  GoldRow negative;
  negative.set = "negatives";
  negative.kind = "negative/designator_number";
  negative.query = "APT 39";
  EXPECT_EQ(Grade(negative, Response(aka::v1::MATCHED, {Candidate("uuid-apt3", 0.9)}), 0.05), Verdict::kWrong);
  EXPECT_EQ(Grade(negative, Response(aka::v1::NO_MATCH, {}), 0.05), Verdict::kCorrect);
  EXPECT_EQ(Grade(negative, Response(aka::v1::AMBIGUOUS, {Candidate("a", 0.9), Candidate("b", 0.9)}), 0.05),
            Verdict::kAbstain);
}

TEST(CheckTargetsTest, ReportsEachTargetOfThePresentSets) {
  TallyTable table;
  GoldRow row = Apt31Row(false);
  for (int i = 0; i < 99; ++i) AddToTable(row, Verdict::kCorrect, &table);
  AddToTable(row, Verdict::kAbstain, &table);
  row.kind = "different_name";
  for (int i = 0; i < 50; ++i) AddToTable(row, Verdict::kAbstain, &table);
  AddToTable(row, Verdict::kWrong, &table);
  const std::vector<TargetResult> results = CheckTargets(table);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].met) << results[0].actual;   // 99/100 correct
  EXPECT_TRUE(results[1].met) << results[1].actual;   // 1/51 wrong < 2%
  AddToTable(row, Verdict::kWrong, &table);
  EXPECT_FALSE(CheckTargets(table)[1].met);          // 2/52 wrong > 2%
  EXPECT_NE(FormatTable(table).find("different_name"), std::string::npos);
}

}  // namespace
}  // namespace aka::eval

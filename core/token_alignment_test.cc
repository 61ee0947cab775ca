#include "core/token_alignment.h"

#include "gtest/gtest.h"

namespace aka::core {
namespace {

TEST(TokenAlignmentTest, GenericOnlyOverlapIsZero) {
  const TokenAlignment a = AlignTokens({"international", "trading", "group"}, {"global", "trading", "group"}, nullptr);
  EXPECT_EQ(a.exact_pairs, 2);
  EXPECT_TRUE(a.generic_only);
  EXPECT_FALSE(a.distinctive_matched);
  EXPECT_DOUBLE_EQ(a.distinctive_overlap, 0.0);
  EXPECT_DOUBLE_EQ(DistinctiveOverlap({"bank", "of", "the"}, {"bank", "of", "the"}, nullptr), 0.0);
}

TEST(TokenAlignmentTest, NoDistinctiveOverlapBetweenDifferentNames) {
  EXPECT_DOUBLE_EQ(DistinctiveOverlap({"belletech"}, {"11420"}, nullptr), 0.0);
}

TEST(TokenAlignmentTest, PartialOverlapIsAShare) {
  const TokenAlignment a = AlignTokens({"emma", "daniels"}, {"emma"}, nullptr);
  EXPECT_NEAR(a.distinctive_overlap, 2.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(a.query_coverage, 0.5);
  EXPECT_DOUBLE_EQ(a.candidate_coverage, 1.0);
  EXPECT_EQ(a.query_unmatched_distinctive, 1);
}

TEST(TokenAlignmentTest, RarityWeighsTheOverlap) {
  TokenStatistics stats;
  for (int i = 0; i < 500; ++i) stats.AddName({"shipping", "line", "name" + std::to_string(i)});
  stats.AddName({"gudzon", "line"});
  // Sharing the rare token counts for more than sharing the common one.
  const double rare = DistinctiveOverlap({"gudzon", "line"}, {"gudzon", "lines"}, &stats);
  const double common = DistinctiveOverlap({"gudzon", "line"}, {"volga", "line"}, &stats);
  EXPECT_GT(rare, common);
}

TEST(TokenAlignmentTest, GivenQueryWeightsAlignAsLookedUpOnes) {
  TokenStatistics stats;
  for (int i = 0; i < 50; ++i) stats.AddName({"shipping", "line", "name" + std::to_string(i)});
  const std::vector<std::string> query = {"gudzon", "shiping", "line", "co"};
  const std::vector<std::string> candidate = {"gudzon", "shipping", "line"};
  const std::vector<double> weights = TokenWeights(query, &stats);
  ASSERT_EQ(weights.size(), query.size());
  EXPECT_DOUBLE_EQ(weights[2], TokenWeight("line", &stats));
  const TokenAlignment looked_up = AlignTokens(query, candidate, &stats);
  const TokenAlignment given = AlignTokens(query, weights, candidate, &stats);
  EXPECT_EQ(given.query_mass, looked_up.query_mass);
  EXPECT_EQ(given.matched_query_mass, looked_up.matched_query_mass);
  EXPECT_EQ(given.distinctive_overlap, looked_up.distinctive_overlap);
  EXPECT_EQ(given.fuzzy_pairs, looked_up.fuzzy_pairs);
  // The given weights are the ones used: doubling them doubles the query's mass.
  std::vector<double> doubled = weights;
  for (double& w : doubled) w *= 2;
  EXPECT_DOUBLE_EQ(AlignTokens(query, doubled, candidate, &stats).query_mass, 2 * looked_up.query_mass);
}

TEST(TokenAlignmentTest, ExactThenJoinedThenFuzzyThenInitials) {
  const TokenAlignment joined = AlignTokens({"zhao", "guangzong"}, {"zhao", "guang", "zong"}, nullptr);
  EXPECT_EQ(joined.exact_pairs, 1);
  EXPECT_EQ(joined.joined_pairs, 1);
  EXPECT_DOUBLE_EQ(joined.distinctive_overlap, 1.0);

  const TokenAlignment typo = AlignTokens({"qasem", "soleimani"}, {"qassem", "soleimani"}, nullptr);
  EXPECT_EQ(typo.fuzzy_pairs, 1);
  EXPECT_EQ(typo.fuzzy_edits, 1);
  EXPECT_GT(typo.distinctive_overlap, 0.9);
  EXPECT_LT(typo.distinctive_overlap, 1.0);

  const TokenAlignment initial = AlignTokens({"j", "smith"}, {"john", "smith"}, nullptr);
  EXPECT_EQ(initial.initial_pairs, 1);
  EXPECT_LT(initial.distinctive_overlap, AlignTokens({"john", "smith"}, {"john", "smith"}, nullptr).distinctive_overlap);
}

TEST(TokenAlignmentTest, NumbersPairOnlyByEquality) {
  const TokenAlignment a = AlignTokens({"apt", "31"}, {"apt", "13"}, nullptr);
  EXPECT_EQ(a.fuzzy_pairs, 0);
  EXPECT_EQ(a.query_unmatched_distinctive, 1);
  EXPECT_EQ(AlignTokens({"unit", "061398"}, {"unit", "61398"}, nullptr).exact_pairs, 2);
}

TEST(TokenAlignmentTest, InitialsAloneAreNotDistinctive) {
  const TokenAlignment a = AlignTokens({"j", "doe"}, {"john", "smith"}, nullptr);
  EXPECT_EQ(a.initial_pairs, 1);
  EXPECT_TRUE(a.generic_only);
  EXPECT_DOUBLE_EQ(a.distinctive_overlap, 0.0);
}

}  // namespace
}  // namespace aka::core

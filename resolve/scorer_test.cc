// Scoring on real names from the dev data: each test names the rule it guards.
#include "resolve/scorer.h"

#include <algorithm>
#include <memory>
#include <string>

#include "core/token_alignment.h"
#include "gtest/gtest.h"
#include "resolve/name_variants.h"
#include "resolve/transliteration_skeleton.h"

namespace aka::resolve {
namespace {

constexpr double kThreshold = 0.80;  // ResolverOptions' default

class ScorerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { normalizer_ = core::Normalizer::Create().value().release(); }
  static void TearDownTestSuite() { delete normalizer_; }

  // The feature score of the pair, as the resolver computes it without index statistics.
  static PairScore Features(const std::string& query, const std::string& stored) {
    const core::NameAnalysis q = core::AnalyzeName(*normalizer_, query);
    const core::NameAnalysis c = core::AnalyzeName(*normalizer_, stored);
    return ScoreFeatures(core::CompareNames(q, c, nullptr), q, c, QueryTokenMass(q, nullptr), true);
  }

  static aka::v1::Entity Entity(const std::string& canonical, std::initializer_list<std::string> aliases) {
    aka::v1::Entity entity;
    entity.set_id("E1");
    entity.set_type("organization");
    entity.set_canonical_name(canonical);
    for (const std::string& name : aliases) entity.add_aliases()->set_name(name);
    return entity;
  }

  static core::Normalizer* normalizer_;
};

core::Normalizer* ScorerTest::normalizer_ = nullptr;

TEST_F(ScorerTest, SameNameWithAnotherSpellingOfTheLegalFormMatches) {
  const PairScore score = Features("Wuhan Xiaoruizhi Science and Technology Company Ltd.",
                                   "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED");
  EXPECT_GE(score.score, 0.90);
  EXPECT_FALSE(score.vetoed);
}

TEST_F(ScorerTest, AnotherDistinctiveWordWithTheSameLegalFormDoesNot) {
  const PairScore score = Features("Wuhan Kalomer Science and Technology Company Ltd.",
                                   "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED");
  EXPECT_LT(score.score, kThreshold);
}

TEST_F(ScorerTest, NumbersAreIdentity) {
  for (const char* other : {"APT3", "APT13", "APT 310"}) {
    const PairScore score = Features("APT 31", other);
    EXPECT_TRUE(score.vetoed) << other;
    EXPECT_LE(score.score, kVetoCeiling) << other;
  }
  EXPECT_GE(Features("Advanced Persistent Threat Group 31", "APT31").score, 0.90);
}

TEST_F(ScorerTest, GenericWordsNeverCarryAMatch) {
  EXPECT_TRUE(Features("BELLETECH CORP", "11420 CORP.").vetoed);
  EXPECT_LT(Features("Southeast University", "SOUTHEAST TRADING LTD").score, kThreshold);
  const core::NameAnalysis bank = core::AnalyzeName(*normalizer_, "International Trading Company Ltd");
  EXPECT_TRUE(ScoreKeyEquality(core::KeyKind::kNormalized, bank, core::NameScript::kNone, false).vetoed);
}

TEST_F(ScorerTest, SurnameAloneIsNotThePerson) {
  EXPECT_LT(Features("ZHAO, Weiming", "ZHAO, Guangzong").score, kThreshold);
  EXPECT_GE(Features("Zhao Guangzong", "ZHAO, Guangzong").score, 0.90);
}

TEST_F(ScorerTest, ATypoInADistinctiveTokenStillMatchesButScoresBelowTheExactSpelling) {
  const double typo = Features("Xiaoruzhi Science and Technology", "XIAORUIZHI SCIENCE AND TECHNOLOGY").score;
  const double exact = Features("Xiaoruizhi Science and Technology", "XIAORUIZHI SCIENCE AND TECHNOLOGY").score;
  EXPECT_GE(typo, kThreshold);
  EXPECT_LT(typo, exact);
  // A short name that agrees only through a typo is not enough ("TAAL" is an actor, "TALA" an OFAC entity).
  EXPECT_LT(Features("TAAL", "TALA").score, kThreshold);
}

TEST_F(ScorerTest, ScoresDoNotSaturate) {
  // Weaker evidence gives a lower score all the way down: exact key > normalized key > word-by-word.
  const core::NameAnalysis q = core::AnalyzeName(*normalizer_, "APT31");
  const double exact = ScoreKeyEquality(core::KeyKind::kExact, q, core::NameScript::kLatin, false).score;
  const double normalized = ScoreKeyEquality(core::KeyKind::kNormalized, q, core::NameScript::kLatin, false).score;
  const double features = Features("APT 31", "APT31").score;
  EXPECT_GT(exact, normalized);
  EXPECT_GT(normalized, features);
  EXPECT_LE(features, kFeatureScoreCeiling);
}

TEST_F(ScorerTest, CrossScriptNamesMeetThroughTheirConsonantSkeleton) {
  EXPECT_GE(Features("محمد علي", "Mohamed Ali").score, kThreshold);
  EXPECT_GE(Features("Дмитрий Медведев", "Dmitry Medvedev").score, kThreshold);
  EXPECT_GE(Features("משה", "Moshe").score, kThreshold);
  // Pinyin keeps its vowels: no skeleton shortcut for Han ("jin zheng en" is not "ZHANG, Jian").
  EXPECT_LT(Features("金正恩", "ZHANG, Jian").score, kThreshold);
  // Between two Latin spellings a shared skeleton proves nothing.
  EXPECT_LT(Features("Musa", "Moses").score, kThreshold);
  EXPECT_EQ(ConsonantSkeleton("aleksandr"), ConsonantSkeleton("alexander"));
  EXPECT_EQ(ConsonantSkeleton("dmitrij"), ConsonantSkeleton("dmitry"));
  EXPECT_NE(ConsonantSkeleton("bdallh"), ConsonantSkeleton("abdaljalilyahya"));
  EXPECT_GE(Features("Αλέξανδρος", "Alexander").score, kThreshold);
}

TEST_F(ScorerTest, ParenthesisedHalvesAreComparedAlone) {
  EXPECT_EQ(ParenthesisedVariants("Anhui University (安徽大学)"),
            (std::vector<std::string>{"Anhui University", "安徽大学"}));
  EXPECT_TRUE(ParenthesisedVariants("APT31").empty());

  NameAnalysisCache cache(normalizer_, 100);
  const core::NameAnalysis query = core::AnalyzeName(*normalizer_, "Anhui University");
  const QueryContext context = MakeQueryContext(query, nullptr, &cache, false, true);
  KeyCandidate match;
  match.entity_id = "E1";
  match.key_kind = core::KeyKind::kFuzzy;
  const aka::v1::Candidate candidate = ScoreCandidate(context, match, Entity("Anhui University (安徽大学)", {}));
  EXPECT_GE(candidate.score(), 0.90);
  EXPECT_EQ(candidate.matched_name(), "Anhui University (安徽大学)");
  EXPECT_EQ(candidate.explanation().normalized_match(), "anhui university");
}

TEST_F(ScorerTest, ExplanationListsEveryFeatureAndAWeakAliasLosesToARealOne) {
  NameAnalysisCache cache(normalizer_, 100);
  const core::NameAnalysis query = core::AnalyzeName(*normalizer_, "Guangzong Zhao");
  const QueryContext context = MakeQueryContext(query, nullptr, &cache, true, true);
  aka::v1::Entity entity = Entity("ZHAO, Guangzong", {"ZHAO Guang Zong"});
  entity.mutable_aliases(0)->set_kind(aka::v1::WEAK_AKA);
  KeyCandidate match;
  match.entity_id = "E1";
  match.key_kind = core::KeyKind::kTokenSorted;
  match.key = "guangzong zhao";
  match.matched_name = "ZHAO, Guangzong";
  const aka::v1::Candidate candidate = ScoreCandidate(context, match, entity);
  EXPECT_DOUBLE_EQ(candidate.score(), kTokenSortedKeyWeight);
  const aka::v1::Explanation& explanation = candidate.explanation();
  EXPECT_EQ(explanation.normalized_query(), "guangzong zhao");
  EXPECT_EQ(explanation.normalized_match(), "zhao guangzong");
  EXPECT_EQ(explanation.key_kind(), aka::v1::TOKEN_SORTED);
  ASSERT_GE(explanation.features_size(), 3);
  EXPECT_EQ(explanation.features(0).name(), "key");
  EXPECT_EQ(explanation.features(explanation.features_size() - 1).name(), "type");
  EXPECT_NE(explanation.summary().find("token-sorted"), std::string::npos) << explanation.summary();

  match.key_kind = core::KeyKind::kNormalized;
  match.matched_name = "ZHAO Guang Zong";
  match.alias_index = 0;
  EXPECT_NEAR(ScoreCandidate(context, match, entity).score(), kNormalizedKeyWeight - kWeakAliasPenalty, 1e-9);
}

TEST_F(ScorerTest, FeatureDetailsAreWrittenOnlyWhenExplainingAndDoNotChangeTheScore) {
  const core::NameAnalysis q = core::AnalyzeName(*normalizer_, "Wuhan Xiaoruzhi Science and Technology Co 7");
  const core::NameAnalysis c =
      core::AnalyzeName(*normalizer_, "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED");
  const core::FeatureScores features = core::CompareNames(q, c, nullptr);
  const PairScore explained = ScoreFeatures(features, q, c, QueryTokenMass(q, nullptr), true);
  const PairScore quiet = ScoreFeatures(features, q, c, QueryTokenMass(q, nullptr), false);
  EXPECT_EQ(quiet.score, explained.score);
  EXPECT_TRUE(quiet.parts.empty());
  ASSERT_GE(explained.parts.size(), 5u);
  for (const FeaturePart& part : explained.parts) EXPECT_FALSE(part.detail.empty()) << part.name;
  const auto edits = std::find_if(explained.parts.begin(), explained.parts.end(),
                                  [](const FeaturePart& part) { return part.name == "edit_distance"; });
  ASSERT_NE(edits, explained.parts.end());
  EXPECT_NE(edits->detail.find("1 edit(s)"), std::string::npos) << edits->detail;
  EXPECT_TRUE(ScoreKeyEquality(core::KeyKind::kExact, q, core::NameScript::kLatin, false).parts.empty());
}

TEST_F(ScorerTest, TheQueryContextHoldsTheQueryTokenWeightsAndTheirMass) {
  core::TokenStatistics stats;
  for (int i = 0; i < 40; ++i) stats.AddName({"shipping", "name" + std::to_string(i)});
  NameAnalysisCache cache(normalizer_, 100);
  const core::NameAnalysis query = core::AnalyzeName(*normalizer_, "Gudzon Shipping Co");
  const QueryContext context = MakeQueryContext(query, &stats, &cache, false, false);
  EXPECT_EQ(context.query_weights, core::TokenWeights(query.parts.name_tokens, &stats));
  EXPECT_DOUBLE_EQ(context.query_mass, QueryTokenMass(query, &stats));
  const aka::v1::Candidate candidate =
      ScoreCandidate(context, KeyCandidate{"E1", core::KeyKind::kFuzzy, "gudzon", "GUDZON SHIPPING CO LTD", -1},
                     Entity("GUDZON SHIPPING CO LTD", {}));
  const core::NameAnalysis stored = core::AnalyzeName(*normalizer_, "GUDZON SHIPPING CO LTD");
  EXPECT_EQ(candidate.score(), ScoreFeatures(core::CompareNames(query, stored, &stats), query, stored,
                                             QueryTokenMass(query, &stats), false)
                                   .score);
}

}  // namespace
}  // namespace aka::resolve

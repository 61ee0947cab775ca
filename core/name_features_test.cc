#include "core/name_features.h"

#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::ElementsAre;

class NameFeaturesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { normalizer_ = std::move(Normalizer::Create()).value().release(); }
  static void TearDownTestSuite() { delete normalizer_; }
  static NameAnalysis Analyze(absl::string_view raw) { return AnalyzeName(*normalizer_, raw); }
  static FeatureScores Compare(absl::string_view query, absl::string_view candidate,
                               const TokenStatistics* stats = nullptr) {
    return CompareNames(Analyze(query), Analyze(candidate), stats);
  }
  static const Normalizer* normalizer_;
};
const Normalizer* NameFeaturesTest::normalizer_ = nullptr;

TEST_F(NameFeaturesTest, AnalyzeFillsEveryPart) {
  const NameAnalysis a = Analyze("Advanced Persistent Threat Group 31");
  EXPECT_THAT(a.tokens, ElementsAre("apt", "31"));
  EXPECT_THAT(a.designators, ElementsAre(Designator{"apt", "31"}));
  EXPECT_THAT(a.numbers, ElementsAre("31"));
  EXPECT_EQ(a.script, NameScript::kLatin);
  EXPECT_FALSE(a.looks_like_person);

  const NameAnalysis zhao = Analyze("ZHAO, Guangzong");
  EXPECT_TRUE(zhao.looks_like_person);
  EXPECT_THAT(zhao.person->surname, ElementsAre("zhao"));

  const NameAnalysis han = Analyze("赵光宗");
  EXPECT_EQ(han.script, NameScript::kHan);
  EXPECT_EQ(han.name_compact, "zhaoguangzong");
}

TEST_F(NameFeaturesTest, WuhanCompanyLtdEqualsCompanyLimited) {
  const FeatureScores f = Compare("Wuhan Xiaoruizhi Science and Technology Company Ltd.",
                                  "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED");
  EXPECT_EQ(f.legal_form, LegalFormAgreement::kEqual);
  EXPECT_DOUBLE_EQ(f.distinctive_overlap, 1.0);
  EXPECT_EQ(f.exact_tokens, 5);
  EXPECT_FALSE(f.numbers_conflict);
  EXPECT_FALSE(f.generic_only);
  EXPECT_EQ(f.person_order, PersonOrderAgreement::kNotApplicable);  // the comma is not a person's
}

TEST_F(NameFeaturesTest, LegalFormAloneIsGenericOnly) {
  const FeatureScores f = Compare("BELLETECH CORP", "11420 CORP.");
  EXPECT_DOUBLE_EQ(f.distinctive_overlap, 0.0);
  EXPECT_EQ(f.legal_form, LegalFormAgreement::kEqual);
  EXPECT_TRUE(f.generic_only);
  EXPECT_EQ(f.numbers, NumberAgreement::kOneSided);
}

TEST_F(NameFeaturesTest, GenericWordsAloneAreGenericOnly) {
  const FeatureScores f = Compare("International Trading Group", "Global Trading Group Ltd");
  EXPECT_TRUE(f.generic_only);
  EXPECT_DOUBLE_EQ(f.distinctive_overlap, 0.0);
}

TEST_F(NameFeaturesTest, EmmaLlcIsOnlyHalfOfEmmaDaniels) {
  const FeatureScores f = Compare("emma daniels", "EMMA LLC");
  EXPECT_FALSE(f.generic_only);
  EXPECT_DOUBLE_EQ(f.query_coverage, 0.5);
  EXPECT_DOUBLE_EQ(f.candidate_coverage, 1.0);
  EXPECT_EQ(f.query_unmatched_distinctive, 1);
  EXPECT_EQ(f.legal_form, LegalFormAgreement::kNeutral);
  EXPECT_LT(f.distinctive_overlap, 0.7);
}

TEST_F(NameFeaturesTest, DesignatorNumbersAreIdentity) {
  EXPECT_FALSE(Compare("Advanced Persistent Threat Group 31", "APT31").numbers_conflict);
  EXPECT_EQ(Compare("Advanced Persistent Threat Group 31", "APT31").designators, DesignatorAgreement::kEqual);
  EXPECT_TRUE(Compare("APT 31", "APT31").same_normalized);
  for (const char* other : {"APT3", "APT13", "APT310"}) {
    const FeatureScores f = Compare("APT31", other);
    EXPECT_TRUE(f.numbers_conflict) << other;
    EXPECT_EQ(f.numbers, NumberAgreement::kConflict) << other;
    EXPECT_EQ(f.designators, DesignatorAgreement::kConflict) << other;
  }
  EXPECT_FALSE(Compare("APT 031", "APT31").numbers_conflict);
  EXPECT_FALSE(Compare("G0128", "G128").numbers_conflict);
}

TEST_F(NameFeaturesTest, VendorDesignatorsMatchAcrossSpellings) {
  for (const auto& [a, b] : std::vector<std::pair<const char*, const char*>>{
           {"TA412", "TA 412"}, {"DEV-0537", "DEV 0537"}, {"Storm-0558", "STORM0558"}, {"G0128", "g-0128"}}) {
    const FeatureScores f = Compare(a, b);
    EXPECT_EQ(f.designators, DesignatorAgreement::kEqual) << a;
    EXPECT_EQ(f.numbers, NumberAgreement::kEqual) << a;
    EXPECT_DOUBLE_EQ(f.distinctive_overlap, 1.0) << a;
  }
  EXPECT_TRUE(Compare("Storm-0558", "Storm-0559").numbers_conflict);
  EXPECT_TRUE(Compare("DEV-0537", "DEV-0573").numbers_conflict);
}

TEST_F(NameFeaturesTest, PersonOrderDoesNotMatter) {
  const FeatureScores f = Compare("Guangzong Zhao", "ZHAO, Guangzong");
  EXPECT_EQ(f.person_order, PersonOrderAgreement::kReordered);
  EXPECT_TRUE(f.same_token_sorted);
  EXPECT_DOUBLE_EQ(f.distinctive_overlap, 1.0);

  const FeatureScores han = Compare("赵光宗", "ZHAO, Guangzong");
  EXPECT_TRUE(han.cross_script);
  EXPECT_EQ(han.query_script, NameScript::kHan);
  EXPECT_TRUE(han.same_compact);
  EXPECT_DOUBLE_EQ(han.distinctive_overlap, 1.0);

  const FeatureScores other = Compare("Zhao Wei", "ZHAO, Guangzong");
  EXPECT_EQ(other.person_order, PersonOrderAgreement::kSurnameOnly);
  EXPECT_LT(other.distinctive_overlap, 0.6);
}

TEST_F(NameFeaturesTest, InitialsAreAWeakerAgreement) {
  const FeatureScores initial = Compare("J. Smith", "John Smith");
  EXPECT_EQ(initial.initial_tokens, 1);
  EXPECT_LT(initial.distinctive_overlap, Compare("John Smith", "John Smith").distinctive_overlap);
  EXPECT_GT(initial.distinctive_overlap, Compare("Jane Smith", "John Smith").distinctive_overlap);
}

TEST_F(NameFeaturesTest, JoinedWordsMatchTheCompactForm) {
  const FeatureScores f = Compare("JSCARGUMENT", "JSC ARGUMENT");
  EXPECT_TRUE(f.same_compact);
  EXPECT_DOUBLE_EQ(f.distinctive_overlap, 1.0);
  EXPECT_FALSE(f.generic_only);
  EXPECT_TRUE(Compare("BankGroup", "Bank Group").same_compact);
  EXPECT_DOUBLE_EQ(Compare("BankGroup", "Bank Group").distinctive_overlap, 0.0);
}

TEST_F(NameFeaturesTest, CyrillicAndLatinRussianForms) {
  const FeatureScores f = Compare("ООО Ромашка", "OOO ROMASHKA");
  EXPECT_EQ(f.legal_form, LegalFormAgreement::kEqual);
  EXPECT_TRUE(f.cross_script);
  EXPECT_EQ(f.fuzzy_tokens, 1);  // "romaska" (ICU) vs "romashka" (BGN)
  EXPECT_GT(f.distinctive_overlap, 0.85);
  EXPECT_EQ(Compare("ООО Ромашка", "Romashka LLC").legal_form, LegalFormAgreement::kCompatible);
}

TEST_F(NameFeaturesTest, ChineseLegalFormIsAFeatureNotTokens) {
  const NameAnalysis a = Analyze("北京某某科技有限公司");
  EXPECT_EQ(a.parts.legal_form, "ltd");
  EXPECT_EQ(Compare("北京某某科技有限公司", "Beijing Moumou Keji Co., Ltd.").legal_form, LegalFormAgreement::kEqual);
}

TEST_F(NameFeaturesTest, TyposOnDistinctiveTokens) {
  const FeatureScores f = Compare("Wuhan Xiaoruzhi Science and Technology", "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY");
  EXPECT_EQ(f.fuzzy_tokens, 1);
  EXPECT_EQ(f.fuzzy_edits, 1);
  EXPECT_GT(f.distinctive_overlap, 0.9);
  EXPECT_FALSE(f.generic_only);
}

TEST_F(NameFeaturesTest, LegalFormConflict) {
  EXPECT_EQ(Compare("Siemens GmbH", "Siemens Inc").legal_form, LegalFormAgreement::kConflict);
}

}  // namespace
}  // namespace aka::core

#include "core/person_names.h"

#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::ElementsAre;

class PersonNamesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { normalizer_ = std::move(Normalizer::Create()).value().release(); }
  static void TearDownTestSuite() { delete normalizer_; }
  static std::optional<PersonName> Parse(absl::string_view raw) {
    return ParsePersonName(*normalizer_, normalizer_->Normalize(raw));
  }
  static std::vector<std::string> Tokens(absl::string_view raw) { return normalizer_->Normalize(raw).tokens; }
  static const Normalizer* normalizer_;
};
const Normalizer* PersonNamesTest::normalizer_ = nullptr;

TEST_F(PersonNamesTest, ParsesOfacCommaForm) {
  const auto zhao = Parse("ZHAO, Guangzong");
  ASSERT_TRUE(zhao.has_value());
  EXPECT_THAT(zhao->surname, ElementsAre("zhao"));
  EXPECT_THAT(zhao->given, ElementsAre("guangzong"));
  const auto musa = Parse("TAHA MUSA, Rifa'i Ahmad");
  ASSERT_TRUE(musa.has_value());
  EXPECT_THAT(musa->surname, ElementsAre("taha", "musa"));
  EXPECT_THAT(musa->given, ElementsAre("rifai", "ahmad"));
}

TEST_F(PersonNamesTest, CompanyWithCommaIsNotAPerson) {
  EXPECT_FALSE(Parse("WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED").has_value());
  EXPECT_FALSE(Parse("Guangzong Zhao").has_value());  // no comma: order unknown
  EXPECT_FALSE(Parse("ZHAO,").has_value());
  EXPECT_FALSE(Parse("UNIT 61398, PLA").has_value());
}

TEST_F(PersonNamesTest, OrderDoesNotMatter) {
  const auto zhao = Parse("ZHAO, Guangzong");
  const auto zhao_tokens = Tokens("ZHAO, Guangzong");
  EXPECT_EQ(ComparePersonOrder(zhao, zhao_tokens, std::nullopt, Tokens("Guangzong Zhao")),
            PersonOrderAgreement::kReordered);
  EXPECT_EQ(ComparePersonOrder(zhao, zhao_tokens, std::nullopt, Tokens("Zhao Guangzong")),
            PersonOrderAgreement::kSameOrder);
  EXPECT_EQ(ComparePersonOrder(std::nullopt, Tokens("Guangzong Zhao"), zhao, zhao_tokens),
            PersonOrderAgreement::kReordered);
}

TEST_F(PersonNamesTest, SameSurnameAnotherGivenName) {
  const auto zhao = Parse("ZHAO, Guangzong");
  EXPECT_EQ(ComparePersonOrder(zhao, Tokens("ZHAO, Guangzong"), std::nullopt, Tokens("Zhao Wei")),
            PersonOrderAgreement::kSurnameOnly);
  EXPECT_EQ(ComparePersonOrder(zhao, Tokens("ZHAO, Guangzong"), Parse("NI, Gaobin"), Tokens("NI, Gaobin")),
            PersonOrderAgreement::kDifferent);
  EXPECT_EQ(ComparePersonOrder(std::nullopt, Tokens("a b"), std::nullopt, Tokens("b a")),
            PersonOrderAgreement::kNotApplicable);
}

TEST_F(PersonNamesTest, Initials) {
  EXPECT_TRUE(IsInitialOf("j", "john"));
  EXPECT_FALSE(IsInitialOf("j", "j"));
  EXPECT_FALSE(IsInitialOf("jo", "john"));
  EXPECT_EQ(CountInitialMatches(Tokens("J. Smith"), Tokens("John Smith")), 1);
  EXPECT_EQ(CountInitialMatches(Tokens("John Smith"), Tokens("J. Smith")), 1);
  EXPECT_EQ(CountInitialMatches(Tokens("K. Smith"), Tokens("John Smith")), 0);
  EXPECT_EQ(CountInitialMatches(Tokens("J. R. Smith"), Tokens("John Ronald Smith")), 2);
}

}  // namespace
}  // namespace aka::core

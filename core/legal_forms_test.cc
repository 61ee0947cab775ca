#include "core/legal_forms.h"

#include <memory>

#include "core/normalizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::ElementsAre;

class LegalFormsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { normalizer_ = std::move(Normalizer::Create()).value().release(); }
  static void TearDownTestSuite() { delete normalizer_; }
  static NameParts Split(absl::string_view raw) { return SplitLegalForm(normalizer_->Normalize(raw).tokens); }
  static const Normalizer* normalizer_;
};
const Normalizer* LegalFormsTest::normalizer_ = nullptr;

TEST_F(LegalFormsTest, CompanyLimitedAndLtdAreOneClass) {
  const NameParts a = Split("Wuhan Xiaoruizhi Science and Technology Company Ltd.");
  const NameParts b = Split("WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED");
  EXPECT_THAT(a.name_tokens, ElementsAre("wuhan", "xiaoruizhi", "science", "and", "technology"));
  EXPECT_EQ(a.name_tokens, b.name_tokens);
  EXPECT_EQ(a.legal_form, "ltd");
  EXPECT_EQ(b.legal_form, "ltd");
  for (const char* raw : {"Acme Ltd", "Acme Limited", "Acme Co., Ltd.", "Acme Co Limited", "Acme Company Limited"}) {
    const NameParts p = Split(raw);
    EXPECT_THAT(p.name_tokens, ElementsAre("acme")) << raw;
    EXPECT_EQ(p.legal_form, "ltd") << raw;
  }
}

TEST_F(LegalFormsTest, SpellingsOfLlcAndCorporateForms) {
  for (const char* raw : {"Emma LLC", "Emma L.L.C.", "Emma Limited Liability Company"}) {
    EXPECT_EQ(Split(raw).legal_form, "llc") << raw;
    EXPECT_THAT(Split(raw).name_tokens, ElementsAre("emma")) << raw;
  }
  EXPECT_EQ(Split("BELLETECH CORP").legal_form, "corp");
  EXPECT_EQ(Split("Belletech Corporation").legal_form, "corp");
  EXPECT_EQ(Split("Acme Incorporated").legal_form, "inc");
  EXPECT_EQ(Split("Siemens GmbH").legal_form, "gmbh");  // normalized as "gmb h" by the CamelCase split
  EXPECT_EQ(Split("Siemens AG").legal_form, "ag");
  EXPECT_EQ(Split("Cemex S.A. de C.V.").legal_form, "sa_de_cv");
  EXPECT_EQ(Split("Renault S.A.").legal_form, "sa");
  EXPECT_EQ(Split("Acme Pty. Ltd.").legal_form, "pty_ltd");
  EXPECT_EQ(Split("Acme PLC").legal_form, "plc");
  EXPECT_EQ(Split("Acme B.V.").legal_form, "bv");
  EXPECT_EQ(Split("Acme LLP").legal_form, "llp");
}

TEST_F(LegalFormsTest, RussianFormsAtTheStartInEitherScript) {
  const NameParts latin = Split("OOO Romashka");
  const NameParts cyrillic = Split("ООО Ромашка");
  EXPECT_EQ(latin.legal_form, "ooo");
  EXPECT_EQ(cyrillic.legal_form, "ooo");
  EXPECT_THAT(cyrillic.name_tokens, ElementsAre("romaska"));
  EXPECT_EQ(Split("JSC ARGUMENT").legal_form, "jsc");
  EXPECT_THAT(Split("JSC ARGUMENT").name_tokens, ElementsAre("argument"));
  EXPECT_EQ(Split("PJSC Sberbank").legal_form, "pjsc");
  EXPECT_EQ(Split("ПАО Сбербанк").legal_form, "pjsc");
  EXPECT_EQ(Split("ZAO Sovmortrans").legal_form, "cjsc");
  EXPECT_EQ(Split("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU VEB").legal_form, "ooo");
  EXPECT_EQ(Split("Общество с ограниченной ответственностью Веб").legal_form, "ooo");
  const NameParts spelled = Split("LIMITED LIABILITY COMPANY SBERBANK CAPITAL");
  EXPECT_EQ(spelled.legal_form, "llc");
  EXPECT_EQ(spelled.name_tokens, Split("SBERBANK CAPITAL LIMITED LIABILITY COMPANY").name_tokens);
}

TEST_F(LegalFormsTest, FormAtEitherEndGivesTheSameName) {
  EXPECT_EQ(Split("LLC GUDZON SHIPPING CO").name_tokens, Split("GUDZON SHIPPING CO LLC").name_tokens);
  EXPECT_EQ(Split("LLC GUDZON SHIPPING CO").legal_form, "llc");
  EXPECT_EQ(Split("OJSC VEB LEASING").name_tokens, Split("VEB LEASING OJSC").name_tokens);
}

TEST_F(LegalFormsTest, ChineseFormsAsPinyin) {
  const NameParts ltd = Split("北京某某科技有限公司");
  EXPECT_EQ(ltd.legal_form, "ltd");
  EXPECT_THAT(ltd.name_tokens, ElementsAre("bei", "jing", "mou", "mou", "ke", "ji"));
  EXPECT_EQ(Split("北京某某科技有限责任公司").legal_form, "llc");
  EXPECT_EQ(Split("北京某某科技股份有限公司").legal_form, "jsc_ltd");
}

TEST_F(LegalFormsTest, PinyinSyllablesAreNotLatinFormsInHanNames) {
  // 澳门 is "ao men": "ao" is also the Russian AO, but not in a name written in Han.
  const std::vector<std::string> tokens = normalizer_->Normalize("澳门国际银行").tokens;
  EXPECT_EQ(SplitLegalForm(tokens, /*written_in_han=*/true).legal_form, "");
  EXPECT_EQ(SplitLegalForm(tokens, /*written_in_han=*/true).name_tokens, tokens);
}

TEST_F(LegalFormsTest, NeverLeavesAnEmptyName) {
  const NameParts co_ltd = Split("Co. Ltd");
  EXPECT_THAT(co_ltd.name_tokens, ElementsAre("co", "ltd"));
  EXPECT_EQ(co_ltd.legal_form, "");
  EXPECT_THAT(Split("Limited").name_tokens, ElementsAre("limited"));
  EXPECT_THAT(Split("11420 CORP.").name_tokens, ElementsAre("11420"));
  EXPECT_TRUE(SplitLegalForm({}).name_tokens.empty());
}

TEST_F(LegalFormsTest, AndCoBelongsToTheName) {
  EXPECT_THAT(Split("Smith and Co").name_tokens, ElementsAre("smith", "and", "co"));
  EXPECT_THAT(Split("Gudzon Shipping Co").name_tokens, ElementsAre("gudzon", "shipping"));
}

TEST(LegalFormAgreementTest, EqualCompatibleNeutralConflict) {
  EXPECT_EQ(CompareLegalForms("ltd", "ltd"), LegalFormAgreement::kEqual);
  EXPECT_EQ(CompareLegalForms("ooo", "llc"), LegalFormAgreement::kCompatible);
  EXPECT_EQ(CompareLegalForms("ojsc", "pjsc"), LegalFormAgreement::kCompatible);
  EXPECT_EQ(CompareLegalForms("corp", "inc"), LegalFormAgreement::kCompatible);
  EXPECT_EQ(CompareLegalForms("", "llc"), LegalFormAgreement::kNeutral);
  EXPECT_EQ(CompareLegalForms("co", "gmbh"), LegalFormAgreement::kNeutral);
  EXPECT_EQ(CompareLegalForms("gmbh", "inc"), LegalFormAgreement::kConflict);
  EXPECT_TRUE(LegalFormsCompatible("ltd", ""));
  EXPECT_TRUE(LegalFormsCompatible("sa", "sa_de_cv"));
  EXPECT_FALSE(LegalFormsCompatible("jsc", "llc"));
}

}  // namespace
}  // namespace aka::core

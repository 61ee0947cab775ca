#include "core/normalizer.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class NormalizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Normalizer::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    normalizer_ = created->release();
  }
  static void TearDownTestSuite() {
    delete normalizer_;
    normalizer_ = nullptr;
  }

  static std::string Normalized(absl::string_view name) { return normalizer_->Normalize(name).normalized; }

  static const Normalizer* normalizer_;
};

const Normalizer* NormalizerTest::normalizer_ = nullptr;

TEST_F(NormalizerTest, FillsEveryForm) {
  const NormalizedName n = normalizer_->Normalize("  APT31 ");
  EXPECT_EQ(n.nfkc, "APT31");
  EXPECT_EQ(n.normalized, "apt 31");
  EXPECT_THAT(n.tokens, ElementsAre("apt", "31"));
  EXPECT_EQ(n.compact, "apt31");
  EXPECT_EQ(n.token_sorted, "31 apt");
}

TEST_F(NormalizerTest, SpellingsOfAptThirtyOneAreEqual) {
  for (const char* spelling :
       {"APT31", "APT 31", "apt-31", "‘APT 31’", "APT_31", "Apt.31", "ＡＰＴ３１", "apt–31", "\"APT31\""}) {
    EXPECT_EQ(Normalized(spelling), "apt 31") << spelling;
  }
}

TEST_F(NormalizerTest, SplitsLetterDigitBoundariesKeepingLeadingZeros) {
  EXPECT_EQ(Normalized("TA412"), "ta 412");
  EXPECT_EQ(Normalized("UNC2452"), "unc 2452");
  EXPECT_EQ(Normalized("G0128"), "g 0128");
  // Numbers are identity: different numbers never normalize alike.
  EXPECT_NE(Normalized("APT3"), Normalized("APT31"));
  EXPECT_NE(Normalized("APT13"), Normalized("APT31"));
}

TEST_F(NormalizerTest, PersonNameOrdersShareTokenSortedForm) {
  const NormalizedName a = normalizer_->Normalize("ZHAO, Guangzong");
  const NormalizedName b = normalizer_->Normalize("Guangzong Zhao");
  EXPECT_EQ(a.normalized, "zhao guangzong");
  EXPECT_EQ(b.normalized, "guangzong zhao");
  EXPECT_EQ(a.token_sorted, b.token_sorted);
  EXPECT_EQ(a.token_sorted, "guangzong zhao");
}

TEST_F(NormalizerTest, TransliteratesHanToPinyin) {
  const NormalizedName n = normalizer_->Normalize("赵光宗");
  EXPECT_EQ(n.nfkc, "赵光宗");
  EXPECT_EQ(n.normalized, "zhao guang zong");
  EXPECT_EQ(n.compact, "zhaoguangzong");
  EXPECT_EQ(n.compact, normalizer_->Normalize("ZHAO Guangzong").compact);
}

TEST_F(NormalizerTest, TransliteratesOtherScripts) {
  EXPECT_EQ(Normalized("Владимир Путин"), "vladimir putin");
  EXPECT_EQ(Normalized("Αλέξης Τσίπρας"), "alexes tsipras");
  EXPECT_EQ(Normalized("김정은"), "gimjeong eun");
  EXPECT_EQ(Normalized("أسامة"), "asamt");
}

TEST_F(NormalizerTest, CompanyNames) {
  EXPECT_EQ(Normalized("WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED"),
            "wuhan xiaoruizhi science and technology company limited");
  EXPECT_EQ(Normalized("Wuhan Xiaoruizhi Science & Technology Company, Limited"),
            "wuhan xiaoruizhi science and technology company limited");
  EXPECT_EQ(Normalized("Société Générale"), "societe generale");
}

TEST_F(NormalizerTest, SplitsCamelCaseButNotCapitals) {
  EXPECT_EQ(Normalized("FancyBear"), "fancy bear");
  EXPECT_EQ(Normalized("VolcanicTimber"), "volcanic timber");
  EXPECT_EQ(Normalized("ZIRCONIUM"), "zirconium");
  EXPECT_EQ(Normalized("Grizzly Steppe"), "grizzly steppe");
  // The compact form joins the split words, so the unsplit spelling still meets it.
  EXPECT_EQ(normalizer_->Normalize("FancyBear").compact, normalizer_->Normalize("Fancybear").compact);
}

TEST_F(NormalizerTest, DropsApostrophesInsideWords) {
  EXPECT_EQ(Normalized("Qa'ida"), "qaida");
  EXPECT_EQ(Normalized("AL QA'IDA"), "al qaida");
  EXPECT_EQ(Normalized("al-Qa’ida"), "al qaida");
}

TEST_F(NormalizerTest, PunctuationOnlyNormalizesToNothing) {
  const NormalizedName n = normalizer_->Normalize("...!?—");
  EXPECT_EQ(n.nfkc, "...!?—");
  EXPECT_EQ(n.normalized, "");
  EXPECT_THAT(n.tokens, IsEmpty());
  EXPECT_EQ(n.compact, "");
  EXPECT_EQ(n.token_sorted, "");
}

TEST_F(NormalizerTest, EmptyInput) {
  const NormalizedName n = normalizer_->Normalize("   ");
  EXPECT_EQ(n.nfkc, "");
  EXPECT_EQ(n.normalized, "");
  EXPECT_THAT(n.tokens, IsEmpty());
}

TEST_F(NormalizerTest, InvalidUtf8IsReplacedNotFatal) {
  // Octal escapes, because "\xFF31" would be read as a single escape.
  const NormalizedName n = normalizer_->Normalize("APT\37731\303");
  EXPECT_EQ(n.nfkc, "APT\357\277\27531\357\277\275");
  EXPECT_EQ(n.normalized, "apt 31");
  const NormalizedName nul = normalizer_->Normalize(std::string("a\0b", 3));
  EXPECT_EQ(nul.nfkc.find('\0'), std::string::npos);
  EXPECT_EQ(nul.normalized, "a b");
}

TEST_F(NormalizerTest, IsIdempotentOnNormalizedForm) {
  for (const char* name : {"APT31", "赵光宗", "Société Générale", "FancyBear", "AL QA'IDA", "G0128"}) {
    const std::string once = Normalized(name);
    EXPECT_EQ(Normalized(once), once) << name;
  }
}

TEST_F(NormalizerTest, IsThreadSafe) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 300; ++i) {
        if (Normalized("赵光宗") != "zhao guang zong") ++failures[t];
        if (Normalized("Apt.31") != "apt 31") ++failures[t];
        if (Normalized("Société") != "societe") ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ::testing::Each(0));
}

}  // namespace
}  // namespace aka::core

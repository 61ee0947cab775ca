#include "core/normalize_steps.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "core/latin_transliterator.h"
#include "core/shared_data_lines.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

TEST(CoerceToUtf8Test, KeepsValidText) {
  EXPECT_EQ(CoerceToUtf8("APT31"), "APT31");
  EXPECT_EQ(CoerceToUtf8("Société 赵光宗"), "Société 赵光宗");
}

TEST(CoerceToUtf8Test, ReplacesEachIllFormedSequenceWithOneReplacementCharacter) {
  EXPECT_EQ(CoerceToUtf8("ab\377cd"), "ab\357\277\275cd");  // Octal escapes: "\xFFcd" would be one escape.
  EXPECT_EQ(CoerceToUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // Overlong: two bad bytes.
  EXPECT_EQ(CoerceToUtf8("\xE2\x82"), "\xEF\xBF\xBD");              // Truncated: one maximal subpart.
  EXPECT_EQ(CoerceToUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // Surrogate.
}

TEST(CoerceToUtf8Test, ReplacesNul) { EXPECT_EQ(CoerceToUtf8(std::string("a\0b", 3)), "a\357\277\275b"); }

TEST(NfkcTrimmedTest, AppliesCompatibilityMappingButKeepsCaseAndPunctuation) {
  EXPECT_EQ(NfkcTrimmed("ＡＰＴ３１"), "APT31");
  EXPECT_EQ(NfkcTrimmed("Société, Inc."), "Société, Inc.");
  EXPECT_EQ(NfkcTrimmed("ﬁnance"), "finance");  // Ligature.
}

TEST(NfkcTrimmedTest, TrimsUnicodeWhitespace) {
  EXPECT_EQ(NfkcTrimmed("  APT 31\t"), "APT 31");
  EXPECT_EQ(NfkcTrimmed("\u3000赵光宗\u00A0"), "赵光宗");  // Ideographic space, no-break space.
  EXPECT_EQ(NfkcTrimmed("   "), "");
}

TEST(SplitCamelCaseTest, SplitsLowerToUpperBoundaries) {
  EXPECT_EQ(SplitCamelCase("FancyBear"), "Fancy Bear");
  EXPECT_EQ(SplitCamelCase("VolcanicTimber"), "Volcanic Timber");
  EXPECT_EQ(SplitCamelCase("McAfee"), "Mc Afee");
  EXPECT_EQ(SplitCamelCase("ÉcoleNationale"), "École Nationale");
}

TEST(SplitCamelCaseTest, KeepsCapitalsAndLowerCaseWhole) {
  EXPECT_EQ(SplitCamelCase("ZIRCONIUM"), "ZIRCONIUM");
  EXPECT_EQ(SplitCamelCase("APT31"), "APT31");
  EXPECT_EQ(SplitCamelCase("Grizzly Steppe"), "Grizzly Steppe");
  EXPECT_EQ(SplitCamelCase("fancy bear"), "fancy bear");
  EXPECT_EQ(SplitCamelCase("赵光宗"), "赵光宗");
}

TEST(NfkcCaseFoldTest, FoldsCaseAndCompatibilityForms) {
  EXPECT_EQ(NfkcCaseFold("APT31"), "apt31");
  EXPECT_EQ(NfkcCaseFold("ＡＰＴ３１"), "apt31");
  EXPECT_EQ(NfkcCaseFold("Straße"), "strasse");
  EXPECT_EQ(NfkcCaseFold("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
  EXPECT_EQ(NfkcCaseFold("ВЛАДИМИР"), "владимир");
}

TEST(HasNonLatinLettersTest, DetectsOtherScripts) {
  EXPECT_FALSE(HasNonLatinLetters("apt 31"));
  EXPECT_FALSE(HasNonLatinLetters("société générale – ‘x’"));
  EXPECT_TRUE(HasNonLatinLetters("赵光宗"));
  EXPECT_TRUE(HasNonLatinLetters("apt владимир"));
  EXPECT_TRUE(HasNonLatinLetters("김정은"));
}

TEST(HasNonLatinLettersTest, ReportsHan) {
  bool has_han = true;
  EXPECT_FALSE(HasNonLatinLetters("apt 31", &has_han));
  EXPECT_FALSE(has_han);
  EXPECT_TRUE(HasNonLatinLetters("владимир", &has_han));
  EXPECT_FALSE(has_han);
  EXPECT_TRUE(HasNonLatinLetters("apt 赵光宗", &has_han));
  EXPECT_TRUE(has_han);
}

class LatinTransliteratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = LatinTransliterator::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    transliterator_ = *std::move(created);
  }
  std::unique_ptr<LatinTransliterator> transliterator_;
};

TEST_F(LatinTransliteratorTest, TransliteratesScriptsToAsciiLatin) {
  EXPECT_EQ(transliterator_->ToLatin("赵光宗"), "zhao guang zong");
  EXPECT_EQ(transliterator_->ToLatin("单田芳"), "shan tian fang");  // Surname reading, not "dan".
  EXPECT_EQ(transliterator_->ToLatin("владимир путин"), "vladimir putin");
  EXPECT_EQ(transliterator_->ToLatin("αλέξης τσίπρας"), "alexes tsipras");
  EXPECT_EQ(transliterator_->ToLatin("أسامة"), "asamt");
  EXPECT_EQ(transliterator_->ToLatin("김정은"), "gimjeong-eun");
  EXPECT_EQ(transliterator_->ToLatin("ひらがな"), "hiragana");
}

TEST_F(LatinTransliteratorTest, TransliteratesMixedScripts) {
  // Han-Latin may emit extra spaces between syllables; CollapseWhitespace removes them later.
  EXPECT_EQ(CollapseWhitespace(transliterator_->ToLatin("путин 赵")), "putin zhao");
  EXPECT_EQ(transliterator_->ToLatin("apt 31 путин"), "apt 31 putin");
}

TEST_F(LatinTransliteratorTest, FoldsCaseOfOutput) {
  EXPECT_EQ(transliterator_->ToLatin("ВЛАДИМИР"), "vladimir");
}

TEST_F(LatinTransliteratorTest, LeavesLatinTextUntouched) {
  // Diacritics stay: removing them is StripDiacritics' job, and skipping ICU here is the fast path.
  EXPECT_EQ(transliterator_->ToLatin("Société APT31"), "Société APT31");
}

TEST_F(LatinTransliteratorTest, IsSafeToUseConcurrently) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t, &failures] {
      for (int i = 0; i < 200; ++i) {
        if (transliterator_->ToLatin("赵光宗") != "zhao guang zong") ++failures[t];
        if (transliterator_->ToLatin("путин") != "putin") ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ::testing::Each(0));
}

TEST(StripDiacriticsTest, RemovesCombiningMarks) {
  EXPECT_EQ(StripDiacritics("société"), "societe");
  EXPECT_EQ(StripDiacritics("Société Générale"), "Societe Generale");
  EXPECT_EQ(StripDiacritics("e\xCC\x81"), "e");  // Already decomposed.
  EXPECT_EQ(StripDiacritics("müller çelik"), "muller celik");
}

TEST(StripDiacriticsTest, FoldsLettersThatDoNotDecompose) {
  EXPECT_EQ(StripDiacritics("łódź"), "lodz");
  EXPECT_EQ(StripDiacritics("søren æble œuvre"), "soren aeble oeuvre");
  EXPECT_EQ(StripDiacritics("đorđe þór"), "dorde thor");
}

TEST(StripDiacriticsTest, LeavesOtherTextAlone) {
  EXPECT_EQ(StripDiacritics("apt 31"), "apt 31");
  EXPECT_EQ(StripDiacritics("赵光宗"), "赵光宗");
}

TEST(FoldPunctuationTest, FoldsQuotesDashesAndPunctuationToSpaces) {
  EXPECT_EQ(FoldPunctuation("apt-31"), "apt 31");
  EXPECT_EQ(FoldPunctuation("apt_31"), "apt 31");
  EXPECT_EQ(FoldPunctuation("apt.31"), "apt 31");
  EXPECT_EQ(FoldPunctuation("‘apt 31’"), " apt 31 ");
  EXPECT_EQ(FoldPunctuation("“x” \"y\" `z`"), " x   y   z ");
  EXPECT_EQ(FoldPunctuation("a—b–c‐d"), "a b c d");  // Em dash, en dash, hyphen.
  EXPECT_EQ(FoldPunctuation("zhao, guangzong"), "zhao  guangzong");
  EXPECT_EQ(FoldPunctuation("a/b(c)"), "a b c ");
}

TEST(FoldPunctuationTest, DropsApostrophesInsideWords) {
  EXPECT_EQ(FoldPunctuation("qa'ida"), "qaida");
  EXPECT_EQ(FoldPunctuation("al qa’ida"), "al qaida");
  EXPECT_EQ(FoldPunctuation("qaʿida"), "qaida");
  EXPECT_EQ(FoldPunctuation("o'brien"), "obrien");
  EXPECT_EQ(FoldPunctuation("90's"), "90s");
}

TEST(FoldPunctuationTest, ApostrophesAtWordEdgesAreQuotes) {
  EXPECT_EQ(FoldPunctuation("'qaida'"), " qaida ");
  EXPECT_EQ(FoldPunctuation("bears' den"), "bears  den");
}

TEST(FoldPunctuationTest, AmpersandBecomesAnd) {
  EXPECT_EQ(FoldPunctuation("science & technology"), "science  and  technology");
  EXPECT_EQ(FoldPunctuation("at&t"), "at and t");
}

TEST(FoldPunctuationTest, FoldsDigitsOfAnyScriptToAscii) {
  EXPECT_EQ(FoldPunctuation("apt ٣١"), "apt 31");
  EXPECT_EQ(FoldPunctuation("१२"), "12");  // Devanagari.
}

TEST(FoldPunctuationTest, KeepsLettersOfEveryScript) {
  EXPECT_EQ(FoldPunctuation("赵光宗"), "赵光宗");
  EXPECT_EQ(FoldPunctuation("société"), "société");
}

TEST(FoldPunctuationTest, PunctuationOnlyBecomesBlank) { EXPECT_EQ(FoldPunctuation("...!?"), "     "); }

TEST(SplitLetterDigitTest, SplitsBoundariesBothWays) {
  EXPECT_EQ(SplitLetterDigit("apt31"), "apt 31");
  EXPECT_EQ(SplitLetterDigit("ta412"), "ta 412");
  EXPECT_EQ(SplitLetterDigit("unc2452"), "unc 2452");
  EXPECT_EQ(SplitLetterDigit("31st"), "31 st");
  EXPECT_EQ(SplitLetterDigit("a1b2"), "a 1 b 2");
}

TEST(SplitLetterDigitTest, KeepsLeadingZerosAndExistingSpaces) {
  EXPECT_EQ(SplitLetterDigit("g0128"), "g 0128");
  EXPECT_EQ(SplitLetterDigit("apt 31"), "apt 31");
  EXPECT_EQ(SplitLetterDigit("2452"), "2452");
}

TEST(SplitLetterDigitTest, HandlesNonAsciiLetters) {
  EXPECT_EQ(SplitLetterDigit("é1"), "é 1");
  EXPECT_EQ(SplitLetterDigit("e\u03011"), "e\u0301 1");  // A mark continues its letter.
}

TEST(CollapseWhitespaceTest, CollapsesAndTrims) {
  EXPECT_EQ(CollapseWhitespace("  apt   31 "), "apt 31");
  EXPECT_EQ(CollapseWhitespace("a\t\nb"), "a b");
  EXPECT_EQ(CollapseWhitespace("a\u3000\u00A0b"), "a b");
  EXPECT_EQ(CollapseWhitespace("     "), "");
  EXPECT_EQ(CollapseWhitespace("apt"), "apt");
}


// --- the ASCII fast path ----------------------------------------------------------------------------------

// The steps chained as Normalizer chains them for a name that is not plain ASCII (transliteration leaves
// ASCII alone: HasNonLatinLetters is false).
std::string ChainedSteps(absl::string_view nfkc) {
  const std::string folded = NfkcCaseFold(SplitCamelCase(nfkc));
  EXPECT_FALSE(HasNonLatinLetters(folded)) << nfkc;
  return CollapseWhitespace(SplitLetterDigit(FoldPunctuation(StripDiacritics(folded))));
}

// Compares the fast path with the chained steps on `name`; returns false (after a failure) if they differ.
bool SameAsChainedSteps(absl::string_view name) {
  if (!IsPlainAscii(name)) return true;
  const std::string nfkc = NfkcTrimmed(CoerceToUtf8(name));
  EXPECT_EQ(NfkcTrimmed(name), nfkc);
  const std::string expected = ChainedSteps(nfkc);
  const std::string fast = NormalizeAsciiName(nfkc);
  EXPECT_EQ(fast, expected) << "name: \"" << name << "\"";
  return fast == expected;
}

TEST(NormalizeAsciiNameTest, IsPlainAsciiExcludesNulAndNonAscii) {
  EXPECT_TRUE(IsPlainAscii("APT 31 \t&'`"));
  EXPECT_TRUE(IsPlainAscii(""));
  EXPECT_FALSE(IsPlainAscii(absl::string_view("APT\0 31", 7)));
  EXPECT_FALSE(IsPlainAscii("Société"));
}

TEST(NormalizeAsciiNameTest, EqualsTheChainedStepsOnEdgeCases) {
  for (const char* name :
       {"FancyBear", "APT31", "apt-31", "Qa'ida", "'quoted'", "O'Brien & Sons", "AT&T", "a&b", "&", "''",
        "`x`", "x'", "'x", "McAfee 2nd", "G0128", "31st", "ZIRCONIUM", "APTGroup", "a\tb\nc\rd\x0b\x0c e",
        "\x01\x1f name", "...!?", "  spaced   out  ", "x'1", "1'x", "A'B", "aB'Cd", "Ab1Cd2", "--x--", "a_b~c|d",
        "ab'&cd", "Science & Technology Co., Ltd.", "", " "}) {
    SameAsChainedSteps(name);
  }
}

TEST(NormalizeAsciiNameTest, EqualsTheChainedStepsOnRandomAscii) {
  uint32_t state = 20261124;
  const std::string alphabet = "aAzZbQ09 5'`&-.,_\t\n()/\"";
  for (int n = 0; n < 20000; ++n) {
    std::string name;
    const int length = n % 17;
    for (int i = 0; i < length; ++i) {
      state = state * 1103515245u + 12345u;
      const uint32_t pick = (state >> 16) % (alphabet.size() + 8);
      // Mostly the alphabet above; now and then any byte from 0x01 to 0x7F.
      name.push_back(pick < alphabet.size() ? alphabet[pick] : static_cast<char>(1 + (state >> 8) % 127));
    }
    if (!SameAsChainedSteps(name)) break;
  }
}

// Every name in the shared data (../shared/data beside the repository: dev sets, scale names, OFAC, MISP):
// each line, and each of its tab-, comma- and quote-separated fields.
TEST(NormalizeAsciiNameTest, EqualsTheChainedStepsOnEveryNameOfTheSharedData) {
  if (!std::filesystem::is_directory(testing::SharedDataDir())) GTEST_SKIP() << "no shared data";
  const size_t compared = testing::CheckSharedDataPieces(
      {'\t', ',', '"'}, [](absl::string_view piece) { return piece.size() > 1024 || SameAsChainedSteps(piece); });
  EXPECT_GT(compared, 100000u);
}

}  // namespace
}  // namespace aka::core

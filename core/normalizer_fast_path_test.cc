// Normalizer's byte-level fast paths give exactly the forms of the ICU steps (NormalizeByIcuSteps): plain
// ASCII (also normalize_steps_test) and ASCII with typographic quotes and dashes (TypographicAsciiSpelling),
// on edge cases, random strings and typographic respellings of every name of the shared data.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/latin_transliterator.h"
#include "core/normalize_steps.h"
#include "core/normalizer.h"
#include "core/shared_data_lines.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

class NormalizerFastPathTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto normalizer = Normalizer::Create();
    ASSERT_TRUE(normalizer.ok()) << normalizer.status();
    normalizer_ = normalizer->release();
    auto transliterator = LatinTransliterator::Create();
    ASSERT_TRUE(transliterator.ok()) << transliterator.status();
    transliterator_ = transliterator->release();
  }
  static void TearDownTestSuite() {
    delete normalizer_;
    delete transliterator_;
  }

  // Compares Normalize(name) with the ICU steps; returns false (after a failure) if they differ.
  static bool SameAsIcuSteps(absl::string_view name) {
    const NormalizedName got = normalizer_->Normalize(name);
    const std::string nfkc = NfkcTrimmed(CoerceToUtf8(name));
    const std::string normalized = NormalizeByIcuSteps(*transliterator_, nfkc);
    EXPECT_EQ(got.nfkc, nfkc) << "name: \"" << name << "\"";
    EXPECT_EQ(got.normalized, normalized) << "name: \"" << name << "\"";
    return got.nfkc == nfkc && got.normalized == normalized;
  }

  static const Normalizer* normalizer_;
  static const LatinTransliterator* transliterator_;
};

const Normalizer* NormalizerFastPathTest::normalizer_ = nullptr;
const LatinTransliterator* NormalizerFastPathTest::transliterator_ = nullptr;

TEST(TypographicAsciiSpellingTest, ReplacesTheSixTypographicCharactersAndNothingElse) {
  std::string ascii;
  ASSERT_TRUE(TypographicAsciiSpelling("\u2018apt-31\u2019 \u201CX\u201D a\u2013b\u2014c", &ascii));
  EXPECT_EQ(ascii, "'apt-31' \"X\" a-b-c");
  ASSERT_TRUE(TypographicAsciiSpelling("plain", &ascii));
  EXPECT_EQ(ascii, "plain");
  for (const char* other : {"Soci\u00E9t\u00E9", "a\u2010b", "a\u2015b", "\u201Aa", "\u201Ea", "\u2032",
                            "a\u00A0b", "\xE2\x80", "\xE2", "\xE2\x80\x99\xE2"}) {
    EXPECT_FALSE(TypographicAsciiSpelling(other, &ascii)) << other;
  }
  EXPECT_FALSE(TypographicAsciiSpelling(absl::string_view("a\0b", 3), &ascii));
}

TEST_F(NormalizerFastPathTest, TypographicQuotesAndDashesOnEdgeCases) {
  for (const char* name :
       {"\u2018apt-31\u2019", "O\u2019Brien", "\u2019x", "x\u2019", "\u2018\u2019", "a\u2019\u2019b",
        "\u201CFancy Bear\u201D", "Fancy\u201DBear", "a\u2019B", "aB\u2019Cd", "apt\u201331", "31\u2014st",
        "x\u20191", "1\u2019x", "  \u2018  spaced \u2019  ", "\u2014", "\u2013 \u2013", "AT\u2019&\u2019T",
        "Science \u2013 Technology Co., Ltd.", "\u2018ZIRCONIUM\u2019", "G\u20130128", "a\tb\u2019\nc"}) {
    SameAsIcuSteps(name);
  }
}

TEST_F(NormalizerFastPathTest, TypographicQuotesAndDashesInRandomStrings) {
  uint32_t state = 20261125;
  const std::vector<std::string> alphabet = {"a",      "A",      "z",      "Q",      "0",      "9",      " ",
                                             "'",      "`",      "&",      "-",      ".",      "\"",     "\t",
                                             "\u2018", "\u2019", "\u201C", "\u201D", "\u2013", "\u2014", "b"};
  for (int n = 0; n < 20000; ++n) {
    std::string name;
    const int length = n % 13;
    for (int i = 0; i < length; ++i) {
      state = state * 1103515245u + 12345u;
      name += alphabet[(state >> 16) % alphabet.size()];
    }
    if (!SameAsIcuSteps(name)) break;
  }
}

// Every plain-ASCII name in the shared data (../shared/data beside the repository), respelled the ways
// people type them: in typographic quotes with dashes for spaces (as bench/scale_data.cc's normalized set),
// with typographic apostrophes, in double quotes.
TEST_F(NormalizerFastPathTest, TypographicRespellingsOfEveryNameOfTheSharedData) {
  if (!std::filesystem::is_directory(testing::SharedDataDir())) GTEST_SKIP() << "no shared data";
  const size_t compared = testing::CheckSharedDataPieces({'\t'}, [](absl::string_view field) {
    if (field.size() > 256 || !IsPlainAscii(field)) return true;
    const std::string dashed = absl::StrReplaceAll(field, {{" ", "\u2013"}});
    for (const std::string& name :
         {"\u2018" + dashed + "\u2019", absl::StrReplaceAll(field, {{"'", "\u2019"}}),
          "\u201C" + std::string(field) + "\u201D", absl::StrReplaceAll(field, {{" ", " \u2014 "}})}) {
      if (!SameAsIcuSteps(name)) return false;
    }
    return true;
  });
  EXPECT_GT(compared, 100000u);
}

}  // namespace
}  // namespace aka::core

#include "core/cjk_name_readings.h"

#include "core/korean_romanization.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(KoreanRomanizationTest, SyllablesFollowTheRevisedRomanisationReadAlone) {
  EXPECT_EQ(RomanizeHangulSyllable(U'박'), "bak");
  EXPECT_EQ(RomanizeHangulSyllable(U'정'), "jeong");
  EXPECT_EQ(RomanizeHangulSyllable(U'은'), "eun");
  EXPECT_EQ(RomanizeHangulSyllable(U'최'), "choe");
  EXPECT_EQ(RomanizeHangulSyllable(U'a'), "");
}

TEST(KoreanRomanizationTest, NamesGetTheSurnamesCustomarySpellingsAndOneWordPerSyllable) {
  EXPECT_THAT(KoreanNameSpellings("박지성"), ElementsAre("park ji seong", "pak ji seong"));
  EXPECT_THAT(KoreanNameSpellings("이민호"), ElementsAre("lee min ho", "yi min ho", "rhee min ho"));
  EXPECT_THAT(KoreanNameSpellings("김정은"), ElementsAre("kim jeong eun"));
  // An unlisted surname keeps its Revised Romanisation; two-syllable surnames stay whole.
  EXPECT_THAT(KoreanNameSpellings("빈철수"), ElementsAre("bin cheol su"));
  EXPECT_THAT(KoreanNameSpellings("남궁민수"), ElementsAre("namgung min su"));
}

TEST(KoreanRomanizationTest, OnlyHangulNamesOfTwoToFiveSyllablesAreSpelled) {
  EXPECT_THAT(KoreanNameSpellings("김"), IsEmpty());
  EXPECT_THAT(KoreanNameSpellings("김정은님입니다"), IsEmpty());
  EXPECT_THAT(KoreanNameSpellings("김 정은"), IsEmpty());  // spaces are removed by the caller
  EXPECT_THAT(KoreanNameSpellings("Kim"), IsEmpty());
}

TEST(CjkNameReadingsTest, HanjaNamesReadInKorean) {
  EXPECT_EQ(KoreanHanjaReading("金正恩"), "김정은");
  EXPECT_EQ(KoreanHanjaReading("朴正熙"), "박정희");
  // The first character must be a Korean surname, and every character must be in the table.
  EXPECT_EQ(KoreanHanjaReading("习近平"), "");
  EXPECT_EQ(KoreanHanjaReading("金"), "");
}

TEST(CjkNameReadingsTest, KanjiNamesReadInJapanese) {
  EXPECT_EQ(JapaneseKanjiReading("山田太郎"), "yamada taro");
  EXPECT_EQ(JapaneseKanjiReading("佐々木健二"), "sasaki kenji");
  EXPECT_EQ(JapaneseKanjiReading("林明"), "hayashi akira");
  EXPECT_EQ(JapaneseKanjiReading("山田"), "");      // a surname alone is no person's full name
  EXPECT_EQ(JapaneseKanjiReading("山田工业"), "");  // a given name the tables do not cover
}

TEST(CjkNameReadingsTest, ReadingsOfAQueryKoreanFirst) {
  const std::vector<NameReading> readings = PersonNameReadings("金正恩");
  ASSERT_EQ(readings.size(), 1u);  // 金 is no frequent Japanese surname
  EXPECT_EQ(readings[0].latin, "kim jeong eun");
  EXPECT_EQ(readings[0].script, NameScript::kHangul);
  const std::vector<NameReading> japanese = PersonNameReadings("山田 太郎");
  ASSERT_EQ(japanese.size(), 1u);
  EXPECT_EQ(japanese[0].latin, "yamada taro");
  EXPECT_EQ(japanese[0].script, NameScript::kJapanese);
  EXPECT_EQ(PersonNameReadings("박지성").front().latin, "park ji seong");
}

TEST(CjkNameReadingsTest, OtherNamesHaveNoReadings) {
  EXPECT_THAT(PersonNameReadings("Kim Jong Un"), IsEmpty());
  EXPECT_THAT(PersonNameReadings("习近平"), IsEmpty());
  EXPECT_THAT(PersonNameReadings("安徽大学"), IsEmpty());
  EXPECT_THAT(PersonNameReadings("金正恩 Kim"), IsEmpty());
  EXPECT_THAT(PersonNameReadings("김正恩"), IsEmpty());
  EXPECT_THAT(PersonNameReadings(""), IsEmpty());
}

}  // namespace
}  // namespace aka::core

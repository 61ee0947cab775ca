#include "core/similarity.h"

#include "gtest/gtest.h"

namespace aka::core {
namespace {

TEST(BoundedEditDistanceTest, CountsEditsAndTranspositions) {
  EXPECT_EQ(BoundedEditDistance("qasem", "qassem", 3), 1);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 5), 3);
  EXPECT_EQ(BoundedEditDistance("bear", "baer", 3), 1);  // one transposition, not two substitutions
  EXPECT_EQ(BoundedEditDistance("", "abc", 5), 3);
  EXPECT_EQ(BoundedEditDistance("same", "same", 0), 0);
}

TEST(BoundedEditDistanceTest, StopsAtTheBound) {
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 1), 2);
  EXPECT_EQ(BoundedEditDistance("a", "abcdefgh", 2), 3);
  EXPECT_EQ(BoundedEditDistance("xiaoruizhi", "zirconiumx", 2), 3);
}

TEST(BoundedEditDistanceTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(BoundedEditDistance("müller", "muller", 3), 1);  // ü is two bytes
  EXPECT_EQ(BoundedEditDistance("赵光宗", "赵光", 3), 1);
  EXPECT_EQ(CodePointLength("赵光宗"), 3u);
}

TEST(JaroWinklerTest, KnownValues) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 0.001);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "abc"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", "abc"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(TokenSetOverlapTest, JaccardOfDistinctTokens) {
  EXPECT_DOUBLE_EQ(TokenSetOverlap({"zhao", "guangzong"}, {"guangzong", "zhao"}), 1.0);
  EXPECT_DOUBLE_EQ(TokenSetOverlap({"emma"}, {"emma", "daniels"}), 0.5);
  EXPECT_DOUBLE_EQ(TokenSetOverlap({}, {}), 0.0);
  // Repeated tokens count once on each side.
  EXPECT_DOUBLE_EQ(TokenSetOverlap({"bank", "bank", "melli"}, {"melli", "bank", "iran"}), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(TokenSetOverlap({"a", "b"}, {}), 0.0);
}

TEST(TokenSimilarityTest, NumbersAreNeverFuzzy) {
  EXPECT_DOUBLE_EQ(TokenSimilarity("31", "13"), 0.0);
  EXPECT_DOUBLE_EQ(TokenSimilarity("31", "3"), 0.0);
  EXPECT_DOUBLE_EQ(TokenSimilarity("31", "310"), 0.0);
  EXPECT_DOUBLE_EQ(TokenSimilarity("2452", "2453"), 0.0);
  EXPECT_DOUBLE_EQ(TokenSimilarity("031", "31"), 1.0);
}

TEST(TokenSimilarityTest, ShortTokensMustBeEqual) {
  EXPECT_DOUBLE_EQ(TokenSimilarity("apt", "apr"), 0.0);
  EXPECT_DOUBLE_EQ(TokenSimilarity("ta", "tag"), 0.0);
}

TEST(TokenSimilarityTest, TyposWithinBudgetScoreHigh) {
  EXPECT_GT(TokenSimilarity("qasem", "qassem"), 0.85);
  EXPECT_GT(TokenSimilarity("xiaoruizhi", "xiaoruzhi"), 0.85);
  EXPECT_DOUBLE_EQ(TokenSimilarity("zirconium", "zirconium"), 1.0);
  EXPECT_DOUBLE_EQ(TokenSimilarity("belletech", "bellevue"), 0.0);  // 3 edits > 2
  EXPECT_DOUBLE_EQ(TokenSimilarity("emma", "anna"), 0.0);           // 2 edits > 1 at length 4
}

TEST(TokenSimilarityTest, LengthGapBeyondTheBudgetIsZeroInAnyScript) {
  EXPECT_DOUBLE_EQ(TokenSimilarity("qasem", "qasemov"), 0.0);       // 2 insertions > 1 at length 7
  EXPECT_DOUBLE_EQ(TokenSimilarity("xiaoruizhi", "xiaorui"), 0.0);  // 3 deletions > 2 at length 10
  EXPECT_GT(TokenSimilarity("xiaoruizhi", "xiaoruiz"), 0.8);        // 2 <= 2 at length 10
  EXPECT_DOUBLE_EQ(TokenSimilarity("ааааа", "ааааааа"), 0.0);       // Cyrillic: the same rule by code points
  EXPECT_GT(TokenSimilarity("ааааааааа", "аааааааа"), 0.8);
}

TEST(MaxEditsForLengthTest, GrowsWithLength) {
  EXPECT_EQ(MaxEditsForLength(3), 0);
  EXPECT_EQ(MaxEditsForLength(4), 1);
  EXPECT_EQ(MaxEditsForLength(8), 1);
  EXPECT_EQ(MaxEditsForLength(9), 2);
}

}  // namespace
}  // namespace aka::core

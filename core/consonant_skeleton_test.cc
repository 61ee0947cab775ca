#include "core/consonant_skeleton.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConsonantSkeletonTest, RomanisationsOfOneNameShareTheirSkeleton) {
  EXPECT_EQ(ConsonantSkeleton("mhmdly"), ConsonantSkeleton("mohamedali"));
  EXPECT_EQ(ConsonantSkeleton("aleksandr"), ConsonantSkeleton("alexander"));
  EXPECT_EQ(ConsonantSkeleton("dmitrij"), ConsonantSkeleton("dmitry"));
  EXPECT_EQ(ConsonantSkeleton("gimjeongeun"), ConsonantSkeleton("kimjongun"));
  EXPECT_EQ(ConsonantSkeleton("kimjongun"), "kmjnkn");
  EXPECT_NE(ConsonantSkeleton("bdallh"), ConsonantSkeleton("abdaljalilyahya"));
}

TEST(ConsonantSkeletonTest, IsIdempotent) {
  for (const char* name : {"mohamedali", "alexander", "khaledmahmoud", "parkjisung"}) {
    const std::string once = ConsonantSkeleton(name);
    EXPECT_EQ(ConsonantSkeleton(once), once) << name;
  }
}

TEST(SkeletonKeyValuesTest, ShortSkeletonsHaveNoKeysOrOnlyThemselves) {
  EXPECT_THAT(SkeletonKeyValues("m"), IsEmpty());
  EXPECT_THAT(SkeletonKeyValues("msh"), ElementsAre("msh"));
}

TEST(SkeletonKeyValuesTest, FuzzyLengthSkeletonsAddTheirDistinctOneDeletionNeighbourhood) {
  EXPECT_THAT(SkeletonKeyValues("prkjs"), ElementsAre("prkjs", "rkjs", "pkjs", "prjs", "prks", "prkj"));
}

TEST(SkeletonKeyValuesTest, OneEditApartSkeletonsShareAValue) {
  // "bak ji seong" (Revised Romanisation) and "Park Ji Sung": one consonant apart.
  const std::vector<std::string> a = SkeletonKeyValues(ConsonantSkeleton("bakjiseong"));
  const std::vector<std::string> b = SkeletonKeyValues(ConsonantSkeleton("parkjisung"));
  bool shared = false;
  for (const std::string& value : a) shared |= std::find(b.begin(), b.end(), value) != b.end();
  EXPECT_TRUE(shared);
}

TEST(SkeletonKeyValuesTest, LongSkeletonsGetNoNeighbourhood) {
  const std::string long_skeleton(kMaxFuzzySkeletonLength + 1, 'k');
  EXPECT_THAT(SkeletonKeyValues(long_skeleton), ElementsAre(long_skeleton));
}

}  // namespace
}  // namespace aka::core

#include "core/name_keys.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::ElementsAre;

NormalizedName Apt31() {
  NormalizedName n;
  n.nfkc = "APT31";
  n.normalized = "apt 31";
  n.tokens = {"apt", "31"};
  n.compact = "apt31";
  n.token_sorted = "31 apt";
  return n;
}

TEST(NameKeysTest, IndexKeysCoverEveryKindStrongestFirst) {
  EXPECT_THAT(IndexKeys(Apt31()),
              ElementsAre(NameKey{KeyKind::kExact, "APT31"}, NameKey{KeyKind::kNormalized, "apt 31"},
                          NameKey{KeyKind::kCompact, "apt31"}, NameKey{KeyKind::kTokenSorted, "31 apt"}));
}

TEST(NameKeysTest, EqualValuesAreKeptUnderEachKind) {
  NormalizedName n;
  n.nfkc = "zinc";
  n.normalized = "zinc";
  n.tokens = {"zinc"};
  n.compact = "zinc";
  n.token_sorted = "zinc";
  EXPECT_THAT(IndexKeys(n),
              ElementsAre(NameKey{KeyKind::kExact, "zinc"}, NameKey{KeyKind::kNormalized, "zinc"},
                          NameKey{KeyKind::kCompact, "zinc"}, NameKey{KeyKind::kTokenSorted, "zinc"}));
}

TEST(NameKeysTest, NameThatNormalizesToNothingHasNoKeys) {
  NormalizedName n;
  n.nfkc = "...";
  EXPECT_TRUE(IndexKeys(n).empty());
  EXPECT_TRUE(QueryKeys(n).empty());
}

// A two-word name: `nfkc` as given, `first` and `second` its normalized words.
NormalizedName TwoWords(const std::string& nfkc, const std::string& first, const std::string& second) {
  NormalizedName n;
  n.nfkc = nfkc;
  n.normalized = first + " " + second;
  n.tokens = {first, second};
  n.compact = first + second;
  n.token_sorted = first < second ? n.normalized : second + " " + first;
  return n;
}

TEST(NameKeysTest, SkeletonKeysAreTheSkeletonAndItsNeighbourhood) {
  const NormalizedName n = TwoWords("Mohamed Ali", "mohamed", "ali");
  EXPECT_THAT(SkeletonKeys(n),
              ElementsAre(NameKey{KeyKind::kSkeleton, "mhmdl"}, NameKey{KeyKind::kSkeleton, "hmdl"},
                          NameKey{KeyKind::kSkeleton, "mmdl"}, NameKey{KeyKind::kSkeleton, "mhdl"},
                          NameKey{KeyKind::kSkeleton, "mhml"}, NameKey{KeyKind::kSkeleton, "mhmd"}));
  EXPECT_EQ(SkeletonIndexKeys(n), SkeletonKeys(n));
  // Skeleton keys are not equality keys: a Latin query never looks them up through QueryKeys.
  for (const NameKey& key : QueryKeys(n)) EXPECT_NE(key.kind, KeyKind::kSkeleton);
}

TEST(NameKeysTest, OnlyLatinNamesAreIndexedBySkeleton) {
  const NormalizedName n = TwoWords("محمد علي", "mhmd", "ly");
  EXPECT_TRUE(SkeletonIndexKeys(n).empty());
  EXPECT_THAT(SkeletonKeys(n), ::testing::Contains(NameKey{KeyKind::kSkeleton, "mhmdl"}));
}

}  // namespace
}  // namespace aka::core

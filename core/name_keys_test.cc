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

}  // namespace
}  // namespace aka::core

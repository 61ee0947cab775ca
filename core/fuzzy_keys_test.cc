#include "core/fuzzy_keys.h"

#include <algorithm>
#include <memory>

#include "absl/container/flat_hash_set.h"
#include "core/similarity.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

bool ShareKey(absl::string_view a, absl::string_view b) {
  const auto ka = FuzzyTokenKeys(a);
  const auto b_keys = FuzzyTokenKeys(b);
  const absl::flat_hash_set<std::string> kb(b_keys.begin(), b_keys.end());
  return std::any_of(ka.begin(), ka.end(), [&](const std::string& k) { return kb.contains(k); });
}

TEST(FuzzyTokenKeysTest, OneDeletionNeighbourhood) {
  EXPECT_THAT(FuzzyTokenKeys("bear"), UnorderedElementsAre("bear", "ear", "bar", "ber", "bea"));
  EXPECT_EQ(FuzzyTokenKeys("bear").front(), "bear");
  EXPECT_THAT(FuzzyTokenKeys("emma"), UnorderedElementsAre("emma", "mma", "ema", "emm"));  // duplicates merged
}

TEST(FuzzyTokenKeysTest, TwoDeletionsForLongTokens) {
  const auto keys = FuzzyTokenKeys("xiaoruizhi");  // 10 code points
  EXPECT_THAT(keys, Contains("xiaoruizh"));
  EXPECT_THAT(keys, Contains("xaoruzhi"));  // two deletions
  EXPECT_LE(keys.size(), 1u + 10u + 45u);
  const auto short_keys = FuzzyTokenKeys("zirconi");  // 7 code points: one deletion only
  EXPECT_EQ(short_keys.size(), 8u);
}

TEST(FuzzyTokenKeysTest, NoKeysForShortGenericOrNumericTokens) {
  EXPECT_THAT(FuzzyTokenKeys("apt"), IsEmpty());
  EXPECT_THAT(FuzzyTokenKeys("company"), IsEmpty());
  EXPECT_THAT(FuzzyTokenKeys("2452"), IsEmpty());
}

TEST(FuzzyTokenKeysTest, TyposWithinBudgetShareAKey) {
  EXPECT_TRUE(ShareKey("bear", "baer"));
  EXPECT_TRUE(ShareKey("qasem", "qassem"));
  EXPECT_TRUE(ShareKey("xiaoruizhi", "xiaoruzhi"));
  EXPECT_TRUE(ShareKey("xiaoruizhi", "xioaruizhi"));
  EXPECT_FALSE(ShareKey("belletech", "bellevue"));
}

TEST(FuzzyTokenKeysTest, DeletesCodePointsNotBytes) {
  const auto keys = FuzzyTokenKeys("müller");
  // müller, üller, mller, müler (either l), müllr, mülle.
  EXPECT_EQ(keys.size(), 6u);
  EXPECT_THAT(keys, Contains("mller"));
  for (const std::string& key : keys) EXPECT_EQ(CodePointLength(key) + (key == "müller" ? 0 : 1), 6u) << key;
}

class FuzzyKeysForNameTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { normalizer_ = std::move(Normalizer::Create()).value().release(); }
  static void TearDownTestSuite() { delete normalizer_; }
  static const Normalizer* normalizer_;
};
const Normalizer* FuzzyKeysForNameTest::normalizer_ = nullptr;

TEST_F(FuzzyKeysForNameTest, OnlyDistinctiveNameTokens) {
  const auto keys = FuzzyKeysForName(normalizer_->Normalize("Wuhan Xiaoruizhi Science and Technology Co., Ltd."));
  EXPECT_THAT(keys, Contains("xiaoruizhi"));
  EXPECT_THAT(keys, Contains("wuhan"));
  EXPECT_THAT(keys, ::testing::Not(Contains("science")));
  EXPECT_THAT(keys, ::testing::Not(Contains("ltd")));
  EXPECT_THAT(FuzzyKeysForName(normalizer_->Normalize("APT31")), IsEmpty());
}

TEST_F(FuzzyKeysForNameTest, BoundedForLongNames) {
  const auto keys = FuzzyKeysForName(normalizer_->Normalize(
      "Abcdefghijklmno Bcdefghijklmnop Cdefghijklmnopq Defghijklmnopqr Efghijklmnopqrs Fghijklmnopqrst "
      "Ghijklmnopqrstu"));
  EXPECT_LE(keys.size(), kMaxFuzzyKeysPerName);
  // Every chosen token and its one-deletion keys come before any two-deletion key.
  EXPECT_THAT(keys, Contains("abcdefghijklmno"));
  EXPECT_THAT(keys, Contains("bcdefghijklmno"));
  EXPECT_THAT(keys, ::testing::Not(Contains("ghijklmnopqrstu")));  // seventh token: over the token limit
}

}  // namespace
}  // namespace aka::core

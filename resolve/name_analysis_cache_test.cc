#include "resolve/name_analysis_cache.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace aka::resolve {
namespace {

class NameAnalysisCacheTest : public ::testing::Test {
 protected:
  std::unique_ptr<core::Normalizer> normalizer_ = core::Normalizer::Create().value();
};

TEST_F(NameAnalysisCacheTest, CapacityIsRoundedUpToWholeSetsPerShard) {
  // 16 shards of at least one set of kWays slots.
  EXPECT_EQ(NameAnalysisCache(normalizer_.get(), 16).capacity(), 16 * NameAnalysisCache::Slots::kWays);
  const size_t capacity = NameAnalysisCache(normalizer_.get(), 1000).capacity();
  EXPECT_GE(capacity, 1000u);
  EXPECT_LT(capacity, 1000u + 16 * NameAnalysisCache::Slots::kWays);
  EXPECT_EQ(NameAnalysisCache(normalizer_.get(), 0).capacity(), 0u);
}

TEST_F(NameAnalysisCacheTest, KeepsAtMostItsCapacity) {
  NameAnalysisCache cache(normalizer_.get(), 16);
  for (int i = 0; i < 500; ++i) cache.Get("Name " + std::to_string(i));
  EXPECT_LE(cache.size(), cache.capacity());
  EXPECT_GT(cache.size(), 0u);
}

TEST_F(NameAnalysisCacheTest, AHitReturnsTheHeldAnalysis) {
  NameAnalysisCache cache(normalizer_.get(), 100);
  const std::shared_ptr<const core::NameAnalysis> first = cache.Get("APT 31");
  EXPECT_EQ(cache.Get("APT 31").get(), first.get());
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(NameAnalysisCacheTest, CapacityZeroAnalysesEveryTime) {
  NameAnalysisCache cache(normalizer_.get(), 0);
  const std::shared_ptr<const core::NameAnalysis> first = cache.Get("APT 31");
  EXPECT_NE(cache.Get("APT 31").get(), first.get());
  EXPECT_EQ(first->normalized.normalized, "apt 31");
  EXPECT_EQ(cache.size(), 0u);
}

// The least recently used slot of a set is the one replaced: a name used between every new name is never it,
// however many names pass through its set.
TEST_F(NameAnalysisCacheTest, ARecentlyUsedNameSurvivesChurn) {
  NameAnalysisCache cache(normalizer_.get(), 16);  // one set of kWays slots per shard
  const std::shared_ptr<const core::NameAnalysis> hot = cache.Get("Fancy Bear");
  for (int i = 0; i < 1000; ++i) {
    cache.Get("Name " + std::to_string(i));
    ASSERT_EQ(cache.Get("Fancy Bear").get(), hot.get()) << "evicted after name " << i;
  }
}

// Under churn every Get still answers the analysis of the name asked for, never that of another name sharing
// its set, and an evicted analysis stays valid for whoever holds it.
TEST_F(NameAnalysisCacheTest, ReturnsTheAnalysisOfTheNameAskedForUnderChurn) {
  NameAnalysisCache cache(normalizer_.get(), 16);
  const std::shared_ptr<const core::NameAnalysis> held = cache.Get("Held Name 1");
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 300; ++i) {
      const std::string name = "Name " + std::to_string(i) + " Ltd";
      EXPECT_EQ(cache.Get(name)->normalized.normalized, core::AnalyzeName(*normalizer_, name).normalized.normalized);
    }
  }
  EXPECT_EQ(held->normalized.normalized, "held name 1");
}

}  // namespace
}  // namespace aka::resolve

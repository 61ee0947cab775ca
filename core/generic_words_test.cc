#include "core/generic_words.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace aka::core {
namespace {

TEST(GenericWordsTest, CuratedListCoversOrganizationalAndFunctionWords) {
  for (const char* word : {"group", "team", "company", "bank", "international", "trading", "holding", "holdings",
                           "industries", "services", "solutions", "technology", "science", "global", "national",
                           "centre", "institute", "university", "ministry", "the", "of", "and", "de", "corp"}) {
    EXPECT_TRUE(IsGenericToken(word)) << word;
  }
  for (const char* word : {"belletech", "xiaoruizhi", "emma", "zirconium", "11420"}) {
    EXPECT_FALSE(IsGenericToken(word)) << word;
  }
}

TEST(GenericWordsTest, ArabicParticleWeighsLowButNotZero) {
  EXPECT_EQ(GenericTokenKind("al"), GenericKind::kNameParticle);
  const double al = TokenWeight("al", nullptr);
  EXPECT_GT(al, TokenWeight("the", nullptr));
  EXPECT_GT(al, TokenWeight("company", nullptr));
  EXPECT_LT(al, TokenWeight("qaida", nullptr));
}

TEST(GenericWordsTest, NumbersAreCanonicalWithoutLeadingZeros) {
  EXPECT_TRUE(IsNumericToken("0128"));
  EXPECT_FALSE(IsNumericToken("g0128"));
  EXPECT_FALSE(IsNumericToken(""));
  EXPECT_EQ(CanonicalNumber("0128"), "128");
  EXPECT_EQ(CanonicalNumber("000"), "0");
  EXPECT_EQ(CanonicalNumber("31"), "31");
}

TEST(TokenStatisticsTest, RareTokensWeighMoreThanCommonOnes) {
  TokenStatistics stats;
  for (int i = 0; i < 1000; ++i) stats.AddName({"shipping", "name" + std::to_string(i)});
  stats.AddName({"xiaoruizhi", "shipping"});
  EXPECT_EQ(stats.DocumentCount(), 1001u);
  EXPECT_EQ(stats.Count("shipping"), 1001u);
  EXPECT_GT(stats.Idf("xiaoruizhi"), stats.Idf("shipping"));
  EXPECT_DOUBLE_EQ(stats.Weight("xiaoruizhi"), 1.0);
  EXPECT_DOUBLE_EQ(stats.Weight("neverseen"), 1.0);
  EXPECT_DOUBLE_EQ(stats.Weight("name7"), 1.0);  // seen once: as rare as a token can be
  EXPECT_LT(stats.Weight("shipping"), 0.2);
}

TEST(TokenStatisticsTest, GenericTokensStayCappedEvenWhenRare) {
  TokenStatistics stats;
  for (int i = 0; i < 100; ++i) stats.AddName({"name" + std::to_string(i)});
  stats.AddName({"bank"});
  EXPECT_LE(stats.Weight("bank"), GenericWeightCap(GenericKind::kOrganizational));
  EXPECT_LE(TokenWeight("bank", &stats), 0.1);
  EXPECT_DOUBLE_EQ(TokenWeight("31", &stats), 1.0);
}

TEST(TokenStatisticsTest, RemoveNameUndoesAddName) {
  TokenStatistics stats;
  stats.AddName({"emma", "emma", "llc"});
  EXPECT_EQ(stats.Count("emma"), 1u);  // distinct tokens per name
  stats.RemoveName({"emma", "llc"});
  EXPECT_EQ(stats.Count("emma"), 0u);
  EXPECT_EQ(stats.DocumentCount(), 0u);
  stats.RemoveName({"emma"});  // never below zero
  EXPECT_EQ(stats.DocumentCount(), 0u);
}

TEST(TokenStatisticsTest, LoadsPersistedCounts) {
  TokenStatistics stats;
  stats.SetDocumentCount(100);
  stats.Add("shipping", 60);
  EXPECT_EQ(stats.Count("shipping"), 60u);
  EXPECT_LT(stats.Weight("shipping"), stats.Weight("rare"));
}

TEST(TokenStatisticsTest, ConcurrentReadsAndWrites) {
  TokenStatistics stats;
  std::thread writer([&] {
    for (int i = 0; i < 2000; ++i) stats.AddName({"token" + std::to_string(i % 50)});
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        const double w = stats.Weight("token7");
        EXPECT_GT(w, 0.0);
        EXPECT_LE(w, 1.0);
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  EXPECT_EQ(stats.DocumentCount(), 2000u);
}

}  // namespace
}  // namespace aka::core

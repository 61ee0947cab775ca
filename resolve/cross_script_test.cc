// Cross-script resolution over a real RocksDB Store: the kSkeleton key space (storage rows for Latin names,
// lookups for queries in lossy scripts) and the Korean / Japanese readings of Han and Hangul names.
#include <map>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "resolve/cross_script_candidates.h"
#include "resolve/query_forms.h"
#include "resolve/resolver.h"
#include "resolve/resolver_test_util.h"

namespace aka::resolve {
namespace {

class CrossScriptTest : public testing::RealStoreResolverTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenStore("cross_script_test"));
    for (const char* name :
         {"Moshe", "Park Ji Sung", "Kim Jong Un", "Yamada Taro", "Li Ming", "Aung Min", "Rehman Inayat", "דוד"}) {
      aka::v1::Entity entity;
      entity.set_type("person");
      entity.set_canonical_name(name);
      auto written = store_->UpsertEntity(entity, 0);
      ASSERT_TRUE(written.ok()) << written.status();
      ids_[name] = written->entity.id();
    }
    ASSERT_NO_FATAL_FAILURE(CreateResolver());
  }

  // The entity id `query` resolves to, or "<outcome>" when it is not MATCHED.
  std::string Answer(const std::string& query) {
    aka::v1::ResolveRequest request;
    request.set_name(query);
    auto response = resolver_->Resolve(request);
    EXPECT_TRUE(response.ok()) << query << ": " << response.status();
    if (!response.ok()) return "<error>";
    if (response->outcome() != aka::v1::MATCHED) return "<" + aka::v1::Outcome_Name(response->outcome()) + ">";
    return response->candidates(0).entity_id();
  }

  std::vector<storage::IndexHit> Lookup(const std::string& skeleton) {
    std::vector<storage::IndexHit> hits;
    EXPECT_TRUE(store_->LookupKey(core::NameKey{core::KeyKind::kSkeleton, skeleton}, &hits).ok());
    return hits;
  }

  std::map<std::string, std::string> ids_;
};

TEST_F(CrossScriptTest, LatinNamesAreIndexedByTheirSkeletonAndItsNeighbourhood) {
  ASSERT_EQ(Lookup("msh").size(), 1u);
  EXPECT_EQ(Lookup("msh")[0].entity_id, ids_["Moshe"]);
  EXPECT_EQ(Lookup("prkjsnk").size(), 1u);  // "Park Ji Sung"
  EXPECT_EQ(Lookup("pkjsnk").size(), 1u);   // ... one consonant deleted
  // A name in another script has no skeleton rows: "דוד" would be "dvd".
  EXPECT_TRUE(Lookup("dvd").empty());
}

TEST_F(CrossScriptTest, LossyScriptQueriesFindTheirLatinSpelling) {
  EXPECT_EQ(Answer("משה"), ids_["Moshe"]);  // "msh": no vowels, no shared token
}

TEST_F(CrossScriptTest, LatinQueriesNeverUseTheSkeletonKeySpace) {
  EXPECT_EQ(Answer("Msh"), "<NO_MATCH>");
  core::NameAnalysis latin = core::AnalyzeName(*normalizer_, "Msh");
  auto found = FindCrossScriptCandidates(*store_, latin, CrossScriptCandidateOptions());
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
}

TEST_F(CrossScriptTest, WordsWithoutConsonantsMakeNoSkeletonLookup) {
  // "yi myeong" would be the skeleton "mnk" of "Aung Min" once "yi" vanished from it.
  core::NameAnalysis reading = core::AnalyzeName(*normalizer_, "yi myeong");
  reading.script = core::NameScript::kHangul;
  auto found = FindCrossScriptCandidates(*store_, reading, CrossScriptCandidateOptions());
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
}

TEST_F(CrossScriptTest, KoreanAndJapaneseNamesAreReadAsSuch) {
  EXPECT_EQ(Answer("박지성"), ids_["Park Ji Sung"]);
  EXPECT_EQ(Answer("김정은"), ids_["Kim Jong Un"]);
  EXPECT_EQ(Answer("金正恩"), ids_["Kim Jong Un"]);
  EXPECT_EQ(Answer("山田太郎"), ids_["Yamada Taro"]);
}

TEST_F(CrossScriptTest, ReadingsDoNotOutweighTheChineseReading) {
  // "李明" also reads "lee myeong" / "rhee myeong" in Korean; neither makes "Aung Min" or "Rehman Inayat" win.
  EXPECT_EQ(Answer("李明"), ids_["Li Ming"]);
}

TEST(KeepBestPerEntityTest, KeepsTheBestScoreOfEachEntityInFirstSeenOrder) {
  std::vector<aka::v1::Candidate> candidates(4);
  candidates[0].set_entity_id("a");
  candidates[0].set_score(0.5);
  candidates[1].set_entity_id("b");
  candidates[1].set_score(0.7);
  candidates[2].set_entity_id("a");
  candidates[2].set_score(0.9);
  candidates[3].set_entity_id("b");
  candidates[3].set_score(0.6);
  KeepBestPerEntity(&candidates);
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].entity_id(), "a");
  EXPECT_DOUBLE_EQ(candidates[0].score(), 0.9);
  EXPECT_EQ(candidates[1].entity_id(), "b");
  EXPECT_DOUBLE_EQ(candidates[1].score(), 0.7);
}

}  // namespace
}  // namespace aka::resolve

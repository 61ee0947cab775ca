// RocksStore: the token-level and fuzzy index - tokens, fuzzy and token_stats rows written and removed in the
// same batch as the entity, shared vocabulary rows kept while any name still holds the token, the statistics
// surviving a reopen, the rebuild on a fuzzy-keys version change, and VerifyIndex catching damage.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/fuzzy_keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/keys.h"
#include "storage/name_postings.h"
#include "storage/rocksdb_options.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using testing::MakeEntity;

class StoreTokenIndexTest : public testing::StoreTestBase {
 protected:
  std::vector<std::string> TokenEntities(const std::string& token) {
    std::vector<IndexHit> hits;
    absl::StatusOr<bool> truncated = store_->LookupToken(token, 100, &hits);
    EXPECT_TRUE(truncated.ok()) << truncated.status();
    std::vector<std::string> ids;
    for (const IndexHit& hit : hits) ids.push_back(hit.entity_id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Indexed tokens within reach of `query_token`'s deletion neighbourhood.
  std::vector<std::string> FuzzyTokens(const std::string& query_token) {
    std::vector<std::string> tokens;
    const absl::Status s = store_->LookupFuzzyKeys(core::FuzzyTokenKeys(query_token), &tokens);
    EXPECT_TRUE(s.ok()) << s;
    std::sort(tokens.begin(), tokens.end());
    return tokens;
  }

  // Runs `edit` on the raw RocksDB of the (closed) store, then reopens the store.
  template <typename Edit>
  void EditRawDbAndReopen(Edit edit) {
    ASSERT_TRUE(store_->Close().ok());
    store_.reset();
    const RocksDbConfig config = MakeRocksDbConfig(Options());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(config.db_options, Options().path, config.column_families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    edit(db.get(), handles);
    for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    ASSERT_TRUE(db->Close().ok());
    db.reset();
    OpenStore();
  }

  static rocksdb::ColumnFamilyHandle* Handle(const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                                             ColumnFamilyId id) {
    return handles[static_cast<int>(id)];
  }
};

TEST_F(StoreTokenIndexTest, CreateWritesTokenFuzzyAndStatisticsRows) {
  const std::string id =
      Create(MakeEntity("organization", "Wuhan Xiaoruizhi Science", {"Xiaoruizhi Trading Company"})).id();
  EXPECT_THAT(TokenEntities("xiaoruizhi"), ElementsAre(id));
  EXPECT_THAT(TokenEntities("wuhan"), ElementsAre(id));
  // Short tokens get no token rows: they allow no typos and identify little.
  EXPECT_THAT(TokenEntities("xyz"), IsEmpty());

  std::vector<IndexHit> hits;
  ASSERT_TRUE(store_->LookupToken("xiaoruizhi", 10, &hits).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].name, "Wuhan Xiaoruizhi Science");  // The canonical name owns the shared token.
  EXPECT_EQ(hits[0].alias_index, -1);

  // One deletion ("xiaoruzhi") and one substitution ("xiaoruizhe") both reach the stored token.
  EXPECT_THAT(FuzzyTokens("xiaoruzhi"), ElementsAre("xiaoruizhi"));
  EXPECT_THAT(FuzzyTokens("xiaoruizhe"), ElementsAre("xiaoruizhi"));
  EXPECT_THAT(FuzzyTokens("unrelated"), IsEmpty());

  const core::TokenStatistics* stats = store_->token_statistics();
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->DocumentCount(), 2u);
  EXPECT_EQ(stats->Count("xiaoruizhi"), 2u);
  EXPECT_EQ(stats->Count("wuhan"), 1u);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreTokenIndexTest, SpellingsThatNormalizeAlikeCountOnce) {
  Create(MakeEntity("threat_actor", "Lazarus Group", {"LAZARUS GROUP", "lazarus group"}));
  EXPECT_EQ(store_->token_statistics()->DocumentCount(), 1u);
  EXPECT_EQ(store_->token_statistics()->Count("lazarus"), 1u);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreTokenIndexTest, SharedTokensKeepFuzzyRowsUntilTheLastNameGoes) {
  const std::string a = Create(MakeEntity("organization", "Belletech Holdings")).id();
  const std::string b = Create(MakeEntity("organization", "Belletech Mining")).id();
  EXPECT_THAT(TokenEntities("belletech"), ElementsAre(a, b));
  EXPECT_EQ(store_->token_statistics()->Count("belletech"), 2u);

  ASSERT_TRUE(store_->DeleteEntity(a, 0).ok());
  EXPECT_THAT(TokenEntities("belletech"), ElementsAre(b));
  EXPECT_THAT(FuzzyTokens("beletech"), ElementsAre("belletech"));
  EXPECT_THAT(FuzzyTokens("holdngs"), IsEmpty());
  EXPECT_EQ(store_->token_statistics()->Count("belletech"), 1u);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();

  ASSERT_TRUE(store_->DeleteEntity(b, 0).ok());
  EXPECT_THAT(TokenEntities("belletech"), IsEmpty());
  EXPECT_THAT(FuzzyTokens("beletech"), IsEmpty());
  EXPECT_EQ(store_->token_statistics()->Count("belletech"), 0u);
  EXPECT_EQ(store_->token_statistics()->DocumentCount(), 0u);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreTokenIndexTest, RemovingAnAliasRemovesItsTokens) {
  const std::string id = Create(MakeEntity("threat_actor", "Zirconium", {"Judgment Panda"})).id();
  EXPECT_THAT(TokenEntities("judgment"), ElementsAre(id));
  ASSERT_TRUE(store_->RemoveAlias(id, "Judgment Panda", 0).ok());
  EXPECT_THAT(TokenEntities("judgment"), IsEmpty());
  EXPECT_THAT(FuzzyTokens("judgement"), IsEmpty());
  EXPECT_THAT(TokenEntities("zirconium"), ElementsAre(id));
  EXPECT_EQ(store_->token_statistics()->DocumentCount(), 1u);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreTokenIndexTest, LookupTokenStopsAtMaxHits) {
  for (int i = 0; i < 5; ++i) Create(MakeEntity("organization", "Petrolia Unit " + std::to_string(i)));
  std::vector<IndexHit> hits;
  absl::StatusOr<bool> truncated = store_->LookupToken("petrolia", 3, &hits);
  ASSERT_TRUE(truncated.ok());
  EXPECT_TRUE(*truncated);
  EXPECT_EQ(hits.size(), 3u);
  hits.clear();
  truncated = store_->LookupToken("petrolia", 5, &hits);
  ASSERT_TRUE(truncated.ok());
  EXPECT_FALSE(*truncated);
  EXPECT_EQ(hits.size(), 5u);
}

// LookupTokenPostings reads the rows LookupToken reads, in the same order, and stops where it stops; the
// buffer is cleared by each call.
TEST_F(StoreTokenIndexTest, LookupTokenPostingsReadsWhatLookupTokenReads) {
  for (int i = 0; i < 5; ++i) Create(MakeEntity("organization", "Petrolia Unit " + std::to_string(i)));
  Create(MakeEntity("organization", "Uroburos Petrolia Holding", {"Turla"}));
  for (const size_t max_hits : {size_t{3}, size_t{6}, size_t{100}}) {
    std::vector<IndexHit> hits;
    absl::StatusOr<bool> truncated = store_->LookupToken("petrolia", max_hits, &hits);
    ASSERT_TRUE(truncated.ok());
    TokenPostings postings;
    postings.Add("stale", "left from an earlier call", 7);
    absl::StatusOr<bool> postings_truncated = store_->LookupTokenPostings("petrolia", max_hits, &postings);
    ASSERT_TRUE(postings_truncated.ok());
    EXPECT_EQ(*postings_truncated, *truncated) << max_hits;
    ASSERT_EQ(postings.size(), hits.size()) << max_hits;
    for (size_t i = 0; i < hits.size(); ++i) {
      EXPECT_EQ(postings.entity_id(i), hits[i].entity_id);
      EXPECT_EQ(postings.name(i), hits[i].name);
      EXPECT_EQ(postings.alias_index(i), hits[i].alias_index);
    }
  }
  TokenPostings none;
  ASSERT_TRUE(store_->LookupTokenPostings("nosuchtoken", 10, &none).ok());
  EXPECT_EQ(none.size(), 0u);
}

TEST(TokenPostingsTest, HoldsRowsAsViewsIntoOneBuffer) {
  TokenPostings postings;
  postings.Add("E1", "Fancy Bear", -1);
  postings.Add("E22", "", 3);
  ASSERT_EQ(postings.size(), 2u);
  EXPECT_EQ(postings.entity_id(0), "E1");
  EXPECT_EQ(postings.name(0), "Fancy Bear");
  EXPECT_EQ(postings.alias_index(0), -1);
  EXPECT_EQ(postings.entity_id(1), "E22");
  EXPECT_EQ(postings.name(1), "");
  EXPECT_EQ(postings.alias_index(1), 3);
  postings.Clear();
  EXPECT_EQ(postings.size(), 0u);
}

TEST_F(StoreTokenIndexTest, StatisticsSurviveReopen) {
  Create(MakeEntity("organization", "Volgatanker Shipping", {"Volgatanker"}));
  ASSERT_TRUE(store_->Close().ok());
  store_.reset();
  OpenStore();
  EXPECT_EQ(store_->token_statistics()->DocumentCount(), 2u);
  EXPECT_EQ(store_->token_statistics()->Count("volgatanker"), 2u);
  EXPECT_EQ(store_->token_statistics()->Count("shipping"), 1u);
}

TEST_F(StoreTokenIndexTest, ReindexRebuildsTokenAndFuzzyRows) {
  const std::string id = Create(MakeEntity("organization", "Sovcomflot Tankers")).id();
  EditRawDbAndReopen([](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    // A database from before the fuzzy family: no rows, no fuzzy_keys_version.
    for (ColumnFamilyId family : {ColumnFamilyId::kTokens, ColumnFamilyId::kFuzzy, ColumnFamilyId::kTokenStats}) {
      ASSERT_TRUE(db->DeleteRange(rocksdb::WriteOptions(), Handle(handles, family), std::string(),
                                  std::string(1, '\xff'))
                      .ok());
    }
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), Handle(handles, ColumnFamilyId::kMeta),
                           EncodeMetaKey(MetaField::kFuzzyKeysVersion))
                    .ok());
  });
  EXPECT_THAT(TokenEntities("sovcomflot"), ElementsAre(id));
  EXPECT_THAT(FuzzyTokens("sovkomflot"), ElementsAre("sovcomflot"));
  EXPECT_EQ(store_->token_statistics()->Count("tankers"), 1u);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreTokenIndexTest, VerifyIndexReportsDamagedVocabularyRows) {
  Create(MakeEntity("organization", "Rosoboronexport"));
  EditRawDbAndReopen([](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    // Fuzzy lists hold tokens as entry ids (keys.h): one token removed from a list, one added to another.
    PostingDelta removed, added;
    removed["rosoboronexport"] = std::nullopt;
    added["ghostly"] = NameRowValue{0, ""};
    ASSERT_TRUE(db->Merge(rocksdb::WriteOptions(), Handle(handles, ColumnFamilyId::kFuzzy),
                          *EncodeFuzzyPrefix("rosoboronexpot"), EncodePostingDelta(removed))
                    .ok());
    ASSERT_TRUE(db->Merge(rocksdb::WriteOptions(), Handle(handles, ColumnFamilyId::kFuzzy), *EncodeFuzzyPrefix("ghost"),
                          EncodePostingDelta(added))
                    .ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), Handle(handles, ColumnFamilyId::kTokenStats),
                        *EncodeTokenStatsKey("rosoboronexport"), EncodeMetaValue(7))
                    .ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), Handle(handles, ColumnFamilyId::kTokens),
                        *EncodeTokenRowKey("phantom", "E00000042"), EncodeNameRowValue(-1, "Phantom"))
                    .ok());
  });
  const absl::Status verified = store_->VerifyIndex();
  EXPECT_TRUE(absl::IsDataLoss(verified)) << verified;
  EXPECT_THAT(verified.message(), HasSubstr("1 fuzzy rows of the entities' tokens are missing"));
  EXPECT_THAT(verified.message(), HasSubstr("orphan fuzzy row \"ghost\" -> \"ghostly\""));
  EXPECT_THAT(verified.message(), HasSubstr("token_stats row \"rosoboronexport\" counts 7, the entities 1"));
  EXPECT_THAT(verified.message(), HasSubstr("orphan tokens row \"phantom\" -> E00000042"));
}

TEST_F(StoreTokenIndexTest, FuzzyKeyRowsStayBoundedPerToken) {
  // A long token gets its one- and two-deletion keys, never more than FuzzyTokenKeys returns.
  Create(MakeEntity("organization", "Abcdefghijklmnopqrstuvwxyzabcdef"));
  std::vector<std::string> tokens;
  ASSERT_TRUE(store_->LookupFuzzyKeys({"bcdefghijklmnopqrstuvwxyzabcdef"}, &tokens).ok());
  EXPECT_THAT(tokens, UnorderedElementsAre("abcdefghijklmnopqrstuvwxyzabcdef"));
}

}  // namespace
}  // namespace aka::storage

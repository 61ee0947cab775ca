// FindFuzzyCandidates over a real RocksStore: one-typo names found by token and deletion-neighbourhood
// lookups, numbers never fuzzy, edit-distance verification, and the bound on common tokens.
#include "resolve/fuzzy_candidates.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/store_test_util.h"

namespace aka::resolve {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using storage::testing::MakeEntity;

class FuzzyCandidatesTest : public storage::testing::StoreTestBase {
 protected:
  std::vector<KeyCandidate> Find(const std::string& query, const FuzzyCandidateOptions& options = {}) {
    absl::StatusOr<std::vector<KeyCandidate>> found =
        FindFuzzyCandidates(*store_, normalizer_.Normalize(query), options);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? *found : std::vector<KeyCandidate>();
  }

  static std::vector<std::string> Ids(const std::vector<KeyCandidate>& candidates) {
    std::vector<std::string> ids;
    for (const KeyCandidate& c : candidates) ids.push_back(c.entity_id);
    return ids;
  }
};

TEST_F(FuzzyCandidatesTest, FindsAMultiWordNameWithOneTypoInOneToken) {
  const std::string wuhan =
      Create(MakeEntity("organization", "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY LIMITED")).id();
  Create(MakeEntity("organization", "Beijing Science Instruments"));
  const std::vector<KeyCandidate> found = Find("Wuhan Xiaoruizhi Science and Technolgy Company Ltd");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].entity_id, wuhan);
  EXPECT_EQ(found[0].key_kind, core::KeyKind::kFuzzy);
  EXPECT_EQ(found[0].matched_name, "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY LIMITED");
  EXPECT_EQ(found[0].alias_index, -1);
}

TEST_F(FuzzyCandidatesTest, FindsATypoInTheOnlyDistinctiveToken) {
  const std::string id = Create(MakeEntity("organization", "Other Name", {"Xiaoruizhi"})).id();
  const std::vector<KeyCandidate> found = Find("xiaoruzhi");
  ASSERT_THAT(Ids(found), ElementsAre(id));
  EXPECT_EQ(found[0].key, "xiaoruizhi");
  EXPECT_EQ(found[0].matched_name, "Xiaoruizhi");
  EXPECT_EQ(found[0].alias_index, 0);
}

TEST_F(FuzzyCandidatesTest, NumbersConflictingWithTheQueryAreNeverFuzzyHits) {
  const std::string thirteen = Create(MakeEntity("threat_actor", "Bronzebutler 13")).id();
  EXPECT_THAT(Find("Bronzebuttler 31"), IsEmpty());
  EXPECT_THAT(Ids(Find("Bronzebuttler 13")), ElementsAre(thirteen));
  // A query without numbers is not vetoed: the scorer weighs the one-sided number.
  EXPECT_THAT(Ids(Find("Bronzebuttler")), ElementsAre(thirteen));
}

TEST_F(FuzzyCandidatesTest, TokensBeyondTheTypoBudgetAreNotCandidates) {
  Create(MakeEntity("organization", "Xiaoruizhi"));
  // Shares deletion keys with "xiaoruizhi" at two deletions per side, but is three edits away.
  EXPECT_THAT(Find("xiaxxizhx"), IsEmpty());
}

TEST_F(FuzzyCandidatesTest, TokensHeldByTooManyNamesAreSkipped) {
  for (int i = 0; i < 3; ++i) Create(MakeEntity("organization", "Petrolia Unit" + std::to_string(i)));
  FuzzyCandidateOptions options;
  options.max_token_postings = 2;
  EXPECT_THAT(Find("petrolia", options), IsEmpty());
  options.max_token_postings = 3;
  EXPECT_EQ(Find("petrolia", options).size(), 3u);
}

TEST_F(FuzzyCandidatesTest, LooksUpAtMostKMaxQueryTokensHoweverManyAreAskedFor) {
  // Each query token's credit is a bit of a 64-bit set: a longer query is cut to its kMaxQueryTokens rarest.
  // Seven pseudo-random letters each: no two are within a typo of each other.
  std::vector<std::string> words;
  uint32_t state = 12345;
  for (size_t i = 0; i <= kMaxQueryTokens; ++i) {
    std::string word;
    for (int k = 0; k < 7; ++k) {
      state = state * 1103515245u + 12345u;
      word.push_back(static_cast<char>('a' + (state >> 16) % 26));
    }
    words.push_back(word);
  }
  const std::string name = absl::StrJoin(words, " ");
  const std::string all = Create(MakeEntity("organization", name)).id();
  // Shares only the last word, the most common of the query's (two names hold it): the one cut.
  Create(MakeEntity("organization", words.back() + " Holdings"));
  FuzzyCandidateOptions options;
  options.max_query_tokens = kMaxQueryTokens + 1;
  EXPECT_THAT(Ids(Find(name, options)), ElementsAre(all));
}

TEST_F(FuzzyCandidatesTest, RanksEntitiesMatchingMoreQueryTokensFirstAndBoundsTheCount) {
  const std::string both = Create(MakeEntity("organization", "Sovcomflot Tankers")).id();
  for (int i = 0; i < 4; ++i) Create(MakeEntity("organization", "Sovcomflot Branch" + std::to_string(i)));
  FuzzyCandidateOptions options;
  options.max_candidates = 2;
  const std::vector<KeyCandidate> found = Find("Sovkomflot Tankers", options);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].entity_id, both);
}

TEST_F(FuzzyCandidatesTest, OrdersEntitiesWithTheSameTokensByTheQueryWordsTheirNameHas) {
  // Both share only "xiaoruizhi" with the query as a distinctive token (the other words are too short to be
  // looked up); the one whose name also has them comes first although its id is higher.
  Create(MakeEntity("organization", "Xiaoruizhi Qrs"));
  const std::string closer = Create(MakeEntity("organization", "Xiaoruizhi Abc Def")).id();
  FuzzyCandidateOptions options;
  options.max_candidates = 1;
  EXPECT_THAT(Ids(Find("Xiaoruzhi Abc Def", options)), ElementsAre(closer));
}

TEST_F(FuzzyCandidatesTest, BesideAnUnknownWordKnownWordsAreLookedUpWithoutTypos) {
  const std::string both = Create(MakeEntity("organization", "Petrolia Xiaoruizhi")).id();
  const std::string neighbour = Create(MakeEntity("organization", "Petrolias Qrs")).id();
  // "xiaoruzhi" is unknown to the index, so "petrolia" (known) is taken as spelled.
  EXPECT_THAT(Ids(Find("Petrolia Xiaoruzhi")), ElementsAre(both));
  FuzzyCandidateOptions options;
  options.typos_only_in_unknown_tokens = false;
  EXPECT_THAT(Ids(Find("Petrolia Xiaoruzhi", options)), ElementsAre(both, neighbour));
  // Every word known: each may hide a typo ("petrolias" is one edit from "petrolia").
  EXPECT_THAT(Ids(Find("Petrolia Qrs")), ElementsAre(both, neighbour));
}

TEST(FuzzyCandidateOptionsForTest, TransliteratedQueriesKeepMoreCandidates) {
  EXPECT_EQ(FuzzyCandidateOptionsFor(core::NameScript::kLatin).max_candidates, FuzzyCandidateOptions().max_candidates);
  EXPECT_EQ(FuzzyCandidateOptionsFor(core::NameScript::kNone).max_candidates, FuzzyCandidateOptions().max_candidates);
  EXPECT_EQ(FuzzyCandidateOptionsFor(core::NameScript::kHan).max_candidates, 64u);
  EXPECT_EQ(FuzzyCandidateOptionsFor(core::NameScript::kCyrillic).max_candidates, 64u);
}

}  // namespace
}  // namespace aka::resolve

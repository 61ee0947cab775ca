// The names posting-list and delta formats (name_postings.h): round trips, delta semantics, the operands a
// change of logical rows yields, and DATA_LOSS for bytes the encoders never produce.
#include "storage/name_postings.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

NameRowValue Entry(int32_t alias_index, const std::string& name) { return NameRowValue{alias_index, name}; }

std::vector<std::string> HitIds(const std::vector<IndexHit>& hits) {
  std::vector<std::string> ids;
  for (const IndexHit& hit : hits) ids.push_back(hit.entity_id);
  return ids;
}

TEST(NamePostingsTest, ListRoundTripsInIdOrder) {
  PostingMap list;
  list["E00000002"] = Entry(3, "Zirconium");
  list["E00000001"] = Entry(-1, "APT 31");
  list["E100000000"] = Entry(0, std::string(300, 'x'));  // A name longer than one varint byte.
  const std::string value = EncodePostingList(list);
  PostingMap decoded;
  ASSERT_TRUE(DecodePostingList(value, &decoded).ok());
  EXPECT_EQ(decoded, list);
  std::vector<IndexHit> hits;
  ASSERT_TRUE(DecodePostingList(value, &hits).ok());
  // Bytewise id order, as the one-row-per-entity layout gave.
  EXPECT_THAT(HitIds(hits), ElementsAre("E00000001", "E00000002", "E100000000"));
  EXPECT_EQ(hits[0].name, "APT 31");
  EXPECT_EQ(hits[0].alias_index, -1);
  EXPECT_EQ(hits[1].alias_index, 3);
  EXPECT_EQ(hits[2].name.size(), 300u);
}

TEST(NamePostingsTest, EmptyListIsTheVersionByteAlone) {
  EXPECT_EQ(EncodePostingList({}), std::string(1, kKeyFormatVersion));
  std::vector<IndexHit> hits;
  ASSERT_TRUE(DecodePostingList(EncodePostingList({}), &hits).ok());
  EXPECT_TRUE(hits.empty());
}

TEST(NamePostingsTest, DeltaPutsReplacesAndRemoves) {
  PostingMap list;
  list["E1"] = Entry(-1, "a");
  list["E2"] = Entry(-1, "b");
  PostingDelta delta;
  delta["E1"] = Entry(2, "a2");  // Replaces.
  delta["E2"] = std::nullopt;    // Removes.
  delta["E3"] = Entry(-1, "c");  // Adds.
  delta["E9"] = std::nullopt;    // Removing an absent entry is a no-op.
  ASSERT_TRUE(ApplyPostingDelta(EncodePostingDelta(delta), &list).ok());
  EXPECT_THAT(list, ElementsAre(Pair("E1", Entry(2, "a2")), Pair("E3", Entry(-1, "c"))));
}

TEST(NamePostingsTest, CombinedDeltasEqualDeltasAppliedInTurn) {
  PostingDelta first, second;
  first["E1"] = Entry(-1, "a");
  first["E2"] = Entry(-1, "b");
  second["E1"] = std::nullopt;
  second["E2"] = Entry(1, "b2");
  second["E3"] = Entry(-1, "c");
  PostingDelta combined;
  ASSERT_TRUE(MergePostingDelta(EncodePostingDelta(first), &combined).ok());
  ASSERT_TRUE(MergePostingDelta(EncodePostingDelta(second), &combined).ok());
  // The removal survives the combination: it must still cancel an E1 in the list it is applied to.
  EXPECT_THAT(combined, ElementsAre(Pair("E1", std::nullopt), Pair("E2", Entry(1, "b2")),
                                    Pair("E3", Entry(-1, "c"))));
  PostingMap base, in_turn, at_once;
  base["E1"] = Entry(-1, "old");
  in_turn = at_once = base;
  ASSERT_TRUE(ApplyPostingDelta(EncodePostingDelta(first), &in_turn).ok());
  ASSERT_TRUE(ApplyPostingDelta(EncodePostingDelta(second), &in_turn).ok());
  ASSERT_TRUE(ApplyPostingDelta(EncodePostingDelta(combined), &at_once).ok());
  EXPECT_EQ(in_turn, at_once);
}

TEST(NamePostingsTest, OperandsOfARowChange) {
  const core::NameKey apt{core::KeyKind::kNormalized, "apt 31"};
  const core::NameKey zirc{core::KeyKind::kNormalized, "zirconium"};
  const core::NameKey judg{core::KeyKind::kNormalized, "judgment panda"};
  RowMap old_rows, new_rows;
  old_rows[*EncodeNameRowKey(apt, "E1")] = EncodeNameRowValue(-1, "APT 31");
  old_rows[*EncodeNameRowKey(zirc, "E1")] = EncodeNameRowValue(0, "Zirconium");
  new_rows[*EncodeNameRowKey(apt, "E1")] = EncodeNameRowValue(-1, "APT 31");       // Unchanged: no operand.
  new_rows[*EncodeNameRowKey(judg, "E1")] = EncodeNameRowValue(0, "Judgment Panda");  // Added.
  auto operands = NamePostingOperands(old_rows, new_rows);
  ASSERT_TRUE(operands.ok()) << operands.status();
  PostingDelta removed, added;
  ASSERT_EQ(operands->size(), 2u);
  ASSERT_TRUE(MergePostingDelta(operands->at(*EncodeNamePrefix(zirc)), &removed).ok());
  ASSERT_TRUE(MergePostingDelta(operands->at(*EncodeNamePrefix(judg)), &added).ok());
  EXPECT_THAT(removed, ElementsAre(Pair("E1", std::nullopt)));
  EXPECT_THAT(added, ElementsAre(Pair("E1", Entry(0, "Judgment Panda"))));
}

TEST(NamePostingsTest, CorruptValuesAreDataLoss) {
  PostingMap list;
  list["E1"] = Entry(-1, "a");
  list["E2"] = Entry(-1, "b");
  const std::string good = EncodePostingList(list);
  std::vector<IndexHit> hits;
  EXPECT_EQ(DecodePostingList("", &hits).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodePostingList(std::string("\x02", 1), &hits).code(), absl::StatusCode::kDataLoss);
  const absl::Status truncated = DecodePostingList(good.substr(0, good.size() - 1), &hits);
  EXPECT_EQ(truncated.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(truncated.message()), HasSubstr("truncated entry"));
  // The same entries in the wrong order.
  std::string swapped(1, kKeyFormatVersion);
  swapped += good.substr(1 + (good.size() - 1) / 2) + good.substr(1, (good.size() - 1) / 2);
  const absl::Status unordered = DecodePostingList(swapped, &hits);
  EXPECT_THAT(std::string(unordered.message()), HasSubstr("out of order"));
  PostingDelta delta;
  EXPECT_EQ(MergePostingDelta(std::string("\x01?\x01" "E", 4), &delta).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(MergePostingDelta(std::string("\x01+\x02" "E1", 5), &delta).code(), absl::StatusCode::kDataLoss);
  PostingMap target;
  EXPECT_EQ(ApplyPostingDelta(good, &target).code(), absl::StatusCode::kDataLoss);  // A list is not a delta.
}

}  // namespace
}  // namespace aka::storage

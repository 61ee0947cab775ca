#include "storage/keys.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::storage {
namespace {

using ::testing::HasSubstr;

core::NameKey Key(core::KeyKind kind, std::string value) { return core::NameKey{kind, std::move(value)}; }

TEST(KeysTest, ColumnFamilyNamesAreTheStoredOnes) {
  EXPECT_STREQ(ColumnFamilyName(ColumnFamilyId::kDefault), "default");
  EXPECT_STREQ(ColumnFamilyName(ColumnFamilyId::kEntities), "entities");
  EXPECT_STREQ(ColumnFamilyName(ColumnFamilyId::kNames), "names");
  EXPECT_STREQ(ColumnFamilyName(ColumnFamilyId::kExternalIds), "external_ids");
  EXPECT_STREQ(ColumnFamilyName(ColumnFamilyId::kMeta), "meta");
}

TEST(KeysTest, EntityKeyRoundTripsAndStartsWithVersion) {
  auto key = EncodeEntityKey("E00000042");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ((*key)[0], kKeyFormatVersion);
  auto id = DecodeEntityKey(*key);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "E00000042");
}

TEST(KeysTest, EntityKeysSortInNumericIdOrderPastEightDigits) {
  EXPECT_EQ(FormatEntityId(1), "E00000001");
  EXPECT_EQ(FormatEntityId(100000000), "E100000000");
  EXPECT_LT(*EncodeEntityKey(FormatEntityId(2)), *EncodeEntityKey(FormatEntityId(10)));
  EXPECT_LT(*EncodeEntityKey(FormatEntityId(99999999)), *EncodeEntityKey(FormatEntityId(100000000)));
}

TEST(KeysTest, EntityKeyRejectsBadIds) {
  EXPECT_EQ(EncodeEntityKey("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeEntityKey(std::string("E1\0", 3)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeEntityKey(std::string(256, 'E')).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeEntityKey("\x01\x05" "E1").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeEntityKey("\x02\x02" "E1").status().code(), absl::StatusCode::kDataLoss);
}

TEST(KeysTest, NameRowKeyRoundTrips) {
  auto row = EncodeNameRowKey(Key(core::KeyKind::kNormalized, "apt 31"), "E00000007");
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_EQ(*row, std::string("\x01\x02" "apt 31\0E00000007", 18));
  auto decoded = DecodeNameRowKey(*row);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->key, Key(core::KeyKind::kNormalized, "apt 31"));
  EXPECT_EQ(decoded->entity_id, "E00000007");
}

TEST(KeysTest, NamePrefixOfOneValueNeverCoversAnother) {
  const std::string apt = *EncodeNamePrefix(Key(core::KeyKind::kCompact, "apt"));
  const std::string apt31_row = *EncodeNameRowKey(Key(core::KeyKind::kCompact, "apt31"), "E00000001");
  const std::string apt_row = *EncodeNameRowKey(Key(core::KeyKind::kCompact, "apt"), "E00000001");
  const std::string other_kind = *EncodeNameRowKey(Key(core::KeyKind::kExact, "apt"), "E00000001");
  EXPECT_EQ(apt_row.compare(0, apt.size(), apt), 0);
  EXPECT_NE(apt31_row.compare(0, apt.size(), apt), 0);
  EXPECT_NE(other_kind.compare(0, apt.size(), apt), 0);
}

TEST(KeysTest, NameKeysRejectNulAndEmpty) {
  EXPECT_EQ(EncodeNamePrefix(Key(core::KeyKind::kExact, "")).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeNamePrefix(Key(core::KeyKind::kExact, std::string("a\0b", 3))).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeNameRowKey(Key(core::KeyKind::kExact, "a"), std::string("E\0", 2)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeNameRowKey(Key(core::KeyKind::kExact, "a"), "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(KeysTest, DecodeNameRowKeyRejectsGarbage) {
  EXPECT_EQ(DecodeNameRowKey("").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeNameRowKey(std::string("\x01\x09" "ab\0E1", 7)).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeNameRowKey("\x01\x01" "abcE1").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeNameRowKey(std::string("\x01\x01" "ab\0", 5)).status().code(), absl::StatusCode::kDataLoss);
}

TEST(KeysTest, NameRowValueRoundTripsNegativeAndLargeIndexes) {
  for (int32_t index : {-1, 0, 1, 63, 64, 1000, 2147483647}) {
    const std::string encoded = EncodeNameRowValue(index, "Violet Typhoon");
    auto decoded = DecodeNameRowValue(encoded);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->alias_index, index);
    EXPECT_EQ(decoded->name, "Violet Typhoon");
  }
  // The canonical name's -1 costs one byte.
  EXPECT_EQ(EncodeNameRowValue(-1, "x").size(), 3u);
}

TEST(KeysTest, NameRowValueRejectsGarbage) {
  EXPECT_EQ(DecodeNameRowValue("").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeNameRowValue("\x02\x01x").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeNameRowValue("\x01\x80").status().code(), absl::StatusCode::kDataLoss);
}

TEST(KeysTest, ExternalIdKeyRoundTripsAndSeparatesParts) {
  auto key = EncodeExternalIdKey("misp", "abc-123");
  ASSERT_TRUE(key.ok()) << key.status();
  auto pair = DecodeExternalIdKey(*key);
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_EQ(pair->key, "misp");
  EXPECT_EQ(pair->value, "abc-123");
  // "ab"="c" and "a"="bc" must not collide.
  EXPECT_NE(*EncodeExternalIdKey("ab", "c"), *EncodeExternalIdKey("a", "bc"));
}

TEST(KeysTest, ExternalIdKeyRejectsBadParts) {
  EXPECT_THAT(std::string(EncodeExternalIdKey("", "x").status().message()), HasSubstr("external id key"));
  EXPECT_THAT(std::string(EncodeExternalIdKey("k", "").status().message()), HasSubstr("external id value"));
  EXPECT_EQ(EncodeExternalIdKey(std::string("k\0", 2), "x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeExternalIdKey("k", std::string("\0x", 2)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeExternalIdKey("\x01kx").status().code(), absl::StatusCode::kDataLoss);
}

TEST(KeysTest, MetaKeysAndValues) {
  EXPECT_EQ(EncodeMetaKey(MetaField::kNextId), "\x01next_id");
  EXPECT_EQ(EncodeMetaKey(MetaField::kNameKeysVersion), "\x01name_keys_version");
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{1} << 40, ~uint64_t{0}}) {
    auto decoded = DecodeMetaValue(EncodeMetaValue(v));
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, v);
  }
  EXPECT_EQ(DecodeMetaValue("1234").status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace aka::storage

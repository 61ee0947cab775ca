#include "common/set_associative_slots.h"

#include <string>

#include "absl/hash/hash.h"
#include "gtest/gtest.h"

namespace aka {
namespace {

using Slots = SetAssociativeSlots<std::string>;

uint64_t HashOf(const std::string& key) { return absl::Hash<std::string>()(key); }

TEST(SetAssociativeSlotsTest, FindsWhatWasPut) {
  Slots slots(8);
  EXPECT_EQ(slots.capacity(), 8 * Slots::kWays);
  EXPECT_EQ(slots.Find(HashOf("a"), "a"), nullptr);
  EXPECT_EQ(slots.Put(HashOf("a"), "a", "value a"), "");
  ASSERT_NE(slots.Find(HashOf("a"), "a"), nullptr);
  EXPECT_EQ(*slots.Find(HashOf("a"), "a"), "value a");
  EXPECT_EQ(slots.size(), 1u);
}

TEST(SetAssociativeSlotsTest, PutOfAHeldKeyReplacesItsValueInPlace) {
  Slots slots(8);
  slots.Put(HashOf("a"), "a", "old");
  EXPECT_EQ(slots.Put(HashOf("a"), "a", "new"), "old");
  EXPECT_EQ(*slots.Find(HashOf("a"), "a"), "new");
  EXPECT_EQ(slots.size(), 1u);
}

// A hash shared by two keys is not a match: the key decides.
TEST(SetAssociativeSlotsTest, EqualHashesOfOtherKeysDoNotMatch) {
  Slots slots(1);
  slots.Put(42, "a", "value a");
  EXPECT_EQ(slots.Find(42, "b"), nullptr);
  slots.Put(42, "b", "value b");
  EXPECT_EQ(*slots.Find(42, "a"), "value a");
  EXPECT_EQ(*slots.Find(42, "b"), "value b");
}

// With one set every key competes for kWays slots: the least recently used (found or put) goes first.
TEST(SetAssociativeSlotsTest, ReplacesTheLeastRecentlyUsedOfTheSet) {
  Slots slots(1);
  for (const std::string key : {"a", "b", "c", "d"}) slots.Put(HashOf(key), key, key);
  ASSERT_NE(slots.Find(HashOf("a"), "a"), nullptr);  // "b" is now the least recently used
  EXPECT_EQ(slots.Put(HashOf("e"), "e", "e"), "b");
  EXPECT_EQ(slots.Find(HashOf("b"), "b"), nullptr);
  for (const std::string key : {"a", "c", "d", "e"}) EXPECT_NE(slots.Find(HashOf(key), key), nullptr) << key;
  EXPECT_EQ(slots.size(), Slots::kWays);
}

TEST(SetAssociativeSlotsTest, EraseAndClearEmptySlots) {
  Slots slots(4);
  slots.Put(HashOf("a"), "a", "value a");
  slots.Put(HashOf("b"), "b", "value b");
  EXPECT_EQ(slots.Erase(HashOf("a"), "a"), "value a");
  EXPECT_EQ(slots.Erase(HashOf("a"), "a"), "");
  EXPECT_EQ(slots.Find(HashOf("a"), "a"), nullptr);
  EXPECT_EQ(slots.size(), 1u);
  slots.Clear();
  EXPECT_EQ(slots.size(), 0u);
  EXPECT_EQ(slots.Find(HashOf("b"), "b"), nullptr);
}

TEST(SetAssociativeSlotsTest, NoSetsHoldNothing) {
  Slots slots(0);
  EXPECT_EQ(slots.Put(HashOf("a"), "a", "value a"), "value a");  // handed back
  EXPECT_EQ(slots.Find(HashOf("a"), "a"), nullptr);
  EXPECT_EQ(slots.size(), 0u);
}

// Hashes that agree in their low bits (a caller sharding by them) still spread over the sets.
TEST(SetAssociativeSlotsTest, HashesAgreeingInTheirLowBitsSpreadOverTheSets) {
  Slots slots(64);
  for (uint64_t i = 0; i < 64; ++i) slots.Put(i * 16 + 3, std::to_string(i), "v");
  EXPECT_GT(slots.size(), 48u);  // all in one set would keep kWays
}

}  // namespace
}  // namespace aka

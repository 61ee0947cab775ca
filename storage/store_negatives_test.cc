// Negative knowledge in the store: records by normalized name, expiry, history rows, undo, and refusals.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "google/protobuf/util/time_util.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using testing::MakeEntity;

class StoreNegativesTest : public testing::StoreTestBase {
 protected:
  aka::v1::Negative MakeNegative(const std::string& name, const std::string& entity_id) {
    aka::v1::Negative negative;
    negative.set_name(name);
    negative.set_entity_id(entity_id);
    negative.set_note("adjudicated false positive");
    return negative;
  }
  std::vector<std::string> NegativeIds(const std::string& name, absl::Time now = absl::Now()) {
    auto negatives = store_->NegativesFor(name, now);
    EXPECT_TRUE(negatives.ok()) << negatives.status();
    std::vector<std::string> ids;
    if (negatives.ok()) {
      for (const auto& negative : *negatives) ids.push_back(negative.entity_id());
    }
    return ids;
  }
  ChangeContext Curator() {
    ChangeContext context;
    context.who = "bob";
    return context;
  }
};

TEST_F(StoreNegativesTest, AddMatchesByNormalizedFormAndIsInHistory) {
  const aka::v1::Entity bank = Create(MakeEntity("organization", "Bank Melli"));
  auto added = store_->AddNegative(MakeNegative("BANK  melli", bank.id()), Curator());
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->kind(), aka::v1::CHANGE_KIND_ADD_NEGATIVE);
  EXPECT_EQ(added->negative_after().who(), "bob");
  EXPECT_TRUE(added->negative_after().has_create_time());
  EXPECT_EQ(NegativeIds("bank melli"), std::vector<std::string>{bank.id()});
  EXPECT_TRUE(NegativeIds("bank mellat").empty());

  auto history = store_->GetHistory(bank.id(), 0, 10);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].kind(), aka::v1::CHANGE_KIND_ADD_NEGATIVE);
  // The entity itself did not change.
  EXPECT_EQ(store_->GetEntity(bank.id())->version(), bank.version());

  auto removed = store_->RemoveNegative("Bank Melli", bank.id(), Curator());
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_TRUE(NegativeIds("bank melli").empty());
  EXPECT_EQ(store_->RemoveNegative("Bank Melli", bank.id(), Curator()).status().code(),
            absl::StatusCode::kNotFound);
  // Undo of the removal brings the record back exactly.
  ASSERT_TRUE(store_->Undo(removed->sequence(), Curator()).ok());
  EXPECT_EQ(NegativeIds("bank melli"), std::vector<std::string>{bank.id()});
  // Undo of the add (after the record came back as the add left it) removes it again.
  ASSERT_TRUE(store_->Undo(added->sequence(), Curator()).ok());
  EXPECT_TRUE(NegativeIds("bank melli").empty());
}

// Resolve skips the negatives family for names without records (storage/negative_names.h): the names
// with records must survive a reopen, a replaced record, and the removal of another entity's record.
TEST_F(StoreNegativesTest, NamesWithRecordsAreKnownAcrossReopenAndSharedNames) {
  const aka::v1::Entity bank = Create(MakeEntity("organization", "Bank Melli"));
  const aka::v1::Entity other = Create(MakeEntity("organization", "Bank Mellat"));
  ASSERT_TRUE(store_->AddNegative(MakeNegative("Bank Melli", bank.id()), Curator()).ok());
  ASSERT_TRUE(store_->AddNegative(MakeNegative("Bank Melli", other.id()), Curator()).ok());
  ASSERT_TRUE(store_->AddNegative(MakeNegative("bank melli", bank.id()), Curator()).ok());  // Replaces.
  ASSERT_TRUE(store_->Close().ok());
  OpenStore();
  EXPECT_EQ(NegativeIds("Bank Melli").size(), 2u);
  ASSERT_TRUE(store_->RemoveNegative("Bank Melli", bank.id(), Curator()).ok());
  EXPECT_EQ(NegativeIds("Bank Melli"), std::vector<std::string>{other.id()});
  ASSERT_TRUE(store_->RemoveNegative("Bank Melli", other.id(), Curator()).ok());
  EXPECT_TRUE(NegativeIds("Bank Melli").empty());
  ASSERT_TRUE(store_->AddNegative(MakeNegative("Bank Mellat", other.id()), Curator()).ok());
  EXPECT_EQ(NegativeIds("bank mellat"), std::vector<std::string>{other.id()});
}

TEST_F(StoreNegativesTest, ExpiryAndRefusals) {
  const aka::v1::Entity bank = Create(MakeEntity("organization", "Bank Melli"));
  aka::v1::Negative negative = MakeNegative("Bank Melli", bank.id());
  const absl::Time expiry = absl::Now() + absl::Hours(1);
  *negative.mutable_expire_time() = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(expiry));
  ASSERT_TRUE(store_->AddNegative(negative, Curator()).ok());
  EXPECT_EQ(NegativeIds("Bank Melli", expiry - absl::Minutes(1)), std::vector<std::string>{bank.id()});
  EXPECT_TRUE(NegativeIds("Bank Melli", expiry).empty());

  EXPECT_EQ(store_->AddNegative(MakeNegative("Bank Melli", "E99999999"), Curator()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->AddNegative(MakeNegative("", bank.id()), Curator()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->AddNegative(MakeNegative("   ", bank.id()), Curator()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aka::storage

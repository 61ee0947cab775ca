// RocksStore: entity lifecycle, upsert semantics, versions, validation, paging, persistence, concurrency.
// Index-row behaviour is in store_index_test.cc.
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MakeEntity;

class StoreTest : public testing::StoreTestBase {};

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST_F(StoreTest, NewStoreIsNewAndEmpty) {
  EXPECT_TRUE(*store_->IsNew());
  EXPECT_EQ(*store_->CountEntities(), 0);
  EXPECT_EQ(store_->GetEntity("E00000001").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, CreateAssignsIdVersionAndTimes) {
  auto result = store_->UpsertEntity(MakeEntity("threat_actor", "APT31", {"Zirconium"}), 0);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->created);
  EXPECT_FALSE(result->unchanged);
  const aka::v1::Entity& e = result->entity;
  EXPECT_EQ(e.id(), "E00000001");
  EXPECT_EQ(e.version(), 1);
  EXPECT_GT(e.create_time().seconds(), 0);
  EXPECT_EQ(e.update_time().seconds(), e.create_time().seconds());
  EXPECT_GT(e.aliases(0).added_time().seconds(), 0);
  EXPECT_FALSE(*store_->IsNew());
  EXPECT_EQ(*store_->CountEntities(), 1);

  auto got = store_->GetEntity("E00000001");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->SerializeAsString(), e.SerializeAsString());
}

TEST_F(StoreTest, UpsertByIdReplacesAndBumpsVersion) {
  const aka::v1::Entity created = Create(MakeEntity("threat_actor", "APT31", {"Zirconium"}));
  aka::v1::Entity change = MakeEntity("threat_actor", "APT31", {"Zirconium", "Judgment Panda"});
  change.set_id(created.id());
  auto result = store_->UpsertEntity(change, 1);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->created);
  EXPECT_EQ(result->entity.version(), 2);
  EXPECT_EQ(result->entity.create_time().SerializeAsString(), created.create_time().SerializeAsString());
  // The alias the entity already had keeps its added_time.
  EXPECT_EQ(result->entity.aliases(0).added_time().SerializeAsString(),
            created.aliases(0).added_time().SerializeAsString());
  EXPECT_EQ(*store_->CountEntities(), 1);
}

TEST_F(StoreTest, UpsertByUnknownIdIsNotFound) {
  aka::v1::Entity e = MakeEntity("person", "Zhao Guangzong");
  e.set_id("E00000099");
  EXPECT_EQ(store_->UpsertEntity(e, 0).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, ImportingTheSameEntityTwiceIsIdempotent) {
  aka::v1::Entity e = MakeEntity("threat_actor", "APT31", {"Zirconium", "Violet Typhoon"});
  (*e.mutable_external_ids())["misp"] = "uuid-31";
  (*e.mutable_attributes())["country"] = "CN";
  auto first = store_->UpsertEntity(e, 0);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = store_->UpsertEntity(e, 0);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(second->created);
  EXPECT_TRUE(second->unchanged);
  EXPECT_EQ(second->entity.id(), first->entity.id());
  EXPECT_EQ(second->entity.version(), 1);
  EXPECT_EQ(*store_->CountEntities(), 1);

  // A changed import finds the same entity by its external id and bumps the version.
  e.add_aliases()->set_name("Judgment Panda");
  auto third = store_->UpsertEntity(e, 0);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->entity.id(), first->entity.id());
  EXPECT_EQ(third->entity.version(), 2);
  EXPECT_FALSE(third->unchanged);
}

TEST_F(StoreTest, ExternalIdsOfTwoEntitiesConflict) {
  aka::v1::Entity a = MakeEntity("threat_actor", "APT28");
  (*a.mutable_external_ids())["misp"] = "uuid-28";
  aka::v1::Entity b = MakeEntity("threat_actor", "APT29");
  (*b.mutable_external_ids())["mitre"] = "G0016";
  const std::string id_a = Create(a).id();
  const std::string id_b = Create(b).id();

  aka::v1::Entity both = MakeEntity("threat_actor", "Grizzly Steppe");
  (*both.mutable_external_ids())["misp"] = "uuid-28";
  (*both.mutable_external_ids())["mitre"] = "G0016";
  const absl::Status s = store_->UpsertEntity(both, 0).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Message(s), HasSubstr(id_a));
  EXPECT_THAT(Message(s), HasSubstr(id_b));

  // Targeting B by id while claiming A's external id is refused too.
  aka::v1::Entity steal = MakeEntity("threat_actor", "APT29");
  steal.set_id(id_b);
  (*steal.mutable_external_ids())["misp"] = "uuid-28";
  const absl::Status s2 = store_->UpsertEntity(steal, 0).status();
  EXPECT_EQ(s2.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Message(s2), HasSubstr(id_a));
}

TEST_F(StoreTest, ExpectedVersionConflicts) {
  const aka::v1::Entity created = Create(MakeEntity("organization", "Acme"));
  aka::v1::Entity change = MakeEntity("organization", "Acme Ltd");
  change.set_id(created.id());
  ASSERT_TRUE(store_->UpsertEntity(change, 1).ok());
  change.set_canonical_name("Acme Limited");
  const absl::Status s = store_->UpsertEntity(change, 1).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Message(s), "entity E00000001 is at version 2, not 1");
  EXPECT_EQ(store_->DeleteEntity(created.id(), 5).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->AddAlias(created.id(), aka::v1::Alias(), 9).status().code(),
            absl::StatusCode::kInvalidArgument);  // validation comes first
  aka::v1::Alias alias;
  alias.set_name("ACME");
  EXPECT_EQ(store_->AddAlias(created.id(), alias, 9).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->RemoveAlias(created.id(), "ACME", 9).status().code(), absl::StatusCode::kFailedPrecondition);
  // Creating with an expected version cannot succeed: nothing is at that version.
  EXPECT_EQ(store_->UpsertEntity(MakeEntity("organization", "New"), 3).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(StoreTest, IdsAreNeverReusedAfterDelete) {
  const std::string first = Create(MakeEntity("person", "A")).id();
  const std::string second = Create(MakeEntity("person", "B")).id();
  ASSERT_TRUE(store_->DeleteEntity(second, 0).ok());
  ASSERT_TRUE(store_->DeleteEntity(first, 0).ok());
  EXPECT_EQ(*store_->CountEntities(), 0);
  EXPECT_FALSE(*store_->IsNew());
  ASSERT_TRUE(store_->Close().ok());
  OpenStore();
  EXPECT_EQ(Create(MakeEntity("person", "C")).id(), "E00000003");
}

TEST_F(StoreTest, DeleteReturnsTheEntityAndForgetsIt) {
  const aka::v1::Entity e = Create(MakeEntity("person", "A"));
  auto deleted = store_->DeleteEntity(e.id(), 1);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->entity.canonical_name(), "A");
  EXPECT_EQ(store_->GetEntity(e.id()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteEntity(e.id(), 0).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, AliasesAreCollapsedAndAddAliasOfKnownNameIsUnchanged) {
  const aka::v1::Entity e = Create(MakeEntity("threat_actor", "APT31", {"Zirconium", "APT31", "Zirconium"}));
  ASSERT_EQ(e.aliases_size(), 1);
  EXPECT_EQ(e.aliases(0).name(), "Zirconium");
  aka::v1::Alias same;
  same.set_name("Zirconium");
  auto result = store_->AddAlias(e.id(), same, 0);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->unchanged);
  EXPECT_EQ(result->entity.version(), 1);
  EXPECT_EQ(store_->RemoveAlias(e.id(), "Nope", 0).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, BadEntitiesAreRejectedWithFieldNames) {
  EXPECT_THAT(Message(store_->UpsertEntity(MakeEntity("", "x"), 0).status()), HasSubstr("entity.type"));
  EXPECT_THAT(Message(store_->UpsertEntity(MakeEntity("Bad-Type", "x"), 0).status()), HasSubstr("entity.type"));
  EXPECT_THAT(Message(store_->UpsertEntity(MakeEntity("person", ""), 0).status()),
              HasSubstr("entity.canonical_name"));
  const absl::Status s = store_->UpsertEntity(MakeEntity("person", "x", {"a", "b", "c", "d\x01"}), 0).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr("entity.aliases[3].name"));
  aka::v1::Entity e = MakeEntity("person", "x");
  (*e.mutable_external_ids())["ofac"] = "";
  EXPECT_THAT(Message(store_->UpsertEntity(e, 0).status()), HasSubstr("entity.external_ids[\"ofac\"]"));
  EXPECT_EQ(*store_->CountEntities(), 0);
}

TEST_F(StoreTest, ListEntitiesPagesInIdOrderAndFiltersByType) {
  for (int i = 0; i < 7; ++i) Create(MakeEntity(i % 2 == 0 ? "person" : "vessel", absl::StrCat("N", i)));
  std::vector<std::string> ids;
  std::string token;
  int pages = 0;
  do {
    auto page = store_->ListEntities(token, 3, "");
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& e : page->entities) ids.push_back(e.id());
    token = page->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(ids, ElementsAre("E00000001", "E00000002", "E00000003", "E00000004", "E00000005", "E00000006",
                               "E00000007"));

  auto vessels = store_->ListEntities("", 10, "vessel");
  ASSERT_TRUE(vessels.ok());
  std::vector<std::string> vessel_ids;
  for (const auto& e : vessels->entities) vessel_ids.push_back(e.id());
  EXPECT_THAT(vessel_ids, ElementsAre("E00000002", "E00000004", "E00000006"));
  EXPECT_TRUE(vessels->next_page_token.empty());

  // A token whose entity was deleted still continues after it.
  ASSERT_TRUE(store_->DeleteEntity("E00000003", 0).ok());
  auto after = store_->ListEntities("E00000003", 1, "");
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->entities.size(), 1u);
  EXPECT_EQ(after->entities[0].id(), "E00000004");

  EXPECT_EQ(store_->ListEntities("", 0, "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListEntities("", 1001, "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListEntities(std::string("E\0", 2), 5, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, ReopenKeepsEverything) {
  aka::v1::Entity e = MakeEntity("threat_actor", "APT31", {"Zirconium"});
  (*e.mutable_external_ids())["misp"] = "uuid-31";
  const aka::v1::Entity created = Create(e);
  ASSERT_TRUE(store_->Close().ok());
  OpenStore();
  auto got = store_->GetEntity(created.id());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(*store_->CountEntities(), 1);
  EXPECT_FALSE(*store_->IsNew());
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "zirconium"), ElementsAre(created.id()));
  auto again = store_->UpsertEntity(e, 0);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->unchanged);
}

TEST_F(StoreTest, CallsAfterCloseFail) {
  ASSERT_TRUE(store_->Close().ok());
  EXPECT_EQ(store_->Close().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetEntity("E00000001").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->UpsertEntity(MakeEntity("person", "x"), 0).status().code(),
            absl::StatusCode::kFailedPrecondition);
  std::vector<IndexHit> hits;
  EXPECT_EQ(store_->LookupKey(core::NameKey{core::KeyKind::kExact, "x"}, &hits).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->CountEntities().status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->VerifyIndex().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(StoreTest, OpenThroughTheInterfaceAndValidateOptions) {
  store_.reset();  // releases the DB lock
  StoreOptions options = Options();
  auto store = Store::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  options.normalizer = nullptr;
  EXPECT_EQ(Store::Open(options).status().code(), absl::StatusCode::kInvalidArgument);
  StoreOptions missing = Options();
  missing.path = dir_.path() + "/absent";
  missing.create_if_missing = false;
  EXPECT_FALSE(Store::Open(missing).ok());
}

TEST_F(StoreTest, ConcurrentWritersAllLandWithUniqueIds) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &ids] {
      for (int i = 0; i < kPerThread; ++i) {
        aka::v1::Entity e = MakeEntity("organization", absl::StrCat("Org ", t, " ", i), {absl::StrCat("alias ", i)});
        (*e.mutable_external_ids())["test"] = absl::StrCat(t, "-", i);
        auto result = store_->UpsertEntity(e, 0);
        if (result.ok()) ids[t].push_back(result->entity.id());
      }
    });
  }
  // Readers run alongside the writers.
  std::thread reader([this] {
    for (int i = 0; i < 200; ++i) {
      std::vector<IndexHit> hits;
      EXPECT_TRUE(store_->LookupKey(core::NameKey{core::KeyKind::kNormalized, "alias 1"}, &hits).ok());
    }
  });
  for (auto& thread : threads) thread.join();
  reader.join();
  std::set<std::string> unique;
  for (const auto& list : ids) {
    EXPECT_EQ(list.size(), static_cast<size_t>(kPerThread));
    unique.insert(list.begin(), list.end());
  }
  EXPECT_EQ(unique.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*store_->CountEntities(), kThreads * kPerThread);
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "alias 7").size(), static_cast<size_t>(kThreads));
  EXPECT_TRUE(store_->VerifyIndex().ok());
}

}  // namespace
}  // namespace aka::storage

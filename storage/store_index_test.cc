// RocksStore: the names and external_ids rows - lookups, index maintenance on every mutation, orphan
// detection by VerifyIndex, and the rebuild on a name-keys version change.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/index_rows.h"
#include "storage/keys.h"
#include "storage/name_postings.h"
#include "storage/name_postings_merge.h"
#include "storage/rocksdb_options.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::FakeNormalizer;
using testing::MakeEntity;

class StoreIndexTest : public testing::StoreTestBase {
 protected:
  // Runs `edit` on the raw RocksDB of the (closed) store, to simulate corruption or an old database.
  template <typename Edit>
  void EditRawDb(Edit edit) {
    ASSERT_TRUE(store_->Close().ok());
    const RocksDbConfig config = MakeRocksDbConfig(Options());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(config.db_options, Options().path, config.column_families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    edit(db.get(), handles);
    for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    ASSERT_TRUE(db->Close().ok());
  }

  static rocksdb::ColumnFamilyHandle* Handle(const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                                             ColumnFamilyId id) {
    return handles[static_cast<int>(id)];
  }
};

TEST_F(StoreIndexTest, LookupFindsEveryNameUnderEveryKind) {
  const std::string id = Create(MakeEntity("threat_actor", "APT 31", {"Violet Typhoon"})).id();
  EXPECT_THAT(Lookup(core::KeyKind::kExact, "APT 31"), ElementsAre(id));
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "apt 31"), ElementsAre(id));
  EXPECT_THAT(Lookup(core::KeyKind::kCompact, "apt31"), ElementsAre(id));
  EXPECT_THAT(Lookup(core::KeyKind::kTokenSorted, "31 apt"), ElementsAre(id));
  EXPECT_THAT(Lookup(core::KeyKind::kTokenSorted, "typhoon violet"), ElementsAre(id));
  EXPECT_THAT(Lookup(core::KeyKind::kExact, "apt 31"), IsEmpty());

  std::vector<IndexHit> hits;
  ASSERT_TRUE(store_->LookupKey(core::NameKey{core::KeyKind::kCompact, "violettyphoon"}, &hits).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].entity_id, id);
  EXPECT_EQ(hits[0].name, "Violet Typhoon");
  EXPECT_EQ(hits[0].alias_index, 0);
}

TEST_F(StoreIndexTest, LookupDoesNotMatchLongerValuesOrOtherKinds) {
  const std::string apt = Create(MakeEntity("threat_actor", "APT")).id();
  const std::string apt31 = Create(MakeEntity("threat_actor", "APT 31")).id();
  const std::string apt3 = Create(MakeEntity("threat_actor", "APT3")).id();
  EXPECT_THAT(Lookup(core::KeyKind::kCompact, "apt"), ElementsAre(apt));
  EXPECT_THAT(Lookup(core::KeyKind::kCompact, "apt3"), ElementsAre(apt3));
  EXPECT_THAT(Lookup(core::KeyKind::kCompact, "apt31"), ElementsAre(apt31));
  EXPECT_THAT(Lookup(core::KeyKind::kCompact, "ap"), IsEmpty());
  EXPECT_THAT(Lookup(core::KeyKind::kFuzzy, "apt"), IsEmpty());
}

TEST_F(StoreIndexTest, NamesSharingAKeyGiveOneRowOwnedByTheFirst) {
  const std::string id = Create(MakeEntity("threat_actor", "APT31", {"apt31", "Apt31"})).id();
  std::vector<IndexHit> hits;
  ASSERT_TRUE(store_->LookupKey(core::NameKey{core::KeyKind::kNormalized, "apt31"}, &hits).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].name, "APT31");
  EXPECT_EQ(hits[0].alias_index, -1);
  // Exact keys differ, so each spelling keeps its own row.
  hits.clear();
  ASSERT_TRUE(store_->LookupKey(core::NameKey{core::KeyKind::kExact, "Apt31"}, &hits).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].alias_index, 1);
  EXPECT_TRUE(store_->VerifyIndex().ok());
}

TEST_F(StoreIndexTest, ManyEntitiesUnderOneKey) {
  const std::string a = Create(MakeEntity("threat_actor", "Grizzly Steppe")).id();
  const std::string b = Create(MakeEntity("organization", "X", {"grizzly steppe"})).id();
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "grizzly steppe"), ElementsAre(a, b));
}

TEST_F(StoreIndexTest, AddAndRemoveAliasUpdateTheIndex) {
  const aka::v1::Entity e = Create(MakeEntity("threat_actor", "APT31"));
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "judgment panda"), IsEmpty());

  aka::v1::Alias alias;
  alias.set_name("Judgment Panda");
  alias.set_source("crowdstrike");
  auto added = store_->AddAlias(e.id(), alias, 1);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->entity.version(), 2);
  EXPECT_EQ(added->entity.aliases(0).source(), "crowdstrike");
  EXPECT_GT(added->entity.aliases(0).added_time().seconds(), 0);
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "judgment panda"), ElementsAre(e.id()));
  EXPECT_TRUE(store_->VerifyIndex().ok());

  auto removed = store_->RemoveAlias(e.id(), "Judgment Panda", 2);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(removed->entity.version(), 3);
  EXPECT_EQ(removed->entity.aliases_size(), 0);
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "judgment panda"), IsEmpty());
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "apt31"), ElementsAre(e.id()));
  EXPECT_TRUE(store_->VerifyIndex().ok());
}

TEST_F(StoreIndexTest, ReplacingAliasesMovesRowsAndIndexes) {
  aka::v1::Entity e = Create(MakeEntity("threat_actor", "APT31", {"Zirconium", "Judgment Panda"}));
  e.clear_aliases();
  e.add_aliases()->set_name("Judgment Panda");
  e.add_aliases()->set_name("Violet Typhoon");
  ASSERT_TRUE(store_->UpsertEntity(e, 0).ok());
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "zirconium"), IsEmpty());
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "violet typhoon"), ElementsAre(e.id()));
  std::vector<IndexHit> hits;
  ASSERT_TRUE(store_->LookupKey(core::NameKey{core::KeyKind::kNormalized, "judgment panda"}, &hits).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].alias_index, 0);  // moved from position 1 to 0
  EXPECT_TRUE(store_->VerifyIndex().ok());
}

TEST_F(StoreIndexTest, DroppedExternalIdIsFreeForAnotherEntity) {
  aka::v1::Entity a = MakeEntity("person", "A");
  (*a.mutable_external_ids())["ofac"] = "123";
  a = Create(a);
  a.clear_external_ids();
  ASSERT_TRUE(store_->UpsertEntity(a, 0).ok());
  aka::v1::Entity b = MakeEntity("person", "B");
  (*b.mutable_external_ids())["ofac"] = "123";
  auto created = store_->UpsertEntity(b, 0);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->created);
  EXPECT_TRUE(store_->VerifyIndex().ok());
}

TEST_F(StoreIndexTest, DeleteRemovesEveryRow) {
  aka::v1::Entity keep = MakeEntity("threat_actor", "APT28", {"Fancy Bear"});
  (*keep.mutable_external_ids())["misp"] = "uuid-28";
  aka::v1::Entity gone = MakeEntity("threat_actor", "APT29", {"Cozy Bear", "The Dukes"});
  (*gone.mutable_external_ids())["misp"] = "uuid-29";
  (*gone.mutable_external_ids())["mitre"] = "G0016";
  const std::string keep_id = Create(keep).id();
  const std::string gone_id = Create(gone).id();
  ASSERT_TRUE(store_->DeleteEntity(gone_id, 0).ok());
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "cozy bear"), IsEmpty());
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "fancy bear"), ElementsAre(keep_id));
  EXPECT_TRUE(store_->VerifyIndex().ok());
  // Re-importing the deleted entity creates a new one: its external ids were released.
  auto again = store_->UpsertEntity(gone, 0);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->created);
  EXPECT_NE(again->entity.id(), gone_id);

  // Prove by raw iteration that only the live entities' rows remain.
  std::string again_id = again->entity.id();
  EditRawDb([&](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    for (ColumnFamilyId family : {ColumnFamilyId::kNames, ColumnFamilyId::kExternalIds}) {
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), Handle(handles, family)));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        std::vector<IndexHit> owners;
        if (family == ColumnFamilyId::kNames) {
          ASSERT_TRUE(DecodePostingList(it->value().ToString(), &owners).ok());
        } else {
          owners.emplace_back().entity_id = it->value().ToString();
        }
        for (const IndexHit& owner : owners) {
          EXPECT_TRUE(owner.entity_id == keep_id || owner.entity_id == again_id) << owner.entity_id;
        }
      }
      EXPECT_TRUE(it->status().ok());
    }
  });
}

TEST_F(StoreIndexTest, VerifyIndexReportsOrphanAndMissingRows) {
  const std::string id = Create(MakeEntity("threat_actor", "APT31", {"Zirconium"})).id();
  EditRawDb([&](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    rocksdb::ColumnFamilyHandle* names = Handle(handles, ColumnFamilyId::kNames);
    RowMap orphan, real;
    orphan[*EncodeNameRowKey(core::NameKey{core::KeyKind::kNormalized, "ghost"}, "E00000077")] =
        EncodeNameRowValue(-1, "Ghost");
    real[*EncodeNameRowKey(core::NameKey{core::KeyKind::kNormalized, "zirconium"}, id)] =
        EncodeNameRowValue(0, "Zirconium");
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(AddNamePostingOperands(names, {}, orphan, &batch).ok());
    ASSERT_TRUE(AddNamePostingOperands(names, real, {}, &batch).ok());
    // A list that does not decode is reported too.
    ASSERT_TRUE(batch.Put(names, *EncodeNamePrefix(core::NameKey{core::KeyKind::kExact, "junk"}), "junk").ok());
    ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &batch).ok());
  });
  OpenStore();
  const absl::Status s = store_->VerifyIndex();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("orphan names row (kind 2, \"ghost\") -> E00000077"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("missing names row (kind 2, \"zirconium\")"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("corrupt names posting list \"junk\""));
}

// A database of schema version 1 (one names row per key and entity, read by prefix seeks) is rewritten in
// the posting-list layout when opened: same lookups, a clean VerifyIndex, the new schema version recorded.
TEST_F(StoreIndexTest, ReindexesADatabaseOfTheRowPerEntityLayout) {
  const std::string apt = Create(MakeEntity("threat_actor", "APT 31", {"Violet Typhoon"})).id();
  const std::string other = Create(MakeEntity("threat_actor", "Apt 31")).id();
  const std::vector<std::string> before = Lookup(core::KeyKind::kNormalized, "apt 31");
  ASSERT_THAT(before, ElementsAre(apt, other));
  EditRawDb([&](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    rocksdb::ColumnFamilyHandle* names = Handle(handles, ColumnFamilyId::kNames);
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.DeleteRange(names, std::string(), std::string(1, '\xff')).ok());
    for (const std::string& id : {apt, other}) {
      auto entity = testing::MakeEntity("threat_actor", id == apt ? "APT 31" : "Apt 31");
      if (id == apt) entity.add_aliases()->set_name("Violet Typhoon");
      entity.set_id(id);
      auto rows = NameRowsOf(entity, normalizer_);
      ASSERT_TRUE(rows.ok());
      for (const auto& [key, value] : *rows) ASSERT_TRUE(batch.Put(names, key, value).ok());
    }
    ASSERT_TRUE(batch.Put(Handle(handles, ColumnFamilyId::kMeta), EncodeMetaKey(MetaField::kSchemaVersion),
                          EncodeMetaValue(1))
                    .ok());
    ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &batch).ok());
  });
  OpenStore();
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "apt 31"), ElementsAre(apt, other));
  EXPECT_THAT(Lookup(core::KeyKind::kCompact, "violettyphoon"), ElementsAre(apt));
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
  EditRawDb([&](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), Handle(handles, ColumnFamilyId::kMeta),
                        EncodeMetaKey(MetaField::kSchemaVersion), &value)
                    .ok());
    EXPECT_EQ(*DecodeMetaValue(value), kSchemaVersion);
    // No row of the old layout is left: every key is a names key whose value is a posting list.
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), Handle(handles, ColumnFamilyId::kNames)));
    int lists = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++lists) {
      std::vector<IndexHit> hits;
      EXPECT_TRUE(DecodePostingList(it->value().ToString(), &hits).ok()) << it->key().ToString();
      EXPECT_EQ(it->key().ToString().back(), '\0');
    }
    EXPECT_GT(lists, 0);
  });
}

// A database written by a newer schema is refused, not misread.
TEST_F(StoreIndexTest, RefusesANewerSchema) {
  EditRawDb([](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), Handle(handles, ColumnFamilyId::kMeta),
                        EncodeMetaKey(MetaField::kSchemaVersion), EncodeMetaValue(kSchemaVersion + 1))
                    .ok());
  });
  auto reopened = RocksStore::Open(Options());
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(StoreIndexTest, ReindexesWhenNameKeysVersionChanges) {
  const std::string id = Create(MakeEntity("threat_actor", "APT 31", {"Violet Typhoon"})).id();
  const std::string other = Create(MakeEntity("person", "Zhao Guangzong")).id();
  ASSERT_TRUE(store_->DeleteEntity(other, 0).ok());
  EditRawDb([](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), Handle(handles, ColumnFamilyId::kMeta),
                        EncodeMetaKey(MetaField::kNameKeysVersion), EncodeMetaValue(core::kNameKeysVersion + 7))
                    .ok());
  });
  // The "new" normalizer upper-cases, so only a rebuilt index answers its keys.
  FakeNormalizer upper(/*upper=*/true);
  StoreOptions options = Options();
  options.normalizer = &upper;
  auto reopened = RocksStore::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = *std::move(reopened);
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "APT 31"), ElementsAre(id));
  EXPECT_THAT(Lookup(core::KeyKind::kCompact, "VIOLETTYPHOON"), ElementsAre(id));
  EXPECT_THAT(Lookup(core::KeyKind::kNormalized, "apt 31"), IsEmpty());
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
  EXPECT_EQ(*store_->CountEntities(), 1);

  EditRawDb([](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), Handle(handles, ColumnFamilyId::kMeta),
                        EncodeMetaKey(MetaField::kNameKeysVersion), &value)
                    .ok());
    EXPECT_EQ(*DecodeMetaValue(value), core::kNameKeysVersion);
  });
}

TEST_F(StoreIndexTest, ChangedNormalizerWithoutVersionBumpIsCaughtByVerify) {
  Create(MakeEntity("threat_actor", "APT 31"));
  ASSERT_TRUE(store_->Close().ok());
  FakeNormalizer upper(/*upper=*/true);
  StoreOptions options = Options();
  options.normalizer = &upper;
  auto reopened = RocksStore::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ((*reopened)->VerifyIndex().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace aka::storage

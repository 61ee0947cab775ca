// Store::UpsertEntities / ImportEntities (storage/rocks_store_bulk.cc): a bulk call leaves the database as
// the same single calls one by one would (entities, every index family row, history and change log, token
// statistics), sees its own earlier writes (an entity given twice), writes nothing when any entity fails and
// names it, and its changes can be undone one by one.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/change_log.h"
#include "storage/keys.h"
#include "storage/rocksdb_options.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using aka::v1::Entity;
using testing::MakeEntity;

Entity WithExternalId(Entity entity, const std::string& value) {
  (*entity.mutable_external_ids())["src"] = value;
  return entity;
}

// An entity as `aka export` writes it (its id absent from the database: created exactly as given).
Entity Exported(const std::string& id, const std::string& name) {
  Entity entity = MakeEntity("organization", name, {name + " Holdings"});
  entity.set_id(id);
  entity.set_version(3);
  entity.mutable_create_time()->set_seconds(1700000000);
  entity.mutable_update_time()->set_seconds(1700000500);
  entity.mutable_aliases(0)->mutable_added_time()->set_seconds(1700000100);
  return entity;
}

void ClearTimes(Entity* entity) {
  entity->clear_create_time();
  entity->clear_update_time();
  for (aka::v1::Alias& alias : *entity->mutable_aliases()) alias.clear_added_time();
}

// Everything a store holds, with the clock's readings taken out (the two stores write at other times).
struct Contents {
  std::vector<std::string> entities;
  std::vector<std::string> changes;
  // "family key = value" for every row of the families whose rows hold no time.
  std::vector<std::string> index_rows;
  uint64_t token_documents = 0;
};

class StoreBulkTest : public ::testing::Test {
 protected:
  std::unique_ptr<RocksStore> Open(const testing::TempDir& dir) {
    auto store = RocksStore::Open(Options(dir));
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  StoreOptions Options(const testing::TempDir& dir) const {
    StoreOptions options;
    options.path = dir.db_path();
    options.normalizer = &normalizer_;
    options.block_cache_bytes = 1 << 20;
    return options;
  }

  // Reads everything back; closes `store`.
  Contents Dump(const testing::TempDir& dir, std::unique_ptr<RocksStore> store) {
    Contents contents;
    auto page = store->ListEntities("", 1000, "");
    EXPECT_TRUE(page.ok()) << page.status();
    for (Entity entity : page->entities) {
      ClearTimes(&entity);
      contents.entities.push_back(SerializeEntityRecord(entity));
    }
    auto changes = store->ReadChanges(0, 1000);
    EXPECT_TRUE(changes.ok()) << changes.status();
    for (aka::v1::Change change : *changes) {
      change.clear_time();
      for (aka::v1::EntityChange& part : *change.mutable_entities()) {
        ClearTimes(part.mutable_before());
        ClearTimes(part.mutable_after());
      }
      contents.changes.push_back(change.SerializeAsString());
    }
    auto problems = store->FindIndexProblems();
    EXPECT_TRUE(problems.ok()) << problems.status();
    EXPECT_TRUE(problems->empty()) << problems->front();
    contents.token_documents = store->token_statistics()->DocumentCount();
    EXPECT_TRUE(store->Close().ok());
    store.reset();

    RocksDbConfig config = MakeRocksDbConfig(Options(dir));
    rocksdb::DB* raw = nullptr;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    const rocksdb::Status opened =
        rocksdb::DB::OpenForReadOnly(config.db_options, dir.db_path(), config.column_families, &handles, &raw);
    EXPECT_TRUE(opened.ok()) << opened.ToString();
    std::unique_ptr<rocksdb::DB> db(raw);
    for (ColumnFamilyId family :
         {ColumnFamilyId::kNames, ColumnFamilyId::kTokens, ColumnFamilyId::kFuzzy, ColumnFamilyId::kTokenStats,
          ColumnFamilyId::kExternalIds, ColumnFamilyId::kRedirects, ColumnFamilyId::kMeta}) {
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[static_cast<int>(family)]));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        // An empty posting list (names, fuzzy) is the same as no row until a compaction drops it
        // (name_postings.h); one-by-one writes can leave one where a bulk write's summed change never wrote.
        const bool posting_family = family == ColumnFamilyId::kNames || family == ColumnFamilyId::kFuzzy;
        if (posting_family && it->value() == rocksdb::Slice(&kKeyFormatVersion, 1)) continue;
        contents.index_rows.push_back(absl::StrCat(ColumnFamilyName(family), " ",
                                                   absl::CHexEscape(it->key().ToString()), " = ",
                                                   absl::CHexEscape(it->value().ToString())));
      }
      EXPECT_TRUE(it->status().ok()) << it->status().ToString();
    }
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
    return contents;
  }

  static void ExpectSameContents(const Contents& single, const Contents& bulk) {
    EXPECT_EQ(single.entities, bulk.entities);
    EXPECT_EQ(single.changes, bulk.changes);
    ASSERT_EQ(single.index_rows.size(), bulk.index_rows.size());
    for (size_t i = 0; i < single.index_rows.size(); ++i) EXPECT_EQ(single.index_rows[i], bulk.index_rows[i]);
    EXPECT_EQ(single.token_documents, bulk.token_documents);
  }

  // The same state in both stores before the call under test: entities to update, and a merge.
  static void Seed(RocksStore* store) {
    ASSERT_TRUE(store->UpsertEntity(WithExternalId(MakeEntity("organization", "Acme Trading", {"Acme"}), "a"), 0).ok());
    ASSERT_TRUE(store->UpsertEntity(WithExternalId(MakeEntity("organization", "Blue Harbor"), "b"), 0).ok());
    auto target = store->UpsertEntity(WithExternalId(MakeEntity("organization", "Cedar Group"), "c"), 0);
    auto source = store->UpsertEntity(WithExternalId(MakeEntity("organization", "Cedar Holdings"), "ch"), 0);
    ASSERT_TRUE(target.ok() && source.ok());
    ASSERT_TRUE(store->MergeEntities(target->entity.id(), {source->entity.id()}, 0, ChangeContext()).ok());
  }

  // Records that exercise every path: new, updated (by external id), unchanged, an entity twice, an exported id,
  // and two records of a merged-away entity.
  static std::vector<Entity> Records() {
    return {
        WithExternalId(MakeEntity("organization", "Delta Shipping", {"Delta Lines"}), "d"),
        WithExternalId(MakeEntity("organization", "Acme Trading", {"Acme", "Acme Trading Co"}), "a"),
        WithExternalId(MakeEntity("organization", "Blue Harbor"), "b"),
        WithExternalId(MakeEntity("organization", "Delta Shipping", {"Delta Maritime"}), "d"),
        Exported("E00000050", "Echo Foods"),
        WithExternalId(MakeEntity("organization", "Cedar Holdings", {"Cedar Holding Ltd"}), "ch"),
        WithExternalId(MakeEntity("organization", "Cedar Holdings", {"Cedar Holdings Intl"}), "ch"),
        MakeEntity("organization", "Foxtrot Mining", {"Foxtrot"}),
    };
  }

  // Two stores in the same seeded state: one written one by one, the other in bulk.
  void SetUp() override {
    single_ = Open(single_dir_);
    bulk_ = Open(bulk_dir_);
    ASSERT_TRUE(single_ != nullptr && bulk_ != nullptr);
    Seed(single_.get());
    Seed(bulk_.get());
  }

  void ExpectSameStores() {
    ExpectSameContents(Dump(single_dir_, std::move(single_)), Dump(bulk_dir_, std::move(bulk_)));
  }

  testing::FakeNormalizer normalizer_;
  testing::TempDir single_dir_, bulk_dir_;
  std::unique_ptr<RocksStore> single_, bulk_;
};

TEST_F(StoreBulkTest, ImportEntitiesEqualsImportingOneByOne) {
  const ChangeContext context{"importer", "nightly"};
  std::vector<WriteResult> one_by_one;
  for (const Entity& record : Records()) {
    auto written = single_->ImportEntity(record, context);
    ASSERT_TRUE(written.ok()) << written.status();
    one_by_one.push_back(*written);
  }
  auto written = bulk_->ImportEntities(Records(), context);
  ASSERT_TRUE(written.ok()) << written.status();
  ASSERT_EQ(written->size(), one_by_one.size());
  for (size_t i = 0; i < one_by_one.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ((*written)[i].created, one_by_one[i].created);
    EXPECT_EQ((*written)[i].unchanged, one_by_one[i].unchanged);
    EXPECT_EQ((*written)[i].sequence, one_by_one[i].sequence);
    EXPECT_EQ((*written)[i].redirected_from, one_by_one[i].redirected_from);
    EXPECT_EQ((*written)[i].entity.id(), one_by_one[i].entity.id());
    EXPECT_EQ((*written)[i].entity.version(), one_by_one[i].entity.version());
  }
  // The paths the records were meant to take.
  EXPECT_TRUE(one_by_one[2].unchanged);
  EXPECT_EQ(one_by_one[3].entity.version(), 2);
  EXPECT_FALSE(one_by_one[5].redirected_from.empty());
  EXPECT_EQ(one_by_one[6].entity.id(), one_by_one[5].entity.id());
  ExpectSameStores();
}

TEST_F(StoreBulkTest, UpsertEntitiesEqualsUpsertingOneByOne) {
  std::vector<Entity> records = Records();
  records.erase(records.begin() + 4);  // An exported id is an update of an absent entity to UpsertEntity.
  for (const Entity& record : records) ASSERT_TRUE(single_->UpsertEntity(record, 0).ok());
  auto written = bulk_->UpsertEntities(records, ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->size(), records.size());
  ExpectSameStores();
}

class StoreBulkFailureTest : public testing::StoreTestBase {};

TEST_F(StoreBulkFailureTest, EntityGivenTwiceIsUpdatedByItsSecondRecord) {
  auto written = store_->UpsertEntities({WithExternalId(MakeEntity("organization", "Acme"), "a"),
                                         WithExternalId(MakeEntity("organization", "Acme", {"Acme Co"}), "a")},
                                        ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  ASSERT_EQ(written->size(), 2u);
  EXPECT_TRUE((*written)[0].created);
  EXPECT_FALSE((*written)[1].created);
  EXPECT_EQ((*written)[1].entity.id(), (*written)[0].entity.id());
  EXPECT_EQ((*written)[1].entity.version(), 2);
  EXPECT_EQ((*written)[1].sequence, (*written)[0].sequence + 1);
  EXPECT_EQ(*store_->CountEntities(), 1);
  EXPECT_EQ(Lookup(core::KeyKind::kNormalized, "acme co"), std::vector<std::string>{(*written)[0].entity.id()});
  auto history = store_->GetHistory((*written)[0].entity.id(), 0, 10);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(history->size(), 2u);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreBulkFailureTest, InvalidEntityFailsTheWholeCallNamingIt) {
  Entity bad = MakeEntity("organization", "Bravo");
  bad.add_aliases()->set_name("");
  auto written = store_->UpsertEntities({MakeEntity("organization", "Alpha"), bad}, ChangeContext());
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(written.status().message().find("entity 1 (\"Bravo\"): "), std::string::npos) << written.status();
  EXPECT_EQ(*store_->CountEntities(), 0);
  EXPECT_EQ(*store_->LastSequence(), 0);
}

TEST_F(StoreBulkFailureTest, StoreRefusalLateInTheCallWritesNothing) {
  Create(WithExternalId(MakeEntity("organization", "Alpha"), "a"));
  Create(WithExternalId(MakeEntity("organization", "Bravo"), "b"));
  Entity both = MakeEntity("organization", "Charlie");
  (*both.mutable_external_ids())["src"] = "a";
  (*both.mutable_external_ids())["other"] = "x";
  Entity held = WithExternalId(MakeEntity("organization", "Delta"), "d");
  (*held.mutable_external_ids())["other"] = "x";
  // The first record creates Delta holding other=x; the second names Alpha (src=a) and Delta (other=x).
  auto written = store_->UpsertEntities({held, MakeEntity("organization", "Echo"), both}, ChangeContext());
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.status().code(), absl::StatusCode::kAlreadyExists) << written.status();
  EXPECT_NE(written.status().message().find("entity 2 (\"Charlie\"): "), std::string::npos) << written.status();
  EXPECT_EQ(*store_->CountEntities(), 2);
  EXPECT_EQ(*store_->LastSequence(), 2);
  EXPECT_TRUE(Lookup(core::KeyKind::kNormalized, "delta").empty());
  EXPECT_EQ(store_->token_statistics()->Count("delta"), 0u);
  // The counters went back: the next entity gets the next id and sequence as if the call never happened.
  auto next = store_->UpsertEntity(MakeEntity("organization", "Foxtrot"), 0);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->entity.id(), FormatEntityId(3));
  EXPECT_EQ(next->sequence, 3);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreBulkFailureTest, BulkChangesAreUndoneOneByOne) {
  auto written = store_->ImportEntities({WithExternalId(MakeEntity("organization", "Alpha"), "a"),
                                         WithExternalId(MakeEntity("organization", "Bravo", {"Bravo Ltd"}), "b"),
                                         WithExternalId(MakeEntity("organization", "Alpha", {"Alpha Inc"}), "a")},
                                        ChangeContext());
  ASSERT_TRUE(written.ok()) << written.status();
  // Undo the last change first (Alpha's update), then Bravo's creation.
  ASSERT_TRUE(store_->Undo((*written)[2].sequence, ChangeContext()).ok());
  auto alpha = store_->GetEntity((*written)[0].entity.id());
  ASSERT_TRUE(alpha.ok()) << alpha.status();
  EXPECT_EQ(alpha->version(), 1);
  EXPECT_EQ(alpha->aliases_size(), 0);
  ASSERT_TRUE(store_->Undo((*written)[1].sequence, ChangeContext()).ok());
  EXPECT_TRUE(absl::IsNotFound(store_->GetEntity((*written)[1].entity.id()).status()));
  EXPECT_TRUE(Lookup(core::KeyKind::kNormalized, "bravo ltd").empty());
  EXPECT_EQ(*store_->CountEntities(), 1);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
}

TEST_F(StoreBulkFailureTest, EmptyAndUnchangedCallsWriteNothing) {
  auto empty = store_->UpsertEntities({}, ChangeContext());
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->empty());
  const Entity alpha = Create(WithExternalId(MakeEntity("organization", "Alpha"), "a"));
  auto again = store_->UpsertEntities({WithExternalId(MakeEntity("organization", "Alpha"), "a")}, ChangeContext());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE((*again)[0].unchanged);
  EXPECT_EQ(*store_->LastSequence(), 1);
}

}  // namespace
}  // namespace aka::storage

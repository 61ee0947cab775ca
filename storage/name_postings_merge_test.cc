// The names merge operator and empty-list filter in a real RocksDB: operands folded at read time, through
// flushes and compactions (where RocksDB may combine operands without the list), and empty lists dropped.
#include "storage/name_postings_merge.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/name_postings.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class NamePostingsMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.merge_operator = NewNamePostingsMergeOperator();
    options.compaction_filter = EmptyNamePostingsFilter();
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir_.db_path(), &db).ok());
    db_.reset(db);
  }

  void Add(const std::string& key, const std::string& id, int32_t alias_index, const std::string& name) {
    PostingDelta delta;
    delta[id] = NameRowValue{alias_index, name};
    ASSERT_TRUE(db_->Merge(rocksdb::WriteOptions(), key, EncodePostingDelta(delta)).ok());
  }
  void Remove(const std::string& key, const std::string& id) {
    PostingDelta delta;
    delta[id] = std::nullopt;
    ASSERT_TRUE(db_->Merge(rocksdb::WriteOptions(), key, EncodePostingDelta(delta)).ok());
  }
  // "id:name" per entry, in list order; empty if the key is absent.
  std::vector<std::string> Read(const std::string& key) {
    std::string value;
    const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
    if (s.IsNotFound()) return {};
    EXPECT_TRUE(s.ok()) << s.ToString();
    std::vector<IndexHit> hits;
    EXPECT_TRUE(DecodePostingList(value, &hits).ok());
    std::vector<std::string> out;
    for (const IndexHit& hit : hits) out.push_back(hit.entity_id + ":" + hit.name);
    return out;
  }
  void CompactAll() {
    ASSERT_TRUE(db_->Flush(rocksdb::FlushOptions()).ok());
    ASSERT_TRUE(db_->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<rocksdb::DB> db_;
};

TEST_F(NamePostingsMergeTest, AddRemoveReAddInIdOrder) {
  Add("k", "E3", -1, "c");
  Add("k", "E1", -1, "a");
  Add("k", "E2", 0, "b");
  EXPECT_THAT(Read("k"), ElementsAre("E1:a", "E2:b", "E3:c"));
  Remove("k", "E2");
  EXPECT_THAT(Read("k"), ElementsAre("E1:a", "E3:c"));
  Add("k", "E2", 1, "b again");
  Add("k", "E1", 2, "a renamed");  // A second put of an entity replaces its entry.
  EXPECT_THAT(Read("k"), ElementsAre("E1:a renamed", "E2:b again", "E3:c"));
}

TEST_F(NamePostingsMergeTest, OperandsSpreadOverFlushesAndCompactionsMergeAlike) {
  Add("k", "E1", -1, "a");
  Add("k", "E2", -1, "b");
  ASSERT_TRUE(db_->Flush(rocksdb::FlushOptions()).ok());  // The list's base in one file...
  Remove("k", "E1");
  Add("k", "E3", -1, "c");
  ASSERT_TRUE(db_->Flush(rocksdb::FlushOptions()).ok());  // ...operands in another...
  Add("k", "E1", -1, "a2");                                // ...and in the memtable.
  EXPECT_THAT(Read("k"), ElementsAre("E1:a2", "E2:b", "E3:c"));
  CompactAll();
  EXPECT_THAT(Read("k"), ElementsAre("E1:a2", "E2:b", "E3:c"));
}

TEST_F(NamePostingsMergeTest, PartialMergeKeepsRemovalsForTheBaseBelow) {
  Add("k", "E1", -1, "a");
  Add("k", "E2", -1, "b");
  CompactAll();  // The list is now a value at the bottom.
  // Two operands only, combined by PartialMerge when RocksDB has no base at hand.
  const auto* op = db_->GetOptions().merge_operator.get();
  std::string combined;
  PostingDelta remove_e1, add_e3;
  remove_e1["E1"] = std::nullopt;
  add_e3["E3"] = NameRowValue{-1, "c"};
  const std::string left = EncodePostingDelta(remove_e1), right = EncodePostingDelta(add_e3);
  ASSERT_TRUE(op->PartialMerge("k", left, right, &combined, nullptr));
  ASSERT_TRUE(db_->Merge(rocksdb::WriteOptions(), "k", combined).ok());
  EXPECT_THAT(Read("k"), ElementsAre("E2:b", "E3:c"));
}

TEST_F(NamePostingsMergeTest, EmptiedListDisappearsOnCompaction) {
  Add("k", "E1", -1, "a");
  Add("other", "E1", -1, "x");
  CompactAll();
  Remove("k", "E1");
  EXPECT_THAT(Read("k"), IsEmpty());
  CompactAll();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  std::vector<std::string> keys;
  for (it->SeekToFirst(); it->Valid(); it->Next()) keys.push_back(it->key().ToString());
  EXPECT_THAT(keys, ElementsAre("other"));
}

TEST_F(NamePostingsMergeTest, CorruptOperandFailsTheReadAsCorruption) {
  Add("k", "E1", -1, "a");
  ASSERT_TRUE(db_->Merge(rocksdb::WriteOptions(), "k", "garbage").ok());
  std::string value;
  EXPECT_TRUE(db_->Get(rocksdb::ReadOptions(), "k", &value).IsCorruption());
}

}  // namespace
}  // namespace aka::storage

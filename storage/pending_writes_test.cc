// PendingWrites: staged batches are read back by key and built into one batch that equals applying them in
// order, sorted by family and key.
#include "storage/pending_writes.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/merge_operator.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

// Concatenates operands with ',' (the order of merges shows in the value).
class AppendOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value, std::string* out,
             rocksdb::Logger*) const override {
    *out = existing == nullptr ? value.ToString() : absl::StrCat(existing->ToString(), ",", value.ToString());
    return true;
  }
  const char* Name() const override { return "AppendOperator"; }
};

// A database with the default family and "rows", and a merge operator on both.
class PendingWritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.merge_operator = std::make_shared<AppendOperator>();
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir_.db_path(), &raw).ok());
    db_.reset(raw);
    rocksdb::ColumnFamilyHandle* rows = nullptr;
    ASSERT_TRUE(db_->CreateColumnFamily(options, "rows", &rows).ok());
    rows_.reset(rows);
  }

  void TearDown() override {
    rows_.reset();
    db_.reset();
  }

  std::vector<rocksdb::ColumnFamilyHandle*> Families() const { return {db_->DefaultColumnFamily(), rows_.get()}; }

  // "key=value" per key of `family`, in key order.
  std::vector<std::string> Rows(rocksdb::ColumnFamilyHandle* family) const {
    std::vector<std::string> rows;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), family));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      rows.push_back(absl::StrCat(it->key().ToString(), "=", it->value().ToString()));
    EXPECT_TRUE(it->status().ok());
    return rows;
  }

  // Operations of `batch` as "family:kind:key", in batch order.
  static std::vector<std::string> Operations(const rocksdb::WriteBatch& batch) {
    struct Lister : rocksdb::WriteBatch::Handler {
      rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key, const rocksdb::Slice&) override {
        listed.push_back(absl::StrCat(family, ":put:", key.ToString()));
        return rocksdb::Status::OK();
      }
      rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
        listed.push_back(absl::StrCat(family, ":delete:", key.ToString()));
        return rocksdb::Status::OK();
      }
      rocksdb::Status MergeCF(uint32_t family, const rocksdb::Slice& key, const rocksdb::Slice&) override {
        listed.push_back(absl::StrCat(family, ":merge:", key.ToString()));
        return rocksdb::Status::OK();
      }
      std::vector<std::string> listed;
    } lister;
    EXPECT_TRUE(batch.Iterate(&lister).ok());
    return lister.listed;
  }

  testing::TempDir dir_;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> rows_;
};

TEST_F(PendingWritesTest, BuiltBatchEqualsTheStagedBatchesAppliedInOrder) {
  rocksdb::WriteBatch first, second;
  ASSERT_TRUE(first.Put(rows_.get(), "k2", "a").ok());
  ASSERT_TRUE(first.Merge(rows_.get(), "k3", "m1").ok());
  ASSERT_TRUE(first.Put(db_->DefaultColumnFamily(), "meta", "1").ok());
  ASSERT_TRUE(first.Put(rows_.get(), "k1", "gone").ok());
  ASSERT_TRUE(second.Delete(rows_.get(), "k1").ok());
  ASSERT_TRUE(second.Merge(rows_.get(), "k2", "b").ok());
  ASSERT_TRUE(second.Put(db_->DefaultColumnFamily(), "meta", "2").ok());
  ASSERT_TRUE(second.Merge(rows_.get(), "k3", "m2").ok());

  PendingWrites pending(Families(), {});
  ASSERT_TRUE(pending.Stage(first).ok());
  ASSERT_TRUE(pending.Stage(second).ok());
  EXPECT_EQ(pending.size(), 8u);
  rocksdb::WriteBatch built;
  ASSERT_TRUE(pending.Build(&built).ok());
  // Sorted by family then key; the put of meta "1" and the put of k1 are superseded; merges keep their order.
  EXPECT_EQ(Operations(built), (std::vector<std::string>{"0:put:meta", "1:delete:k1", "1:put:k2", "1:merge:k2",
                                                         "1:merge:k3", "1:merge:k3"}));
  // What applying `first` then `second` gives.
  ASSERT_TRUE(db_->Write(rocksdb::WriteOptions(), &built).ok());
  EXPECT_EQ(Rows(rows_.get()), (std::vector<std::string>{"k2=a,b", "k3=m1,m2"}));
  EXPECT_EQ(Rows(db_->DefaultColumnFamily()), (std::vector<std::string>{"meta=2"}));
}

TEST_F(PendingWritesTest, FindAnswersReadBackFamiliesOnly) {
  PendingWrites pending(Families(), {rows_->GetID()});
  rocksdb::WriteBatch batch;
  ASSERT_TRUE(batch.Put(rows_.get(), "kept", "v1").ok());
  ASSERT_TRUE(batch.Put(rows_.get(), "dropped", "v").ok());
  ASSERT_TRUE(batch.Delete(rows_.get(), "dropped").ok());
  ASSERT_TRUE(batch.Put(rows_.get(), "kept", "v2").ok());
  ASSERT_TRUE(batch.Put(db_->DefaultColumnFamily(), "elsewhere", "v").ok());
  ASSERT_TRUE(pending.Stage(batch).ok());
  const std::optional<std::string>* kept = pending.Find(rows_->GetID(), "kept");
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(*kept, std::optional<std::string>("v2"));
  const std::optional<std::string>* dropped = pending.Find(rows_->GetID(), "dropped");
  ASSERT_NE(dropped, nullptr);
  EXPECT_FALSE(dropped->has_value());
  EXPECT_EQ(pending.Find(rows_->GetID(), "untouched"), nullptr);
  EXPECT_EQ(pending.Find(db_->DefaultColumnFamily()->GetID(), "elsewhere"), nullptr);
}

TEST_F(PendingWritesTest, RefusesWhatItCannotReadBackOrWrite) {
  PendingWrites read_back(Families(), {rows_->GetID()});
  rocksdb::WriteBatch merge;
  ASSERT_TRUE(merge.Merge(rows_.get(), "k", "m").ok());
  EXPECT_EQ(read_back.Stage(merge).code(), absl::StatusCode::kInternal);

  PendingWrites default_only({db_->DefaultColumnFamily()}, {});
  rocksdb::WriteBatch other_family;
  ASSERT_TRUE(other_family.Put(rows_.get(), "k", "v").ok());
  EXPECT_EQ(default_only.Stage(other_family).code(), absl::StatusCode::kInternal);

  PendingWrites any(Families(), {});
  rocksdb::WriteBatch single_delete;
  ASSERT_TRUE(single_delete.SingleDelete(rows_.get(), "k").ok());
  EXPECT_EQ(any.Stage(single_delete).code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace aka::storage

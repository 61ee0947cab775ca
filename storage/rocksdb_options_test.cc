// MakeRocksDbConfig: the names family is set up for point lookups of posting lists (merge operator, empty-list
// filter, whole-key blooms in tables and memtable, no prefix extractor), and so is fuzzy.
#include "storage/rocksdb_options.h"

#include <string>

#include "gtest/gtest.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/table.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

const rocksdb::BlockBasedTableOptions& TableOptions(const rocksdb::ColumnFamilyOptions& family) {
  return *family.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
}

TEST(RocksDbOptionsTest, NamesAreReadByPointLookups) {
  testing::FakeNormalizer normalizer;
  StoreOptions options;
  options.path = "/unused";
  options.normalizer = &normalizer;
  const RocksDbConfig config = MakeRocksDbConfig(options);
  const rocksdb::ColumnFamilyOptions& names =
      config.column_families[static_cast<int>(ColumnFamilyId::kNames)].options;
  ASSERT_NE(names.merge_operator, nullptr);
  EXPECT_STREQ(names.merge_operator->Name(), "aka.NamePostings.1");
  ASSERT_NE(names.compaction_filter, nullptr);
  EXPECT_EQ(names.prefix_extractor, nullptr);
  EXPECT_TRUE(names.memtable_whole_key_filtering);
  EXPECT_TRUE(TableOptions(names).whole_key_filtering);
  EXPECT_NE(TableOptions(names).filter_policy, nullptr);
  // fuzzy holds posting lists too (of tokens), read the same way.
  const rocksdb::ColumnFamilyOptions& fuzzy =
      config.column_families[static_cast<int>(ColumnFamilyId::kFuzzy)].options;
  ASSERT_NE(fuzzy.merge_operator, nullptr);
  EXPECT_STREQ(fuzzy.merge_operator->Name(), "aka.NamePostings.1");
  EXPECT_NE(fuzzy.compaction_filter, nullptr);
  EXPECT_EQ(fuzzy.prefix_extractor, nullptr);
  EXPECT_TRUE(TableOptions(fuzzy).whole_key_filtering);
  // tokens is still read by prefix.
  const rocksdb::ColumnFamilyOptions& tokens =
      config.column_families[static_cast<int>(ColumnFamilyId::kTokens)].options;
  EXPECT_NE(tokens.prefix_extractor, nullptr);
  EXPECT_EQ(tokens.merge_operator, nullptr);
}

}  // namespace
}  // namespace aka::storage

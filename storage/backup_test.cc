// Backups: a backup taken while the store is open restores into a fresh directory with every entity, the
// change log and the sequence intact and a clean index; verification catches a damaged backup file.
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "storage/backup.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using testing::MakeEntity;

class BackupTest : public testing::StoreTestBase {
 protected:
  std::string backup_dir() const { return dir_.path() + "/backups"; }
};

TEST_F(BackupTest, RestoreGivesTheStateAtBackupTime) {
  const aka::v1::Entity apt31 = Create(MakeEntity("threat_actor", "APT31", {"Zirconium"}));
  const aka::v1::Entity source = Create(MakeEntity("threat_actor", "Violet Typhoon"));
  ASSERT_TRUE(store_->MergeEntities(apt31.id(), {source.id()}, 0, ChangeContext()).ok());
  auto backup = store_->CreateBackup(backup_dir());
  ASSERT_TRUE(backup.ok()) << backup.status();
  EXPECT_EQ(backup->last_sequence, 3);
  EXPECT_GT(backup->files, 0u);
  // A change after the backup is not in it.
  Create(MakeEntity("threat_actor", "APT41"));
  ASSERT_TRUE(VerifyBackups(backup_dir()).ok()) << VerifyBackups(backup_dir());
  auto listed = ListBackups(backup_dir());
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].last_sequence, 3);

  const std::string restored_path = dir_.path() + "/restored";
  ASSERT_TRUE(RestoreLatestBackup(backup_dir(), restored_path).ok());
  StoreOptions options = Options();
  options.path = restored_path;
  auto restored = RocksStore::Open(options);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_TRUE((*restored)->VerifyIndex().ok()) << (*restored)->VerifyIndex();
  EXPECT_EQ(*(*restored)->CountEntities(), 1);
  EXPECT_EQ(*(*restored)->LastSequence(), 3);
  auto redirected = (*restored)->GetEntityFollowingRedirects(source.id());
  ASSERT_TRUE(redirected.ok()) << redirected.status();
  EXPECT_EQ(redirected->entity.id(), apt31.id());
  // The restored store continues the log and the ids where the backup left them.
  auto next = (*restored)->UpsertEntity(MakeEntity("threat_actor", "APT28"), 0);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->sequence, 4);
  EXPECT_NE(next->entity.id(), source.id());
}

TEST_F(BackupTest, VerifyFindsADamagedFileAndEmptyDirectories) {
  Create(MakeEntity("threat_actor", "APT31"));
  ASSERT_TRUE(store_->CreateBackup(backup_dir()).ok());
  // Flip bytes in the largest backed-up file (same size, different content: only a checksum notices).
  std::filesystem::path largest;
  uintmax_t largest_size = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(backup_dir())) {
    if (!entry.is_regular_file() || entry.path().string().find("meta") != std::string::npos) continue;
    if (entry.file_size() > largest_size) {
      largest = entry.path();
      largest_size = entry.file_size();
    }
  }
  ASSERT_GT(largest_size, 16u);
  {
    std::fstream file(largest, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(largest_size / 2));
    file.write("\xde\xad\xbe\xef", 4);
  }
  EXPECT_EQ(VerifyBackups(backup_dir()).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyBackups(dir_.path() + "/none").code(), absl::StatusCode::kNotFound);
}

TEST_F(BackupTest, StagedRestoreOfAChosenBackupIsAppliedOnceBeforeOpening) {
  Create(MakeEntity("threat_actor", "APT31"));
  auto first = store_->CreateBackup(backup_dir());
  ASSERT_TRUE(first.ok()) << first.status();
  Create(MakeEntity("threat_actor", "APT41"));
  auto second = store_->CreateBackup(backup_dir());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_GT(second->backup_id, first->backup_id);

  EXPECT_EQ(StageRestore(backup_dir(), 99, Options().path).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(StagedRestorePath(Options().path)));
  auto staged = StageRestore(backup_dir(), first->backup_id, Options().path);
  ASSERT_TRUE(staged.ok()) << staged.status();
  EXPECT_EQ(staged->backup_id, first->backup_id);
  EXPECT_EQ(StageRestore(backup_dir(), 0, dir_.path() + "/other")->backup_id, second->backup_id);

  // Staging changes nothing until the next open; then the database is the first backup's.
  EXPECT_EQ(*store_->CountEntities(), 2);
  store_.reset();
  auto applied = ApplyStagedRestore(Options().path);
  ASSERT_TRUE(applied.ok()) << applied.status();
  ASSERT_TRUE(applied->has_value());
  EXPECT_EQ((*applied)->backup_id, first->backup_id);
  EXPECT_FALSE(std::filesystem::exists(StagedRestorePath(Options().path)));
  OpenStore();
  EXPECT_EQ(*store_->CountEntities(), 1);
  EXPECT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
  store_.reset();
  // Nothing staged any more: the next open keeps the database as it is.
  auto nothing = ApplyStagedRestore(Options().path);
  ASSERT_TRUE(nothing.ok()) << nothing.status();
  EXPECT_FALSE(nothing->has_value());
  OpenStore();
}

}  // namespace
}  // namespace aka::storage

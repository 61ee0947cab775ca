#include "storage/backup.h"

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"
#include "storage/rocks_store.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {
namespace {

rocksdb::BackupEngineOptions EngineOptions(const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  // Table files are immutable: sharing them by name and checksum makes every backup after the first cost
  // only what changed.
  options.share_table_files = true;
  options.share_files_with_checksum = true;
  // The machine is shared with the server: copy with few threads.
  options.max_background_operations = 1;
  return options;
}

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> OpenReadOnly(const std::string& backup_dir) {
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  const rocksdb::IOStatus opened =
      rocksdb::BackupEngineReadOnly::Open(EngineOptions(backup_dir), rocksdb::Env::Default(), &raw);
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  RETURN_IF_ERROR(FromRocksDbStatus(opened, absl::StrCat("opening backups in ", backup_dir)));
  return engine;
}

BackupDescription Describe(const rocksdb::BackupInfo& info) {
  BackupDescription description;
  description.backup_id = info.backup_id;
  description.time_seconds = info.timestamp;
  description.size_bytes = info.size;
  description.files = info.number_files;
  // Written by CreateBackup; a backup made by another tool has none and reports 0.
  if (!absl::SimpleAtoi(info.app_metadata, &description.last_sequence)) description.last_sequence = 0;
  return description;
}

}  // namespace

absl::StatusOr<BackupDescription> RocksStore::CreateBackup(const std::string& backup_dir) {
  // The sequence is read before the backup starts, so the backup holds at least that change (writes may
  // continue and the backup may hold a few more: the feed resumes from here without a gap).
  ASSIGN_OR_RETURN(const int64_t last_sequence, LastSequence());
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  rocksdb::BackupEngine* raw = nullptr;
  const rocksdb::IOStatus opened = rocksdb::BackupEngine::Open(EngineOptions(backup_dir), db_->GetEnv(), &raw);
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  RETURN_IF_ERROR(FromRocksDbStatus(opened, absl::StrCat("opening backups in ", backup_dir)));
  rocksdb::CreateBackupOptions options;
  // Not flushing copies the WAL instead: a flush per column family at different moments could capture one
  // family after a batch and another before it, while WAL replay restores whole batches only.
  options.flush_before_backup = false;
  rocksdb::BackupID id = 0;
  RETURN_IF_ERROR(FromRocksDbStatus(
      engine->CreateNewBackupWithMetadata(options, db_.get(), absl::StrCat(last_sequence), &id),
      absl::StrCat("backing up into ", backup_dir)));
  rocksdb::BackupInfo info;
  RETURN_IF_ERROR(FromRocksDbStatus(engine->GetBackupInfo(id, &info), "reading the new backup's description"));
  return Describe(info);
}

absl::StatusOr<std::vector<BackupDescription>> ListBackups(const std::string& backup_dir) {
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> engine, OpenReadOnly(backup_dir));
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) return absl::NotFoundError(absl::StrCat("no backup in ", backup_dir));
  std::vector<BackupDescription> descriptions;
  for (const rocksdb::BackupInfo& info : infos) descriptions.push_back(Describe(info));
  return descriptions;
}

absl::Status VerifyBackups(const std::string& backup_dir) {
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> engine, OpenReadOnly(backup_dir));
  std::vector<rocksdb::BackupID> corrupt;
  engine->GetCorruptedBackups(&corrupt);
  if (!corrupt.empty()) {
    return absl::DataLossError(absl::StrCat("backup ", corrupt.front(), " in ", backup_dir, " is corrupt"));
  }
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) return absl::NotFoundError(absl::StrCat("no backup in ", backup_dir));
  for (const rocksdb::BackupInfo& info : infos) {
    const rocksdb::IOStatus verified = engine->VerifyBackup(info.backup_id, /*verify_with_checksum=*/true);
    if (!verified.ok()) {
      return absl::DataLossError(
          absl::StrCat("backup ", info.backup_id, " in ", backup_dir, ": ", verified.ToString()));
    }
  }
  return absl::OkStatus();
}

absl::Status RestoreLatestBackup(const std::string& backup_dir, const std::string& db_path) {
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> engine, OpenReadOnly(backup_dir));
  return FromRocksDbStatus(engine->RestoreDBFromLatestBackup(db_path, db_path),
                           absl::StrCat("restoring ", backup_dir, " into ", db_path));
}

}  // namespace aka::storage

#include "storage/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

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

// Backup `backup_id` of `backup_dir`, or its newest for 0. NOT_FOUND if absent.
absl::StatusOr<BackupDescription> FindBackup(const std::string& backup_dir, uint32_t backup_id) {
  ASSIGN_OR_RETURN(const std::vector<BackupDescription> backups, ListBackups(backup_dir));
  if (backup_id == 0) return backups.back();
  for (const BackupDescription& backup : backups) {
    if (backup.backup_id == backup_id) return backup;
  }
  return absl::NotFoundError(absl::StrCat("backup_id: no backup ", backup_id, " in ", backup_dir));
}

// Writes `contents` to a temporary file, fsyncs it and renames it over `path`: readers see all or nothing.
absl::Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat("creating ", tmp));
  const bool written = ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()) &&
                       ::fsync(fd) == 0;
  const int write_errno = errno;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    return absl::ErrnoToStatus(write_errno, absl::StrCat("writing ", tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("renaming ", tmp, " to ", path));
  }
  return absl::OkStatus();
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
  return RestoreBackup(backup_dir, 0, db_path);
}

absl::Status RestoreBackup(const std::string& backup_dir, uint32_t backup_id, const std::string& db_path) {
  ASSIGN_OR_RETURN(const BackupDescription backup, FindBackup(backup_dir, backup_id));
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> engine, OpenReadOnly(backup_dir));
  return FromRocksDbStatus(engine->RestoreDBFromBackup(backup.backup_id, db_path, db_path),
                           absl::StrCat("restoring backup ", backup.backup_id, " of ", backup_dir, " into ", db_path));
}

std::string StagedRestorePath(const std::string& db_path) {
  std::string path = db_path;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path + ".restore";
}

absl::StatusOr<BackupDescription> StageRestore(const std::string& backup_dir, uint32_t backup_id,
                                               const std::string& db_path) {
  ASSIGN_OR_RETURN(const BackupDescription backup, FindBackup(backup_dir, backup_id));
  {
    ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> engine, OpenReadOnly(backup_dir));
    const rocksdb::IOStatus verified = engine->VerifyBackup(backup.backup_id, /*verify_with_checksum=*/true);
    if (!verified.ok()) {
      return absl::DataLossError(
          absl::StrCat("backup ", backup.backup_id, " in ", backup_dir, ": ", verified.ToString()));
    }
  }
  RETURN_IF_ERROR(WriteFileAtomically(StagedRestorePath(db_path), absl::StrCat(backup.backup_id, "\n", backup_dir)));
  return backup;
}

absl::StatusOr<std::optional<BackupDescription>> ApplyStagedRestore(const std::string& db_path) {
  const std::string staged_path = StagedRestorePath(db_path);
  std::ifstream staged(staged_path);
  if (!staged.is_open()) return std::optional<BackupDescription>();
  std::string id_line, backup_dir;
  uint32_t backup_id = 0;
  if (!std::getline(staged, id_line) || !std::getline(staged, backup_dir) || !absl::SimpleAtoi(id_line, &backup_id) ||
      backup_dir.empty()) {
    return absl::DataLossError(absl::StrCat(staged_path, ": not a staged restore (\"ID\\nBACKUP_DIR\")"));
  }
  ASSIGN_OR_RETURN(const BackupDescription backup, FindBackup(backup_dir, backup_id));
  RETURN_IF_ERROR(RestoreBackup(backup_dir, backup_id, db_path));
  if (std::remove(staged_path.c_str()) != 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("removing ", staged_path, " after restoring it"));
  }
  return std::optional<BackupDescription>(backup);
}

}  // namespace aka::storage

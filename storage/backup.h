// Backups of the registry's database through RocksDB's BackupEngine: incremental (a backup directory shares
// unchanged table files between backups), checksummed, and consistent across column families (the WAL is
// copied with the table files, so a restored database recovers to one point in the commit order, never to
// half of a change). RocksStore::CreateBackup makes one from an open store; RestoreLatestBackup and
// VerifyBackups work on directories and need no open store.
#ifndef AKA_STORAGE_BACKUP_H_
#define AKA_STORAGE_BACKUP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace aka::storage {

struct BackupDescription {
  uint32_t backup_id = 0;
  // When it was made (seconds since the Unix epoch).
  int64_t time_seconds = 0;
  uint64_t size_bytes = 0;
  uint32_t files = 0;
  // The change-log sequence the backup was taken after (its last change), for matching a backup to the feed.
  int64_t last_sequence = 0;
};

// Every intact backup in `backup_dir`, oldest first. NOT_FOUND if the directory holds no backup.
absl::StatusOr<std::vector<BackupDescription>> ListBackups(const std::string& backup_dir);

// Checks every backup's files against the sizes and checksums recorded when it was made. OK, or DATA_LOSS
// naming the first bad backup. NOT_FOUND if there is none.
absl::Status VerifyBackups(const std::string& backup_dir);

// Restores the newest backup of `backup_dir` into `db_path`, which must not be open (akad stopped): its
// previous contents are replaced. Open it afterwards with Store::Open, and RocksStore::VerifyIndex to check.
absl::Status RestoreLatestBackup(const std::string& backup_dir, const std::string& db_path);

// Restores backup `backup_id` (0: the newest) of `backup_dir` into `db_path`, which must not be open.
// NOT_FOUND: no such backup.
absl::Status RestoreBackup(const std::string& backup_dir, uint32_t backup_id, const std::string& db_path);

// ---- staged restore: what the Admin.Restore RPC does while akad serves ----
// A restore cannot replace the database under a running server (open iterators, change-feed tails, cached
// counters), so it is staged: StageRestore checks the backup (it exists and its checksums match) and writes
// the file StagedRestorePath(db_path) naming it; the next start calls ApplyStagedRestore before opening the
// database. The file is written atomically (temporary file, fsync, rename); a later StageRestore replaces it.

// "<db_path>.restore": the staged-restore file beside the database directory.
std::string StagedRestorePath(const std::string& db_path);

// Checks backup `backup_id` (0: the newest) and stages it; returns its description. NOT_FOUND: no such
// backup; DATA_LOSS: it is corrupt.
absl::StatusOr<BackupDescription> StageRestore(const std::string& backup_dir, uint32_t backup_id,
                                               const std::string& db_path);

// If a restore is staged for `db_path` (which must not be open), restores it and removes the file; returns
// the backup restored, or nullopt when none was staged. On failure the file stays, so the next start tries
// again rather than serving the old database by surprise.
absl::StatusOr<std::optional<BackupDescription>> ApplyStagedRestore(const std::string& db_path);

}  // namespace aka::storage

#endif  // AKA_STORAGE_BACKUP_H_

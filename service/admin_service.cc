#include "service/admin_service.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "service/status_conversion.h"
#include "storage/backup.h"

namespace aka::service {
namespace {

void Describe(const storage::BackupDescription& backup, aka::v1::BackupInfo* info) {
  info->set_backup_id(backup.backup_id);
  info->mutable_create_time()->set_seconds(backup.time_seconds);
  info->set_size_bytes(backup.size_bytes);
  info->set_files(backup.files);
  info->set_last_sequence(backup.last_sequence);
}

}  // namespace

template <typename Work>
grpc::ServerUnaryReactor* AdminService::Run(grpc::CallbackServerContext* context, absl::string_view what,
                                            Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const bool accepted = RunOrSubmit(workers_, [reactor, work = std::move(work)]() mutable {
    reactor->Finish(ToGrpcStatus(work()));
  });
  if (!accepted) reactor->Finish(OverloadStatus(*workers_, what));
  return reactor;
}

absl::Status AdminService::RequireBackupDir() const {
  if (options_.backup_dir.empty()) {
    return absl::FailedPreconditionError("akad has no backup directory: start it with --backup_dir");
  }
  return absl::OkStatus();
}

absl::Status AdminService::DoBackup(aka::v1::BackupResponse* response) {
  RETURN_IF_ERROR(RequireBackupDir());
  absl::MutexLock lock(&backup_mu_);
  ASSIGN_OR_RETURN(const storage::BackupDescription backup, store_->CreateBackup(options_.backup_dir));
  Describe(backup, response->mutable_backup());
  return absl::OkStatus();
}

absl::Status AdminService::DoListBackups(aka::v1::ListBackupsResponse* response) const {
  RETURN_IF_ERROR(RequireBackupDir());
  absl::StatusOr<std::vector<storage::BackupDescription>> backups = storage::ListBackups(options_.backup_dir);
  if (absl::IsNotFound(backups.status())) return absl::OkStatus();  // No backup yet: an empty list.
  RETURN_IF_ERROR(backups.status());
  for (const storage::BackupDescription& backup : *backups) Describe(backup, response->add_backups());
  return absl::OkStatus();
}

absl::Status AdminService::DoRestore(const aka::v1::RestoreRequest& request, aka::v1::RestoreResponse* response) {
  RETURN_IF_ERROR(RequireBackupDir());
  absl::MutexLock lock(&backup_mu_);
  ASSIGN_OR_RETURN(const storage::BackupDescription backup,
                   storage::StageRestore(options_.backup_dir, request.backup_id(), options_.db_path));
  Describe(backup, response->mutable_backup());
  response->set_next_step(absl::StrCat("restart akad: backup ", backup.backup_id,
                                       " replaces the database before it opens (until then nothing changes)"));
  return absl::OkStatus();
}

absl::Status AdminService::DoVerify(const aka::v1::VerifyRequest& request, aka::v1::VerifyResponse* response) const {
  ASSIGN_OR_RETURN(const std::vector<std::string> problems, store_->FindIndexProblems());
  for (const std::string& problem : problems) response->add_problems(problem);
  ASSIGN_OR_RETURN(const int64_t entities, store_->CountEntities());
  response->set_entities(entities);
  if (request.backups()) {
    RETURN_IF_ERROR(RequireBackupDir());
    const absl::Status verified = storage::VerifyBackups(options_.backup_dir);
    if (absl::IsDataLoss(verified)) {
      response->add_problems(std::string(verified.message()));
    } else if (!absl::IsNotFound(verified)) {
      RETURN_IF_ERROR(verified);
      ASSIGN_OR_RETURN(const std::vector<storage::BackupDescription> backups,
                       storage::ListBackups(options_.backup_dir));
      response->set_backups_checked(static_cast<int32_t>(backups.size()));
    }
  }
  response->set_ok(response->problems().empty());
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* AdminService::Backup(grpc::CallbackServerContext* context,
                                               const aka::v1::BackupRequest* /*request*/,
                                               aka::v1::BackupResponse* response) {
  return Run(context, "Backup", [this, response] { return DoBackup(response); });
}

grpc::ServerUnaryReactor* AdminService::ListBackups(grpc::CallbackServerContext* context,
                                                    const aka::v1::ListBackupsRequest* /*request*/,
                                                    aka::v1::ListBackupsResponse* response) {
  return Run(context, "ListBackups", [this, response] { return DoListBackups(response); });
}

grpc::ServerUnaryReactor* AdminService::Restore(grpc::CallbackServerContext* context,
                                                const aka::v1::RestoreRequest* request,
                                                aka::v1::RestoreResponse* response) {
  return Run(context, "Restore", [this, request, response] { return DoRestore(*request, response); });
}

grpc::ServerUnaryReactor* AdminService::Verify(grpc::CallbackServerContext* context,
                                               const aka::v1::VerifyRequest* request,
                                               aka::v1::VerifyResponse* response) {
  return Run(context, "Verify", [this, request, response] { return DoVerify(*request, response); });
}

}  // namespace aka::service

// aka.v1.Admin: backups of the live database, a staged restore, and the consistency check (admin.proto,
// docs/CURATION.md "Backup, restore, verify"). Every handler's work runs on the server's worker pool: a
// backup copies files and a verify reads the whole index, neither may hold one of gRPC's callback threads.
#ifndef AKA_SERVICE_ADMIN_SERVICE_H_
#define AKA_SERVICE_ADMIN_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "aka/v1/admin.grpc.pb.h"
#include "service/worker_pool.h"
#include "storage/store.h"

namespace aka::service {

struct AdminOptions {
  // Where backups go (akad --backup_dir). Empty: Backup, ListBackups and Restore answer FAILED_PRECONDITION.
  std::string backup_dir;
  // The served database's directory, beside which Restore stages its file (storage::StagedRestorePath).
  std::string db_path;
};

// Thread-safe. Backups and restores are serialized among themselves (one BackupEngine writer per directory);
// Verify runs concurrently with everything.
class AdminService final : public aka::v1::Admin::CallbackService {
 public:
  // Neither pointer is owned; both must outlive the gRPC server. `workers` may be null (work runs on the
  // callback thread, as in tests).
  AdminService(storage::Store* store, WorkerPool* workers, AdminOptions options)
      : store_(store), workers_(workers), options_(std::move(options)) {}

  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context, const aka::v1::BackupRequest* request,
                                   aka::v1::BackupResponse* response) override;
  grpc::ServerUnaryReactor* ListBackups(grpc::CallbackServerContext* context,
                                        const aka::v1::ListBackupsRequest* request,
                                        aka::v1::ListBackupsResponse* response) override;
  grpc::ServerUnaryReactor* Restore(grpc::CallbackServerContext* context, const aka::v1::RestoreRequest* request,
                                    aka::v1::RestoreResponse* response) override;
  grpc::ServerUnaryReactor* Verify(grpc::CallbackServerContext* context, const aka::v1::VerifyRequest* request,
                                   aka::v1::VerifyResponse* response) override;

 private:
  absl::Status DoBackup(aka::v1::BackupResponse* response);
  absl::Status DoListBackups(aka::v1::ListBackupsResponse* response) const;
  absl::Status DoRestore(const aka::v1::RestoreRequest& request, aka::v1::RestoreResponse* response);
  absl::Status DoVerify(const aka::v1::VerifyRequest& request, aka::v1::VerifyResponse* response) const;
  // FAILED_PRECONDITION naming the flag when there is no backup directory.
  absl::Status RequireBackupDir() const;

  // Runs `work` on the pool and finishes the call with its status (RESOURCE_EXHAUSTED when the pool is full).
  template <typename Work>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, absl::string_view what, Work work);

  storage::Store* const store_;
  WorkerPool* const workers_;
  const AdminOptions options_;
  absl::Mutex backup_mu_;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_ADMIN_SERVICE_H_

// aka.v1.Admin over real gRPC against an in-process akad: Backup while serving, ListBackups, Verify (clean,
// with backups checked), Restore staged by the RPC and applied by the next start (the database is then the
// backup's, and verify is clean), and FAILED_PRECONDITION without --backup_dir.
#include <grpcpp/grpcpp.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "aka/v1/admin.grpc.pb.h"
#include "aka/v1/registry.grpc.pb.h"
#include "gtest/gtest.h"
#include "service/server.h"
#include "tests/scoped_test_dir.h"

namespace aka {
namespace {

class AdminServiceTest : public ::testing::Test {
 protected:
  void TearDown() override { Stop(); }

  void Start(bool with_backup_dir = true) {
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = dir_ + "/db";
    options.load_default_data = false;
    options.access_log = false;
    if (with_backup_dir) options.backup_dir = dir_ + "/backups";
    auto server = service::AkaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    admin_ = v1::Admin::NewStub(channel);
    registry_ = v1::Registry::NewStub(channel);
  }
  void Stop() {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    server_.reset();
  }

  static void Prepare(grpc::ClientContext* context) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  }

  void Create(const std::string& name) {
    grpc::ClientContext context;
    Prepare(&context);
    v1::UpsertEntityRequest request;
    request.mutable_entity()->set_type("threat_actor");
    request.mutable_entity()->set_canonical_name(name);
    v1::UpsertEntityResponse response;
    ASSERT_TRUE(registry_->UpsertEntity(&context, request, &response).ok());
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::Admin::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    Prepare(&context);
    return (admin_.get()->*method)(&context, request, response);
  }

  testing::ScopedTestDir test_dir_{"admin_service_test"};
  const std::string& dir_ = test_dir_.path();
  std::unique_ptr<service::AkaServer> server_;
  std::unique_ptr<v1::Admin::Stub> admin_;
  std::unique_ptr<v1::Registry::Stub> registry_;
};

TEST_F(AdminServiceTest, BackupVerifyAndStagedRestore) {
  Start();
  Create("APT31");
  v1::BackupResponse first;
  ASSERT_TRUE(Call(&v1::Admin::Stub::Backup, v1::BackupRequest(), &first).ok());
  EXPECT_EQ(first.backup().backup_id(), 1u);
  EXPECT_EQ(first.backup().last_sequence(), 1);
  EXPECT_GT(first.backup().files(), 0u);
  Create("APT41");
  v1::BackupResponse second;
  ASSERT_TRUE(Call(&v1::Admin::Stub::Backup, v1::BackupRequest(), &second).ok());
  EXPECT_EQ(second.backup().backup_id(), 2u);

  v1::ListBackupsResponse listed;
  ASSERT_TRUE(Call(&v1::Admin::Stub::ListBackups, v1::ListBackupsRequest(), &listed).ok());
  ASSERT_EQ(listed.backups_size(), 2);
  EXPECT_EQ(listed.backups(0).last_sequence(), 1);

  v1::VerifyRequest verify_request;
  verify_request.set_backups(true);
  v1::VerifyResponse verified;
  ASSERT_TRUE(Call(&v1::Admin::Stub::Verify, verify_request, &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.DebugString();
  EXPECT_EQ(verified.entities(), 2);
  EXPECT_EQ(verified.backups_checked(), 2);

  v1::RestoreRequest restore;
  restore.set_backup_id(7);
  v1::RestoreResponse staged;
  EXPECT_EQ(Call(&v1::Admin::Stub::Restore, restore, &staged).error_code(), grpc::StatusCode::NOT_FOUND);
  restore.set_backup_id(1);
  ASSERT_TRUE(Call(&v1::Admin::Stub::Restore, restore, &staged).ok());
  EXPECT_EQ(staged.backup().backup_id(), 1u);
  EXPECT_NE(staged.next_step().find("restart"), std::string::npos);
  // Staged only: the running server still serves both entities and accepts writes.
  Create("APT28");
  EXPECT_EQ(server_->CountEntities().value(), 3);

  Stop();
  Start();
  EXPECT_EQ(server_->CountEntities().value(), 1);
  ASSERT_TRUE(Call(&v1::Admin::Stub::Verify, v1::VerifyRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.DebugString();
  // Applied once: a further restart keeps what it has.
  Create("APT29");
  Stop();
  Start();
  EXPECT_EQ(server_->CountEntities().value(), 2);
}

TEST_F(AdminServiceTest, WithoutBackupDirTheBackupCallsAreRefusedButVerifyWorks) {
  Start(/*with_backup_dir=*/false);
  v1::BackupResponse backup;
  const grpc::Status refused = Call(&v1::Admin::Stub::Backup, v1::BackupRequest(), &backup);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find("--backup_dir"), std::string::npos);
  v1::RestoreResponse restore;
  EXPECT_EQ(Call(&v1::Admin::Stub::Restore, v1::RestoreRequest(), &restore).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::VerifyResponse verified;
  ASSERT_TRUE(Call(&v1::Admin::Stub::Verify, v1::VerifyRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok());
  EXPECT_EQ(verified.entities(), 0);
}

}  // namespace
}  // namespace aka

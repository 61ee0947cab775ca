// An in-process akad (AkaServer) with a worker pool of one thread and one queue place, flooded with
// concurrent Registry calls: the calls the queue cannot take are refused with RESOURCE_EXHAUSTED naming the
// limit, every other call succeeds, and the server goes on serving afterwards. Checks the wiring from
// ServerOptions through the pool into Registry's unary handlers (ServeOnPool); the pool's own behaviour is in
// worker_pool_test, Resolver's in resolver_service_test.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "aka/v1/registry.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/akad_test_util.h"

namespace aka {
namespace {

using ::testing::HasSubstr;

using RegistryOverloadTest = service::testing::InProcessAkadTest;

TEST_F(RegistryOverloadTest, AFloodPastTheWorkerQueueIsRefusedAndTheServerGoesOn) {
  ASSERT_NO_FATAL_FAILURE(MakeDir("registry_overload_test"));
  service::ServerOptions options = AkadOptions();
  options.access_log = false;
  options.worker_threads = 1;
  options.worker_queue = 1;
  ASSERT_NO_FATAL_FAILURE(StartAkad(options));
  std::unique_ptr<v1::Registry::Stub> stub =
      v1::Registry::NewStub(grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));

  // Enough entities that a full page takes the one worker a while.
  std::string some_id;
  for (int i = 0; i < 300; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::UpsertEntityRequest request;
    request.mutable_entity()->set_type("threat_actor");
    request.mutable_entity()->set_canonical_name(absl::StrCat("Overload Group ", i));
    v1::UpsertEntityResponse response;
    ASSERT_TRUE(stub->UpsertEntity(&context, request, &response).ok());
    some_id = response.entity().id();
  }

  // Sent at once without waiting: one runs, one waits, the rest find the queue full.
  constexpr int kCalls = 100;
  struct Call {
    grpc::ClientContext context;
    v1::ListEntitiesRequest request;
    v1::ListEntitiesResponse response;
    grpc::Status status;
    absl::Notification done;
  };
  std::vector<std::unique_ptr<Call>> calls;
  for (int i = 0; i < kCalls; ++i) {
    auto call = std::make_unique<Call>();
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    call->request.set_page_size(1000);
    Call* raw = call.get();
    stub->async()->ListEntities(&raw->context, &raw->request, &raw->response, [raw](grpc::Status status) {
      raw->status = std::move(status);
      raw->done.Notify();
    });
    calls.push_back(std::move(call));
  }
  int ok = 0, refused = 0;
  for (const std::unique_ptr<Call>& call : calls) {
    ASSERT_TRUE(call->done.WaitForNotificationWithTimeout(absl::Seconds(60)));
    if (call->status.ok()) {
      ++ok;
      EXPECT_EQ(call->response.entities_size(), 300);
    } else {
      ++refused;
      EXPECT_EQ(call->status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << call->status.error_message();
      EXPECT_THAT(call->status.error_message(), HasSubstr("limit 1"));
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(refused, 1);

  // The server goes on serving.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::GetEntityRequest get;
  get.set_id(some_id);
  v1::GetEntityResponse got;
  EXPECT_TRUE(stub->GetEntity(&context, get, &got).ok());
  EXPECT_EQ(got.entity().canonical_name(), "Overload Group 299");
}

}  // namespace
}  // namespace aka

// aka::Client against in-process fake Resolver/Registry services (not the real server): round trips, deadlines,
// the retry policy (reads retried, writes not), Import streaming and health.
#include "client/client.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "aka/v1/registry.grpc.pb.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "gtest/gtest.h"

namespace aka {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Waits up to `delay` but gives up as soon as the client goes away, so a slow fake never delays server shutdown.
void SleepUnlessCancelled(grpc::ServerContext* context, std::chrono::milliseconds delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until && !context->IsCancelled()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

class FakeResolver final : public v1::Resolver::Service {
 public:
  grpc::Status Resolve(grpc::ServerContext* context, const v1::ResolveRequest* request,
                       v1::ResolveResponse* response) override {
    const int attempt = ++attempts;
    if (delay.count() > 0) SleepUnlessCancelled(context, delay);
    if (attempt <= fail_first) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "warming up");
    if (request->name().empty()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "name: is empty");
    response->set_request_id(request->request_id());
    response->set_outcome(v1::MATCHED);
    v1::Candidate* candidate = response->add_candidates();
    candidate->set_entity_id("E00000031");
    candidate->set_canonical_name("APT31");
    candidate->set_type(request->types().empty() ? "threat_actor" : request->types(0));
    candidate->set_score(0.97);
    candidate->set_matched_name(request->name());
    candidate->set_match_kind(v1::NORMALIZED);
    (*candidate->mutable_external_ids())["mitre"] = "G0128";
    return grpc::Status::OK;
  }

  std::atomic<int> attempts{0};
  // The first `fail_first` attempts answer UNAVAILABLE.
  int fail_first = 0;
  std::chrono::milliseconds delay{0};
};

class FakeRegistry final : public v1::Registry::Service {
 public:
  grpc::Status GetEntity(grpc::ServerContext*, const v1::GetEntityRequest* request,
                         v1::GetEntityResponse* response) override {
    ++get_attempts;
    if (get_attempt_fails >= get_attempts) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting");
    if (request->id() != "E00000031") return grpc::Status(grpc::StatusCode::NOT_FOUND, "no entity " + request->id());
    response->mutable_entity()->set_id(request->id());
    response->mutable_entity()->set_canonical_name("APT31");
    return grpc::Status::OK;
  }

  grpc::Status ListEntities(grpc::ServerContext*, const v1::ListEntitiesRequest* request,
                            v1::ListEntitiesResponse* response) override {
    // Two pages: "" -> E1, E2 (token "p2"); "p2" -> E3.
    if (request->page_token().empty()) {
      response->add_entities()->set_id("E1");
      response->add_entities()->set_id("E2");
      response->set_next_page_token("p2");
    } else {
      response->add_entities()->set_id("E3");
    }
    return grpc::Status::OK;
  }

  grpc::Status UpsertEntity(grpc::ServerContext*, const v1::UpsertEntityRequest*, v1::UpsertEntityResponse*) override {
    ++upsert_attempts;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "write refused");
  }

  grpc::Status Import(grpc::ServerContext*, grpc::ServerReader<v1::ImportRequest>* reader,
                      v1::ImportResponse* response) override {
    v1::ImportRequest request;
    absl::MutexLock lock(&mutex);
    while (reader->Read(&request)) imported.push_back(request.entity().canonical_name());
    response->set_created(static_cast<int64_t>(imported.size()));
    return grpc::Status::OK;
  }

  std::atomic<int> get_attempts{0};
  int get_attempt_fails = 0;
  std::atomic<int> upsert_attempts{0};
  absl::Mutex mutex;
  std::vector<std::string> imported ABSL_GUARDED_BY(mutex);
};

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The default health service answers grpc.health.v1 Check, as akad's does.
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&resolver_);
    builder.RegisterService(&registry_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port, 0);
    options_.target = "127.0.0.1:" + std::to_string(port);
    options_.timeout = std::chrono::milliseconds(5000);
  }

  void TearDown() override { server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1)); }

  std::unique_ptr<Client> MakeClient() {
    absl::StatusOr<std::unique_ptr<Client>> client = Client::Create(options_);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? std::move(*client) : nullptr;
  }

  FakeResolver resolver_;
  FakeRegistry registry_;
  std::unique_ptr<grpc::Server> server_;
  ClientOptions options_;
};

TEST_F(ClientTest, ResolveRoundTrip) {
  std::unique_ptr<Client> client = MakeClient();
  v1::ResolveRequest request;
  request.set_request_id("r1");
  request.set_name("APT 31");
  request.add_types("threat_actor");
  absl::StatusOr<v1::ResolveResponse> response = client->Resolve(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->request_id(), "r1");
  EXPECT_EQ(response->outcome(), v1::MATCHED);
  ASSERT_EQ(response->candidates_size(), 1);
  EXPECT_EQ(response->candidates(0).entity_id(), "E00000031");
  EXPECT_EQ(response->candidates(0).matched_name(), "APT 31");
  EXPECT_EQ(response->candidates(0).external_ids().at("mitre"), "G0128");
}

TEST_F(ClientTest, ServerErrorKeepsCodeAndMessage) {
  std::unique_ptr<Client> client = MakeClient();
  v1::ResolveRequest request;
  absl::StatusOr<v1::ResolveResponse> response = client->Resolve(request);
  EXPECT_EQ(response.status(), absl::InvalidArgumentError("name: is empty"));
  // INVALID_ARGUMENT is not retryable.
  EXPECT_EQ(resolver_.attempts, 1);
}

TEST_F(ClientTest, DeadlineIsHonoured) {
  resolver_.delay = std::chrono::milliseconds(2000);
  options_.timeout = std::chrono::milliseconds(200);
  std::unique_ptr<Client> client = MakeClient();
  v1::ResolveRequest request;
  request.set_name("slow");
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<v1::ResolveResponse> response = client->Resolve(request);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded) << response.status();
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
}

TEST_F(ClientTest, ReadsAreRetriedOnUnavailable) {
  resolver_.fail_first = 2;
  std::unique_ptr<Client> client = MakeClient();
  v1::ResolveRequest request;
  request.set_name("APT 31");
  absl::StatusOr<v1::ResolveResponse> response = client->Resolve(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->outcome(), v1::MATCHED);
  EXPECT_EQ(resolver_.attempts, 3);

  registry_.get_attempt_fails = 1;
  absl::StatusOr<v1::Entity> entity = client->GetEntity("E00000031");
  ASSERT_TRUE(entity.ok()) << entity.status();
  EXPECT_EQ(entity->canonical_name(), "APT31");
  EXPECT_EQ(registry_.get_attempts, 2);
}

TEST_F(ClientTest, RetriesStopAtMaxReadAttempts) {
  resolver_.fail_first = 100;
  options_.max_read_attempts = 3;
  std::unique_ptr<Client> client = MakeClient();
  v1::ResolveRequest request;
  request.set_name("APT 31");
  EXPECT_EQ(client->Resolve(request).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(resolver_.attempts, 3);
}

TEST_F(ClientTest, OneReadAttemptMeansNoRetry) {
  resolver_.fail_first = 1;
  options_.max_read_attempts = 1;
  std::unique_ptr<Client> client = MakeClient();
  v1::ResolveRequest request;
  request.set_name("APT 31");
  EXPECT_EQ(client->Resolve(request).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(resolver_.attempts, 1);
}

TEST_F(ClientTest, WritesAreNotRetried) {
  std::unique_ptr<Client> client = MakeClient();
  v1::UpsertEntityRequest request;
  request.mutable_entity()->set_canonical_name("APT31");
  absl::StatusOr<v1::UpsertEntityResponse> response = client->UpsertEntity(request);
  EXPECT_EQ(response.status(), absl::UnavailableError("write refused"));
  EXPECT_EQ(registry_.upsert_attempts, 1);
}

TEST_F(ClientTest, GetEntityNotFound) {
  std::unique_ptr<Client> client = MakeClient();
  absl::StatusOr<v1::Entity> entity = client->GetEntity("E404");
  EXPECT_EQ(entity.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(entity.status().message(), HasSubstr("E404"));
}

TEST_F(ClientTest, ListEntitiesPages) {
  std::unique_ptr<Client> client = MakeClient();
  v1::ListEntitiesRequest request;
  absl::StatusOr<v1::ListEntitiesResponse> first = client->ListEntities(request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->entities_size(), 2);
  request.set_page_token(first->next_page_token());
  absl::StatusOr<v1::ListEntitiesResponse> second = client->ListEntities(request);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->entities_size(), 1);
  EXPECT_EQ(second->entities(0).id(), "E3");
  EXPECT_TRUE(second->next_page_token().empty());
}

TEST_F(ClientTest, ImportStreamsEveryEntity) {
  std::unique_ptr<Client> client = MakeClient();
  constexpr int kCount = 1500;
  int sent = 0;
  absl::StatusOr<v1::ImportResponse> response = client->Import([&sent](v1::Entity* entity) {
    if (sent == kCount) return false;
    // The client hands over a cleared entity each time.
    EXPECT_TRUE(entity->canonical_name().empty());
    entity->set_type("organization");
    entity->set_canonical_name("Company " + std::to_string(sent++));
    return true;
  });
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->created(), kCount);
  absl::MutexLock lock(&registry_.mutex);
  ASSERT_EQ(registry_.imported.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(registry_.imported.front(), "Company 0");
  EXPECT_EQ(registry_.imported.back(), "Company 1499");
}

TEST_F(ClientTest, ImportOfNothingStillGetsASummary) {
  std::unique_ptr<Client> client = MakeClient();
  absl::StatusOr<v1::ImportResponse> response = client->Import([](v1::Entity*) { return false; });
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->created(), 0);
}

TEST_F(ClientTest, HealthReportsServingState) {
  std::unique_ptr<Client> client = MakeClient();
  absl::StatusOr<HealthState> serving = client->Health();
  ASSERT_TRUE(serving.ok()) << serving.status();
  EXPECT_EQ(*serving, HealthState::kServing);
  server_->GetHealthCheckService()->SetServingStatus(false);
  absl::StatusOr<HealthState> not_serving = client->Health();
  ASSERT_TRUE(not_serving.ok()) << not_serving.status();
  EXPECT_EQ(*not_serving, HealthState::kNotServing);
  // An unknown service name is NOT_FOUND in grpc.health.v1.
  EXPECT_EQ(client->Health("no.such.Service").status().code(), absl::StatusCode::kNotFound);
}

TEST(ClientCreateTest, RejectsBadOptions) {
  ClientOptions options;
  options.target = "";
  EXPECT_EQ(Client::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.target = "127.0.0.1:1";
  options.max_read_attempts = 0;
  EXPECT_EQ(Client::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.max_read_attempts = 4;
  options.timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(Client::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ClientCreateTest, UnreachableServerIsUnavailable) {
  ClientOptions options;
  // A socket in a directory that does not exist: nothing can listen there (a TCP port could be taken by anyone),
  // so the connection fails at once, and every retry too.
  options.target = "unix:/nonexistent-aka-client-test/no-server.sock";
  options.timeout = std::chrono::milliseconds(5000);
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Create(options);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ((*client)->Health().status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace aka

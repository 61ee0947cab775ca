// akad in-process over real gRPC: an AkaServer on 127.0.0.1:0 with a temp database and no default data,
// driven through the generated stubs with a deadline on every call. Covers the three outcomes, name
// validation, ResolveStream ordering and per-item errors, Import counts and idempotence, registry status codes,
// health through shutdown, and a restart on the same database.
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "aka/v1/registry.grpc.pb.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/akad_test_util.h"
#include "service/import_reactor.h"
#include "tests/health_probe.h"

namespace aka {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr std::chrono::seconds kCallTimeout{10};

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
}

v1::Entity MakeEntity(const std::string& type, const std::string& name, const std::vector<std::string>& aliases,
                      const std::string& misp_id) {
  v1::Entity entity;
  entity.set_type(type);
  entity.set_canonical_name(name);
  for (const std::string& alias : aliases) {
    v1::Alias* added = entity.add_aliases();
    added->set_name(alias);
    added->set_source("misp");
  }
  if (!misp_id.empty()) (*entity.mutable_external_ids())["misp"] = misp_id;
  return entity;
}

class ServerIntegrationTest : public service::testing::InProcessAkadTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MakeDir("server_integration_test"));
    ASSERT_NO_FATAL_FAILURE(StartServer());
  }

  // Starts (or restarts) the server on the fixture's database, as `akad --no-default-data` would.
  void StartServer(std::chrono::milliseconds shutdown_grace = std::chrono::milliseconds(0)) {
    service::ServerOptions options = AkadOptions();
    options.shutdown_grace = shutdown_grace;
    ASSERT_NO_FATAL_FAILURE(StartAkad(options));
    ASSERT_GT(server_->port(), 0);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    resolver_ = v1::Resolver::NewStub(channel_);
    registry_ = v1::Registry::NewStub(channel_);
  }

  v1::Entity Upsert(const v1::Entity& entity) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::UpsertEntityRequest request;
    *request.mutable_entity() = entity;
    v1::UpsertEntityResponse response;
    grpc::Status status = registry_->UpsertEntity(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.entity();
  }

  grpc::Status Resolve(const std::string& name, v1::ResolveResponse* response) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::ResolveRequest request;
    request.set_name(name);
    return resolver_->Resolve(&context, request, response);
  }

  v1::ImportResponse Import(const std::vector<v1::Entity>& entities) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::ImportResponse response;
    std::unique_ptr<grpc::ClientWriter<v1::ImportRequest>> writer = registry_->Import(&context, &response);
    for (const v1::Entity& entity : entities) {
      v1::ImportRequest request;
      *request.mutable_entity() = entity;
      EXPECT_TRUE(writer->Write(request));
    }
    EXPECT_TRUE(writer->WritesDone());
    grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Resolver::Stub> resolver_;
  std::unique_ptr<v1::Registry::Stub> registry_;
};

TEST_F(ServerIntegrationTest, ResolveGivesTheThreeOutcomes) {
  const v1::Entity apt31 = Upsert(MakeEntity("threat_actor", "APT 31", {"ZIRCONIUM", "Judgment Panda"}, "u31"));
  const v1::Entity apt28 = Upsert(MakeEntity("threat_actor", "APT28", {"Fancy Bear", "Grizzly Steppe"}, "u28"));
  const v1::Entity apt29 = Upsert(MakeEntity("threat_actor", "APT29", {"Cozy Bear", "Grizzly Steppe"}, "u29"));

  for (const char* name : {"APT 31", "apt-31", "APT31", "ZIRCONIUM"}) {
    v1::ResolveResponse response;
    ASSERT_TRUE(Resolve(name, &response).ok()) << name;
    EXPECT_EQ(response.outcome(), v1::MATCHED) << name;
    ASSERT_THAT(response.candidates(), SizeIs(1)) << name;
    EXPECT_EQ(response.candidates(0).entity_id(), apt31.id());
    EXPECT_EQ(response.candidates(0).canonical_name(), "APT 31");
    EXPECT_EQ(response.candidates(0).external_ids().at("misp"), "u31");
  }

  v1::ResolveResponse ambiguous;
  ASSERT_TRUE(Resolve("grizzly steppe", &ambiguous).ok());
  EXPECT_EQ(ambiguous.outcome(), v1::AMBIGUOUS);
  ASSERT_THAT(ambiguous.candidates(), SizeIs(2));
  EXPECT_EQ(ambiguous.candidates(0).entity_id(), apt28.id());
  EXPECT_EQ(ambiguous.candidates(1).entity_id(), apt29.id());

  v1::ResolveResponse unknown;
  ASSERT_TRUE(Resolve("Sandworm Team", &unknown).ok());
  EXPECT_EQ(unknown.outcome(), v1::NO_MATCH);
  EXPECT_THAT(unknown.candidates(), SizeIs(0));
}

TEST_F(ServerIntegrationTest, InvalidNamesAreRejectedByRuleAndServerGoesOn) {
  Upsert(MakeEntity("threat_actor", "APT 31", {}, "u31"));
  const std::pair<std::string, std::string> cases[] = {
      {"", "name: is empty"},
      {std::string(1025, 'a'), "name: is 1025 bytes"},
      {std::string("APT\xc3\x28" "31"), "not valid UTF-8"},
      {std::string("APT\x01" "31"), "control character"},
  };
  for (const auto& [name, rule] : cases) {
    v1::ResolveResponse response;
    grpc::Status status = Resolve(name, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << rule;
    EXPECT_THAT(status.error_message(), HasSubstr(rule));
  }
  v1::ResolveResponse response;
  ASSERT_TRUE(Resolve("APT 31", &response).ok());
  EXPECT_EQ(response.outcome(), v1::MATCHED);

  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ResolveRequest request;
  request.set_name("APT 31");
  request.set_max_candidates(1000);
  grpc::Status status = resolver_->Resolve(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("max_candidates: "));
}

TEST_F(ServerIntegrationTest, ResolveStreamKeepsOrderAndReportsBadItemsInline) {
  const v1::Entity apt31 = Upsert(MakeEntity("threat_actor", "APT 31", {"ZIRCONIUM"}, "u31"));
  // More items than the server's pending-response queue, so that back-pressure pauses and resumes reading.
  constexpr int kItems = 300;
  constexpr int kBadItem = 77;
  constexpr int kBadUtf8Item = 150;
  grpc::ClientContext context;
  SetDeadline(&context);
  auto stream = resolver_->ResolveStream(&context);
  std::thread writer([&] {
    for (int i = 0; i < kItems; ++i) {
      v1::ResolveRequest request;
      request.set_request_id("r" + std::to_string(i));
      request.set_name(i == kBadItem ? "" : (i % 3 == 0 ? "zirconium" : (i % 3 == 1 ? "apt31" : "nobody")));
      if (i == kBadUtf8Item) request.set_name("APT\xff" "31");
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  std::vector<v1::ResolveResponse> responses;
  v1::ResolveResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  writer.join();
  grpc::Status status = stream->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();

  ASSERT_THAT(responses, SizeIs(kItems));
  for (int i = 0; i < kItems; ++i) {
    const v1::ResolveResponse& item = responses[i];
    EXPECT_EQ(item.request_id(), "r" + std::to_string(i));
    if (i == kBadItem) {
      EXPECT_EQ(item.outcome(), v1::OUTCOME_UNSPECIFIED);
      EXPECT_EQ(item.error().code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
      EXPECT_THAT(item.error().message(), HasSubstr("name: is empty"));
      continue;
    }
    if (i == kBadUtf8Item) {
      EXPECT_EQ(item.outcome(), v1::OUTCOME_UNSPECIFIED);
      EXPECT_EQ(item.error().code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
      EXPECT_THAT(item.error().message(), HasSubstr("name: is not valid UTF-8"));
      continue;
    }
    EXPECT_FALSE(item.has_error()) << i;
    if (i % 3 == 2) {
      EXPECT_EQ(item.outcome(), v1::NO_MATCH) << i;
    } else {
      EXPECT_EQ(item.outcome(), v1::MATCHED) << i;
      ASSERT_THAT(item.candidates(), SizeIs(1));
      EXPECT_EQ(item.candidates(0).entity_id(), apt31.id());
    }
  }
}

TEST_F(ServerIntegrationTest, ImportCountsAndIsIdempotent) {
  std::vector<v1::Entity> entities = {
      MakeEntity("threat_actor", "APT 31", {"ZIRCONIUM"}, "u31"),
      MakeEntity("threat_actor", "APT28", {"Fancy Bear"}, "u28"),
      MakeEntity("threat_actor", "", {"Nameless"}, "u0"),  // rejected: no canonical name
      MakeEntity("threat_actor", "APT29", {"Cozy Bear"}, "u29"),
      MakeEntity("threat_actor", "Bad\xff" "Bytes", {}, "u-bad"),  // rejected: not UTF-8, import goes on
      MakeEntity("threat_actor", "APT41", {"Double Dragon"}, "u41"),
  };
  v1::ImportResponse first = Import(entities);
  EXPECT_EQ(first.created(), 4);
  EXPECT_EQ(first.updated(), 0);
  EXPECT_EQ(first.unchanged(), 0);
  EXPECT_EQ(first.rejected(), 2);
  ASSERT_THAT(first.rejections(), SizeIs(2));
  EXPECT_EQ(first.rejections(0).index(), 2);
  EXPECT_THAT(first.rejections(0).reason(), HasSubstr("canonical_name: is empty"));
  EXPECT_EQ(first.rejections(1).index(), 4);
  EXPECT_THAT(first.rejections(1).reason(), HasSubstr("UTF-8"));

  v1::ImportResponse again = Import(entities);
  EXPECT_EQ(again.created(), 0);
  EXPECT_EQ(again.updated(), 0);
  EXPECT_EQ(again.unchanged(), 4);
  EXPECT_EQ(again.rejected(), 2);

  entities[1].add_aliases()->set_name("Sofacy");
  v1::ImportResponse changed = Import(entities);
  EXPECT_EQ(changed.created(), 0);
  EXPECT_EQ(changed.updated(), 1);
  EXPECT_EQ(changed.unchanged(), 3);

  v1::ResolveResponse response;
  ASSERT_TRUE(Resolve("sofacy", &response).ok());
  EXPECT_EQ(response.outcome(), v1::MATCHED);
  ASSERT_THAT(response.candidates(), SizeIs(1));
  EXPECT_EQ(response.candidates(0).canonical_name(), "APT28");
}

// Import writes batches of kImportBatchEntities in one Store::ImportEntities call each; a batch the store
// refuses (here: a record whose external ids name two stored entities) is written again one entity at a time,
// so only that record is rejected, under its index in the whole stream.
TEST_F(ServerIntegrationTest, ImportRejectsOnlyTheRefusedRecordOfABatch) {
  const int count = static_cast<int>(service::kImportBatchEntities) + 10;
  std::vector<v1::Entity> entities;
  for (int i = 0; i < count; ++i) {
    entities.push_back(MakeEntity("organization", absl::StrCat("Company Number ", i), {}, absl::StrCat("c", i)));
  }
  // In the second batch: external ids of entity 0 and entity 1.
  const int refused = count - 5;
  (*entities[refused].mutable_external_ids())["misp"] = "c0";
  (*entities[refused].mutable_external_ids())["other"] = "x";
  (*entities[1].mutable_external_ids())["other"] = "x";
  v1::ImportResponse response = Import(entities);
  EXPECT_EQ(response.created(), count - 1);
  EXPECT_EQ(response.rejected(), 1);
  ASSERT_THAT(response.rejections(), SizeIs(1));
  EXPECT_EQ(response.rejections(0).index(), refused);
  EXPECT_EQ(response.rejections(0).canonical_name(), entities[refused].canonical_name());
  EXPECT_THAT(response.rejections(0).reason(), HasSubstr("name two entities"));
  v1::ResolveResponse resolved;
  ASSERT_TRUE(Resolve(absl::StrCat("Company Number ", count - 1), &resolved).ok());
  EXPECT_EQ(resolved.outcome(), v1::MATCHED);
}

TEST_F(ServerIntegrationTest, RegistryStatusCodes) {
  const v1::Entity stored = Upsert(MakeEntity("threat_actor", "APT 31", {}, "u31"));
  ASSERT_EQ(stored.version(), 1);
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::GetEntityRequest request;
    request.set_id("E99999999");
    v1::GetEntityResponse response;
    EXPECT_EQ(registry_->GetEntity(&context, request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::GetEntityResponse response;
    grpc::Status status = registry_->GetEntity(&context, v1::GetEntityRequest(), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(status.error_message(), "id: is empty");
  }
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::UpsertEntityRequest request;
    *request.mutable_entity() = MakeEntity("threat_actor", "Bad\xc3", {}, "");
    v1::UpsertEntityResponse response;
    grpc::Status status = registry_->UpsertEntity(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("UTF-8"));
  }
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::UpsertEntityRequest request;
    *request.mutable_entity() = stored;
    request.mutable_entity()->add_aliases()->set_name("ZIRCONIUM");
    request.set_expected_version(7);
    v1::UpsertEntityResponse response;
    EXPECT_EQ(registry_->UpsertEntity(&context, request, &response).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::AddAliasRequest request;
    request.set_entity_id(stored.id());
    request.mutable_alias()->set_name("Violet Typhoon");
    request.set_expected_version(1);
    v1::AddAliasResponse response;
    grpc::Status status = registry_->AddAlias(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.entity().version(), 2);
  }
  v1::ResolveResponse resolved;
  ASSERT_TRUE(Resolve("violet typhoon", &resolved).ok());
  EXPECT_EQ(resolved.outcome(), v1::MATCHED);
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::RemoveAliasRequest request;
    request.set_entity_id(stored.id());
    request.set_name("No Such Alias");
    v1::RemoveAliasResponse response;
    EXPECT_EQ(registry_->RemoveAlias(&context, request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::ListEntitiesRequest request;
    v1::ListEntitiesResponse response;
    ASSERT_TRUE(registry_->ListEntities(&context, request, &response).ok());
    ASSERT_THAT(response.entities(), SizeIs(1));
    EXPECT_EQ(response.entities(0).id(), stored.id());
  }
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::DeleteEntityRequest request;
    request.set_id(stored.id());
    v1::DeleteEntityResponse response;
    ASSERT_TRUE(registry_->DeleteEntity(&context, request, &response).ok());
  }
  ASSERT_TRUE(Resolve("APT 31", &resolved).ok());
  EXPECT_EQ(resolved.outcome(), v1::NO_MATCH);
}

TEST_F(ServerIntegrationTest, HealthServingThenNotServingAfterShutdown) {
  for (const char* service : {"", "aka.v1.Resolver", "aka.v1.Registry"}) {
    testing::ServingStatus status = testing::ServingStatus::kUnknown;
    grpc::Status rpc = testing::CheckHealth(channel_, service, kCallTimeout, &status);
    ASSERT_TRUE(rpc.ok()) << service << ": " << rpc.error_message();
    EXPECT_EQ(status, testing::ServingStatus::kServing) << service;
  }
  // Restart with a grace period so that NOT_SERVING can be observed while the listener is still open.
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  StartServer(std::chrono::milliseconds(3000));
  std::thread shutdown([&] { server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5)); });
  testing::ServingStatus status = testing::ServingStatus::kServing;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (status == testing::ServingStatus::kServing && std::chrono::steady_clock::now() < give_up) {
    ASSERT_TRUE(testing::CheckHealth(channel_, "", std::chrono::seconds(1), &status).ok());
  }
  EXPECT_EQ(status, testing::ServingStatus::kNotServing);
  shutdown.join();
  // After Shutdown nothing answers at all.
  EXPECT_FALSE(testing::CheckHealth(channel_, "", std::chrono::milliseconds(500), &status).ok());
}

TEST_F(ServerIntegrationTest, RestartOnTheSameDatabaseFindsEverything) {
  const v1::Entity apt31 = Upsert(MakeEntity("threat_actor", "APT 31", {"ZIRCONIUM"}, "u31"));
  StopAkad();

  // load_default_data is on but the database is not new, so the (missing) data dir is never read.
  service::ServerOptions options = AkadOptions();
  options.data_dir = dir_ + "/no-such-data";
  options.load_default_data = true;
  ASSERT_NO_FATAL_FAILURE(StartAkad(options));
  auto count = server_->CountEntities();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  resolver_ = v1::Resolver::NewStub(channel_);
  registry_ = v1::Registry::NewStub(channel_);

  grpc::ClientContext context;
  SetDeadline(&context);
  v1::GetEntityRequest request;
  request.set_id(apt31.id());
  v1::GetEntityResponse response;
  ASSERT_TRUE(registry_->GetEntity(&context, request, &response).ok());
  EXPECT_EQ(response.entity().canonical_name(), "APT 31");
  v1::ResolveResponse resolved;
  ASSERT_TRUE(Resolve("zirconium", &resolved).ok());
  EXPECT_EQ(resolved.outcome(), v1::MATCHED);
}

TEST(ServerStartTest, NewDatabaseWithMissingDataDirFailsToStart) {
  std::string dir_template = ::testing::TempDir() + "/server_start_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template.data()), nullptr);
  service::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.db_path = dir_template + "/db";
  options.data_dir = dir_template + "/no-such-data";
  auto server = service::AkaServer::Start(options);
  EXPECT_FALSE(server.ok());
  EXPECT_THAT(std::string(server.status().message()), HasSubstr("--no-default-data"));
  std::filesystem::remove_all(dir_template);
}

}  // namespace
}  // namespace aka

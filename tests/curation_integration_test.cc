// Curation over real gRPC against an in-process AkaServer on 127.0.0.1:0: merge with redirects (GetEntity on
// a merged id, Resolve never answering it), undo restoring byte-identical entities, split, history, the
// shared-alias refusal, negative knowledge honoured by Resolve, and WatchChanges resuming after a dropped
// connection without gap or duplicate.
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "aka/v1/registry.grpc.pb.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "gtest/gtest.h"
#include "service/akad_test_util.h"
#include "storage/change_log.h"

namespace aka {
namespace {

constexpr std::chrono::seconds kCallTimeout{10};

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
}

v1::Entity MakeEntity(const std::string& name, const std::vector<std::string>& aliases) {
  v1::Entity entity;
  entity.set_type("threat_actor");
  entity.set_canonical_name(name);
  for (const std::string& alias : aliases) entity.add_aliases()->set_name(alias);
  return entity;
}

class CurationIntegrationTest : public service::testing::InProcessAkadTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MakeDirAndStartAkad("curation_integration_test"));
    registry_ = v1::Registry::NewStub(NewChannel());
    resolver_ = v1::Resolver::NewStub(NewChannel());
  }

  // A channel of its own (a local subchannel pool), so that dropping it really drops the connection.
  std::shared_ptr<grpc::Channel> NewChannel() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(), args);
  }

  v1::Entity Upsert(const v1::Entity& entity) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::UpsertEntityRequest request;
    *request.mutable_entity() = entity;
    v1::UpsertEntityResponse response;
    const grpc::Status status = registry_->UpsertEntity(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.entity();
  }

  grpc::Status Get(const std::string& id, v1::GetEntityResponse* response) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::GetEntityRequest request;
    request.set_id(id);
    return registry_->GetEntity(&context, request, response);
  }

  v1::ResolveResponse Resolve(const std::string& name) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::ResolveRequest request;
    request.set_name(name);
    v1::ResolveResponse response;
    const grpc::Status status = resolver_->Resolve(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::unique_ptr<v1::Registry::Stub> registry_;
  std::unique_ptr<v1::Resolver::Stub> resolver_;
};

TEST_F(CurationIntegrationTest, MergeRedirectsAndUndoRestoresBytes) {
  const v1::Entity target = Upsert(MakeEntity("APT31", {"Zirconium"}));
  const v1::Entity source = Upsert(MakeEntity("Violet Typhoon", {"Judgment Panda"}));

  grpc::ClientContext context;
  SetDeadline(&context);
  v1::MergeEntitiesRequest merge;
  merge.set_target_id(target.id());
  merge.add_source_ids(source.id());
  merge.set_expected_target_version(target.version());
  merge.set_note("same actor");
  v1::MergeEntitiesResponse merged;
  grpc::Status status = registry_->MergeEntities(&context, merge, &merged);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(merged.change().kind(), v1::CHANGE_KIND_MERGE);
  EXPECT_EQ(merged.entity().id(), target.id());
  EXPECT_EQ(merged.entity().aliases_size(), 3);

  v1::GetEntityResponse redirected;
  ASSERT_TRUE(Get(source.id(), &redirected).ok());
  EXPECT_EQ(redirected.entity().id(), target.id());
  EXPECT_EQ(redirected.redirected_from(), source.id());
  const v1::ResolveResponse resolved = Resolve("Judgment Panda");
  ASSERT_GT(resolved.candidates_size(), 0);
  for (const v1::Candidate& candidate : resolved.candidates()) EXPECT_NE(candidate.entity_id(), source.id());
  EXPECT_EQ(resolved.candidates(0).entity_id(), target.id());

  grpc::ClientContext undo_context;
  SetDeadline(&undo_context);
  v1::UndoRequest undo;
  undo.set_sequence(merged.change().sequence());
  v1::UndoResponse undone;
  status = registry_->Undo(&undo_context, undo, &undone);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::GetEntityResponse restored_target, restored_source;
  ASSERT_TRUE(Get(target.id(), &restored_target).ok());
  ASSERT_TRUE(Get(source.id(), &restored_source).ok());
  EXPECT_TRUE(restored_source.redirected_from().empty());
  EXPECT_EQ(storage::SerializeEntityRecord(restored_target.entity()), storage::SerializeEntityRecord(target));
  EXPECT_EQ(storage::SerializeEntityRecord(restored_source.entity()), storage::SerializeEntityRecord(source));

  grpc::ClientContext history_context;
  SetDeadline(&history_context);
  v1::GetHistoryRequest history_request;
  history_request.set_entity_id(source.id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(registry_->GetHistory(&history_context, history_request, &history).ok());
  ASSERT_EQ(history.changes_size(), 3);
  EXPECT_EQ(history.changes(0).kind(), v1::CHANGE_KIND_CREATE);
  EXPECT_EQ(history.changes(1).kind(), v1::CHANGE_KIND_MERGE);
  EXPECT_EQ(history.changes(1).note(), "same actor");
  EXPECT_EQ(history.changes(2).kind(), v1::CHANGE_KIND_UNDO);
}

TEST_F(CurationIntegrationTest, SplitAndStatusCodes) {
  const v1::Entity steppe = Upsert(MakeEntity("Grizzly Steppe", {"APT28", "APT29", "Cozy Bear"}));
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::SplitEntityRequest split;
  split.set_entity_id(steppe.id());
  split.add_alias_names("APT29");
  split.add_alias_names("Cozy Bear");
  v1::SplitEntityResponse response;
  const grpc::Status status = registry_->SplitEntity(&context, split, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.entity().aliases_size(), 1);
  EXPECT_EQ(response.new_entity().canonical_name(), "APT29");
  EXPECT_EQ(Resolve("Cozy Bear").candidates(0).entity_id(), response.new_entity().id());

  auto code_of = [this](const v1::MergeEntitiesRequest& request) {
    grpc::ClientContext c;
    SetDeadline(&c);
    v1::MergeEntitiesResponse r;
    return registry_->MergeEntities(&c, request, &r).error_code();
  };
  v1::MergeEntitiesRequest no_sources;
  no_sources.set_target_id(steppe.id());
  EXPECT_EQ(code_of(no_sources), grpc::StatusCode::INVALID_ARGUMENT);
  v1::MergeEntitiesRequest stale;
  stale.set_target_id(steppe.id());
  stale.add_source_ids(response.new_entity().id());
  stale.set_expected_target_version(1);
  EXPECT_EQ(code_of(stale), grpc::StatusCode::FAILED_PRECONDITION);
  v1::MergeEntitiesRequest missing;
  missing.set_target_id(steppe.id());
  missing.add_source_ids("E99999999");
  EXPECT_EQ(code_of(missing), grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext undo_context;
  SetDeadline(&undo_context);
  v1::UndoRequest undo;
  undo.set_sequence(999);
  v1::UndoResponse undone;
  EXPECT_EQ(registry_->Undo(&undo_context, undo, &undone).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CurationIntegrationTest, SharedAliasNeedsPermission) {
  Upsert(MakeEntity("Turla", {"Hippo Team"}));
  const v1::Entity apt26 = Upsert(MakeEntity("APT26", {}));
  auto add = [&](bool allow_shared) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::AddAliasRequest request;
    request.set_entity_id(apt26.id());
    request.mutable_alias()->set_name("Hippo Team");
    request.set_allow_shared(allow_shared);
    v1::AddAliasResponse response;
    return registry_->AddAlias(&context, request, &response).error_code();
  };
  EXPECT_EQ(add(false), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(add(true), grpc::StatusCode::OK);
  EXPECT_EQ(Resolve("Hippo Team").outcome(), v1::AMBIGUOUS);
}

TEST_F(CurationIntegrationTest, ResolveHonoursNegativeKnowledge) {
  const v1::Entity apt28 = Upsert(MakeEntity("APT28", {"Fancy Bear"}));
  ASSERT_EQ(Resolve("Fancy Bear").outcome(), v1::MATCHED);

  grpc::ClientContext context;
  SetDeadline(&context);
  v1::AddNegativeRequest add;
  add.mutable_negative()->set_name("fancy  BEAR");
  add.mutable_negative()->set_entity_id(apt28.id());
  add.mutable_negative()->set_note("the analyst's hit was a bear-themed bakery");
  v1::AddNegativeResponse added;
  grpc::Status status = registry_->AddNegative(&context, add, &added);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(added.change().kind(), v1::CHANGE_KIND_ADD_NEGATIVE);
  const v1::ResolveResponse suppressed = Resolve("Fancy Bear");
  EXPECT_EQ(suppressed.outcome(), v1::NO_MATCH);
  for (const v1::Candidate& candidate : suppressed.candidates()) EXPECT_NE(candidate.entity_id(), apt28.id());
  EXPECT_EQ(Resolve("APT28").outcome(), v1::MATCHED);  // Only that name is affected.

  grpc::ClientContext remove_context;
  SetDeadline(&remove_context);
  v1::RemoveNegativeRequest remove;
  remove.set_name("Fancy Bear");
  remove.set_entity_id(apt28.id());
  v1::RemoveNegativeResponse removed;
  status = registry_->RemoveNegative(&remove_context, remove, &removed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Resolve("Fancy Bear").outcome(), v1::MATCHED);

  grpc::ClientContext bad_context;
  SetDeadline(&bad_context);
  v1::AddNegativeRequest bad;
  bad.mutable_negative()->set_name("Fancy Bear");
  EXPECT_EQ(registry_->AddNegative(&bad_context, bad, &added).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Reads `count` changes from a watch that starts after `after`, on a fresh connection, then drops it.
std::vector<v1::Change> WatchSome(v1::Registry::Stub* stub, int64_t after, int count) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::WatchChangesRequest request;
  request.set_after_sequence(after);
  std::unique_ptr<grpc::ClientReader<v1::WatchChangesResponse>> reader = stub->WatchChanges(&context, request);
  std::vector<v1::Change> changes;
  v1::WatchChangesResponse response;
  while (static_cast<int>(changes.size()) < count && reader->Read(&response)) changes.push_back(response.change());
  context.TryCancel();  // The client goes away mid-stream, as a dropped connection would.
  while (reader->Read(&response)) {
  }
  reader->Finish().IgnoreError();
  return changes;
}

TEST_F(CurationIntegrationTest, WatchResumesWithoutGapOrDuplicate) {
  for (int i = 0; i < 5; ++i) Upsert(MakeEntity("Actor " + std::string(1, static_cast<char>('A' + i)), {}));

  std::vector<int64_t> seen;
  {
    auto channel = NewChannel();
    auto stub = v1::Registry::NewStub(channel);
    for (const v1::Change& change : WatchSome(stub.get(), 0, 3)) seen.push_back(change.sequence());
  }  // Channel dropped: the connection is gone.
  ASSERT_EQ(seen.size(), 3u);

  // Changes committed while nobody watches, then a watch that resumes from the last sequence seen and also
  // receives changes committed while it is open (the tail).
  for (int i = 5; i < 8; ++i) Upsert(MakeEntity("Actor " + std::string(1, static_cast<char>('A' + i)), {}));
  auto channel = NewChannel();
  auto stub = v1::Registry::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::WatchChangesRequest request;
  request.set_after_sequence(seen.back());
  auto reader = stub->WatchChanges(&context, request);
  v1::WatchChangesResponse response;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(reader->Read(&response));
    seen.push_back(response.change().sequence());
  }
  Upsert(MakeEntity("Actor Z", {}));  // Committed while the watch is tailing.
  ASSERT_TRUE(reader->Read(&response));
  seen.push_back(response.change().sequence());
  EXPECT_EQ(response.change().entities(0).after().canonical_name(), "Actor Z");
  context.TryCancel();
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  ASSERT_EQ(seen.size(), 9u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int64_t>(i + 1)) << "position " << i;

  grpc::ClientContext bad_context;
  SetDeadline(&bad_context);
  v1::WatchChangesRequest bad;
  bad.set_after_sequence(-1);
  auto bad_reader = registry_->WatchChanges(&bad_context, bad);
  EXPECT_FALSE(bad_reader->Read(&response));
  EXPECT_EQ(bad_reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CurationIntegrationTest, ResolveAsOfAnswersAsTheRegistryStoodThen) {
  v1::Entity turla = Upsert(MakeEntity("Turla", {"Snake"}));
  // The time of the creating change (GetHistory), so the view is exactly after it.
  grpc::ClientContext history_context;
  SetDeadline(&history_context);
  v1::GetHistoryRequest history_request;
  history_request.set_entity_id(turla.id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(registry_->GetHistory(&history_context, history_request, &history).ok());
  ASSERT_EQ(history.changes_size(), 1);
  const google::protobuf::Timestamp created = history.changes(0).time();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  turla.set_canonical_name("Venomous Bear");
  turla.clear_aliases();
  Upsert(turla);

  auto resolve_as_of = [this](const std::string& name, const google::protobuf::Timestamp* as_of,
                              v1::ResolveResponse* response) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::ResolveRequest request;
    request.set_name(name);
    if (as_of != nullptr) *request.mutable_as_of() = *as_of;
    return resolver_->Resolve(&context, request, response);
  };
  v1::ResolveResponse then, now;
  ASSERT_TRUE(resolve_as_of("Snake", &created, &then).ok());
  EXPECT_EQ(then.outcome(), v1::MATCHED);
  ASSERT_GT(then.candidates_size(), 0);
  EXPECT_EQ(then.candidates(0).entity_id(), turla.id());
  EXPECT_EQ(then.candidates(0).canonical_name(), "Turla");
  ASSERT_TRUE(resolve_as_of("Snake", nullptr, &now).ok());
  EXPECT_NE(now.outcome(), v1::MATCHED);
  ASSERT_TRUE(resolve_as_of("Venomous Bear", &created, &then).ok());
  EXPECT_NE(then.outcome(), v1::MATCHED);

  google::protobuf::Timestamp before_everything;
  before_everything.set_seconds(created.seconds() - 3600);
  ASSERT_TRUE(resolve_as_of("Turla", &before_everything, &then).ok());
  EXPECT_EQ(then.outcome(), v1::NO_MATCH);

  google::protobuf::Timestamp bad;
  bad.set_seconds(1);
  bad.set_nanos(-5);
  const grpc::Status refused = resolve_as_of("Turla", &bad, &then);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(refused.error_message().find("as_of"), std::string::npos);
}

}  // namespace
}  // namespace aka

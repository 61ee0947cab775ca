// aka::MockClient: a gMock implementation of aka::Client for the tests of code that calls aka (including the
// aka CLI's own tests), so they need neither a server nor a network. Link GTest::gmock.
//
//   aka::MockClient client;
//   EXPECT_CALL(client, Resolve(testing::_)).WillOnce(testing::Return(response));
#ifndef AKA_CLIENT_MOCK_CLIENT_H_
#define AKA_CLIENT_MOCK_CLIENT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "client/client.h"
#include "gmock/gmock.h"

namespace aka {

class MockClient : public Client {
 public:
  // LookupEntity defaults to GetEntity's answer, never redirected, so tests that mock only GetEntity keep
  // working; expect LookupEntity itself to answer a redirect.
  MockClient() {
    ON_CALL(*this, LookupEntity).WillByDefault([this](const std::string& id) -> absl::StatusOr<v1::GetEntityResponse> {
      absl::StatusOr<v1::Entity> entity = GetEntity(id);
      if (!entity.ok()) return entity.status();
      v1::GetEntityResponse response;
      *response.mutable_entity() = *std::move(entity);
      return response;
    });
  }

  MOCK_METHOD(absl::StatusOr<v1::ResolveResponse>, Resolve, (const v1::ResolveRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Entity>, GetEntity, (const std::string& id), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListEntitiesResponse>, ListEntities, (const v1::ListEntitiesRequest& request),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::UpsertEntityResponse>, UpsertEntity, (const v1::UpsertEntityRequest& request),
              (override));
  MOCK_METHOD(absl::Status, DeleteEntity, (const v1::DeleteEntityRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Entity>, AddAlias, (const v1::AddAliasRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Entity>, RemoveAlias, (const v1::RemoveAliasRequest& request), (override));
  // An action can drain the stream the way the real client does: `while (next(&entity)) ...`.
  MOCK_METHOD(absl::StatusOr<v1::ImportResponse>, Import, (const std::function<bool(v1::Entity*)>& next), (override));
  MOCK_METHOD(absl::StatusOr<HealthState>, Health, (const std::string& service), (override));
  MOCK_METHOD(absl::StatusOr<v1::MergeEntitiesResponse>, MergeEntities, (const v1::MergeEntitiesRequest& request),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::SplitEntityResponse>, SplitEntity, (const v1::SplitEntityRequest& request),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::UndoResponse>, Undo, (const v1::UndoRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::GetHistoryResponse>, GetHistory, (const v1::GetHistoryRequest& request),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::AddNegativeResponse>, AddNegative, (const v1::AddNegativeRequest& request),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::RemoveNegativeResponse>, RemoveNegative,
              (const v1::RemoveNegativeRequest& request), (override));
  MOCK_METHOD(absl::Status, WatchChanges,
              (const v1::WatchChangesRequest& request, std::chrono::milliseconds timeout,
               const std::function<bool(const v1::Change&)>& on_change),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::GetEntityResponse>, LookupEntity, (const std::string& id), (override));
  MOCK_METHOD(absl::StatusOr<v1::BackupResponse>, Backup, (const v1::BackupRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListBackupsResponse>, ListBackups, (const v1::ListBackupsRequest& request),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::RestoreResponse>, Restore, (const v1::RestoreRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::VerifyResponse>, Verify, (const v1::VerifyRequest& request), (override));
  // Return a ResolveStreamCall of your own (e.g. an in-memory one) to test code that streams, such as
  // ResolveAll, BatchResolveStream or `aka canonicalize`.
  MOCK_METHOD(absl::StatusOr<std::unique_ptr<ResolveStreamCall>>, OpenResolveStream,
              (std::chrono::milliseconds timeout), (override));
};

}  // namespace aka

#endif  // AKA_CLIENT_MOCK_CLIENT_H_

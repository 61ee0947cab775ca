// `aka entity ...`, `aka admin ...`, `aka get` on a merged id and `aka resolve --as-of` through RunCli
// against a MockClient: the requests built from the command line, text and --json output, exit codes.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "client/cli/app.h"
#include "client/cli/cli_test_fixture.h"
#include "client/cli/commands.h"
#include "client/mock_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace aka::cli {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Return;

v1::Entity Turla(int64_t version) {
  v1::Entity entity;
  entity.set_id("E00000001");
  entity.set_type("threat_actor");
  entity.set_canonical_name("Turla");
  entity.set_version(version);
  entity.add_aliases()->set_name("Snake");
  return entity;
}

using EntityAdminCommandsTest = MockCliTest;

TEST_F(EntityAdminCommandsTest, GetShowsTheRedirectInTextAndJson) {
  v1::GetEntityResponse redirected;
  *redirected.mutable_entity() = Turla(3);
  redirected.set_redirected_from("E00000002");
  EXPECT_CALL(mock_, LookupEntity("E00000002")).WillOnce(Return(redirected));
  EXPECT_EQ(Run({"get", "E00000002"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("redirected from E00000002 (merged into E00000001)"));
}

TEST_F(EntityAdminCommandsTest, GetJsonCarriesRedirectedFrom) {
  v1::GetEntityResponse redirected;
  *redirected.mutable_entity() = Turla(3);
  redirected.set_redirected_from("E00000002");
  EXPECT_CALL(mock_, LookupEntity("E00000002")).WillOnce(Return(redirected));
  EXPECT_EQ(Run({"entity", "get", "E00000002", "--json"}), kExitOk);
  const nlohmann::json line = nlohmann::json::parse(out_.str());
  EXPECT_EQ(line["redirected_from"], "E00000002");
  EXPECT_EQ(line["id"], "E00000001");
}

TEST_F(EntityAdminCommandsTest, GetOfALiveIdHasNoRedirect) {
  EXPECT_CALL(mock_, GetEntity("E00000001")).WillOnce(Return(Turla(3)));
  EXPECT_EQ(Run({"get", "E00000001", "--json"}), kExitOk);
  EXPECT_FALSE(nlohmann::json::parse(out_.str()).contains("redirected_from"));
}

TEST_F(EntityAdminCommandsTest, CreateBuildsTheEntity) {
  v1::UpsertEntityRequest seen;
  EXPECT_CALL(mock_, UpsertEntity(_)).WillOnce(Invoke([&](const v1::UpsertEntityRequest& request) {
    seen = request;
    v1::UpsertEntityResponse response;
    *response.mutable_entity() = request.entity();
    response.mutable_entity()->set_id("E00000009");
    response.set_created(true);
    return response;
  }));
  EXPECT_EQ(Run({"entity", "create", "--type", "threat_actor", "--name", "Turla", "--alias", "Snake", "--alias",
                 "Uroburos", "--source", "curator", "--external-id", "mitre=G0010", "--attribute", "country=RU"}),
            kExitOk);
  EXPECT_EQ(seen.entity().id(), "");
  EXPECT_EQ(seen.entity().canonical_name(), "Turla");
  ASSERT_EQ(seen.entity().aliases_size(), 2);
  EXPECT_EQ(seen.entity().aliases(1).source(), "curator");
  EXPECT_EQ(seen.entity().external_ids().at("mitre"), "G0010");
  EXPECT_EQ(seen.entity().attributes().at("country"), "RU");
  EXPECT_EQ(seen.expected_version(), 0);
  EXPECT_THAT(out_.str(), HasSubstr("created E00000009"));
}

TEST_F(EntityAdminCommandsTest, UpdateWritesAtTheVersionItRead) {
  EXPECT_CALL(mock_, GetEntity("E00000001")).WillOnce(Return(Turla(4)));
  v1::UpsertEntityRequest seen;
  EXPECT_CALL(mock_, UpsertEntity(_)).WillOnce(Invoke([&](const v1::UpsertEntityRequest& request) {
    seen = request;
    return absl::FailedPreconditionError("entity E00000001 is at version 5, not 4");
  }));
  EXPECT_EQ(Run({"entity", "update", "E00000001", "--name", "Venomous Bear", "--remove-alias", "Snake"}),
            kExitRpcError);
  EXPECT_EQ(seen.expected_version(), 4);
  EXPECT_EQ(seen.entity().canonical_name(), "Venomous Bear");
  EXPECT_EQ(seen.entity().aliases_size(), 0);
  EXPECT_THAT(err_.str(), HasSubstr("FAILED_PRECONDITION"));
}

TEST_F(EntityAdminCommandsTest, UpdateRefusesBadPairsAndUnknownAliases) {
  EXPECT_CALL(mock_, GetEntity("E00000001")).WillRepeatedly(Return(Turla(4)));
  EXPECT_CALL(mock_, UpsertEntity(_)).Times(0);
  EXPECT_EQ(Run({"entity", "update", "E00000001", "--attribute", "country"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--attribute: \"country\" is not KEY=VALUE"));
}

TEST_F(EntityAdminCommandsTest, UpdateRefusesRemovingAnAliasItLacks) {
  EXPECT_CALL(mock_, GetEntity("E00000001")).WillOnce(Return(Turla(4)));
  EXPECT_CALL(mock_, UpsertEntity(_)).Times(0);
  EXPECT_EQ(Run({"entity", "update", "E00000001", "--remove-alias", "Krypton"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("has no alias"));
}

TEST_F(EntityAdminCommandsTest, DeleteAndListWithJson) {
  v1::DeleteEntityRequest deleted;
  EXPECT_CALL(mock_, DeleteEntity(_)).WillOnce(Invoke([&](const v1::DeleteEntityRequest& request) {
    deleted = request;
    return absl::OkStatus();
  }));
  EXPECT_EQ(Run({"entity", "delete", "E00000001", "--expected-version", "3", "--json"}), kExitOk);
  EXPECT_EQ(deleted.expected_version(), 3);
  EXPECT_EQ(nlohmann::json::parse(out_.str())["deleted"], "E00000001");
}

TEST_F(EntityAdminCommandsTest, ListStopsAtTheLimit) {
  v1::ListEntitiesRequest seen;
  EXPECT_CALL(mock_, ListEntities(_)).WillOnce(Invoke([&](const v1::ListEntitiesRequest& request) {
    seen = request;
    v1::ListEntitiesResponse page;
    *page.add_entities() = Turla(1);
    page.set_next_page_token("E00000001");
    return page;
  }));
  EXPECT_EQ(Run({"entity", "list", "--type", "threat_actor", "--limit", "1"}), kExitOk);
  EXPECT_EQ(seen.page_size(), 1);
  EXPECT_EQ(seen.type(), "threat_actor");
  EXPECT_THAT(out_.str(), HasSubstr("E00000001  threat_actor  1"));
}

TEST_F(EntityAdminCommandsTest, AdminBackupRestoreAndVerify) {
  v1::BackupResponse backup;
  backup.mutable_backup()->set_backup_id(2);
  backup.mutable_backup()->set_last_sequence(41);
  EXPECT_CALL(mock_, Backup(_)).WillOnce(Return(backup));
  EXPECT_EQ(Run({"admin", "backup"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("backup 2"));
  EXPECT_THAT(out_.str(), HasSubstr("through change #41"));
}

TEST_F(EntityAdminCommandsTest, AdminRestoreNamesTheBackup) {
  v1::RestoreRequest seen;
  EXPECT_CALL(mock_, Restore(_)).WillOnce(Invoke([&](const v1::RestoreRequest& request) {
    seen = request;
    v1::RestoreResponse response;
    response.mutable_backup()->set_backup_id(request.backup_id());
    response.set_next_step("restart akad");
    return response;
  }));
  EXPECT_EQ(Run({"admin", "restore", "3", "--json"}), kExitOk);
  EXPECT_EQ(seen.backup_id(), 3u);
  EXPECT_EQ(nlohmann::json::parse(out_.str())["next_step"], "restart akad");
}

TEST_F(EntityAdminCommandsTest, AdminVerifyExitsOneWithProblems) {
  v1::VerifyResponse verified;
  verified.set_ok(false);
  verified.add_problems("orphan names row for E00000007");
  verified.set_entities(12);
  v1::VerifyRequest seen;
  EXPECT_CALL(mock_, Verify(_)).WillOnce(Invoke([&](const v1::VerifyRequest& request) {
    seen = request;
    return verified;
  }));
  EXPECT_EQ(Run({"admin", "verify", "--backups"}), kExitNegative);
  EXPECT_TRUE(seen.backups());
  EXPECT_THAT(out_.str(), HasSubstr("problem: orphan names row for E00000007"));
  EXPECT_THAT(out_.str(), HasSubstr("NOT clean: 12 entities"));
}

TEST_F(EntityAdminCommandsTest, ResolveAsOfSetsTheTimeAndRefusesABadOne) {
  v1::ResolveRequest seen;
  EXPECT_CALL(mock_, Resolve(_)).WillOnce(Invoke([&](const v1::ResolveRequest& request) {
    seen = request;
    v1::ResolveResponse response;
    response.set_outcome(v1::NO_MATCH);
    return response;
  }));
  EXPECT_EQ(Run({"resolve", "--as-of", "2026-11-24T10:00:00Z", "Turla"}), kExitNegative);
  EXPECT_EQ(seen.as_of().seconds(), 1795514400);
}

TEST_F(EntityAdminCommandsTest, ResolveRefusesABadAsOf) {
  EXPECT_CALL(mock_, Resolve(_)).Times(0);
  EXPECT_EQ(Run({"resolve", "--as-of", "yesterday", "Turla"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--as-of: \"yesterday\" is not an RFC 3339 time"));
}

}  // namespace
}  // namespace aka::cli

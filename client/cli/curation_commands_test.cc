// The curation commands (merge, split, undo, history, watch) through RunCli against a MockClient: the
// requests they build from the command line, text and --json output, paging, --count, and exit codes.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
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

v1::Change MakeChange(int64_t sequence, v1::ChangeKind kind) {
  v1::Change change;
  change.set_sequence(sequence);
  change.set_kind(kind);
  change.set_who("alice");
  change.mutable_time()->set_seconds(1700000000);
  v1::EntityChange* entity = change.add_entities();
  entity->set_entity_id("E00000002");
  entity->mutable_before()->set_version(1);
  entity->mutable_before()->set_canonical_name("Violet Typhoon");
  entity->set_redirect_after("E00000001");
  return change;
}

using CurationCommandsTest = MockCliTest;

TEST_F(CurationCommandsTest, MergeBuildsTheRequestAndPrintsTheChange) {
  v1::MergeEntitiesRequest seen;
  EXPECT_CALL(mock_, MergeEntities(_)).WillOnce(Invoke([&](const v1::MergeEntitiesRequest& request) {
    seen = request;
    v1::MergeEntitiesResponse response;
    *response.mutable_change() = MakeChange(7, v1::CHANGE_KIND_MERGE);
    return response;
  }));
  EXPECT_EQ(Run({"merge", "E00000001", "E00000002", "E00000003", "--expected-version", "4", "--note", "same"}),
            kExitOk);
  EXPECT_EQ(seen.target_id(), "E00000001");
  ASSERT_EQ(seen.source_ids_size(), 2);
  EXPECT_EQ(seen.source_ids(1), "E00000003");
  EXPECT_EQ(seen.expected_target_version(), 4);
  EXPECT_EQ(seen.note(), "same");
  EXPECT_THAT(out_.str(), HasSubstr("#7  2023-11-14T22:13:20Z  MERGE  by \"alice\""));
  EXPECT_THAT(out_.str(), HasSubstr("E00000002  v1 -> merged into E00000001  \"Violet Typhoon\""));
}

TEST_F(CurationCommandsTest, MergeJsonAndConflictExitCode) {
  EXPECT_CALL(mock_, MergeEntities(_))
      .WillOnce(Invoke([](const v1::MergeEntitiesRequest&) -> absl::StatusOr<v1::MergeEntitiesResponse> {
        v1::MergeEntitiesResponse response;
        *response.mutable_change() = MakeChange(7, v1::CHANGE_KIND_MERGE);
        return response;
      }));
  EXPECT_EQ(Run({"merge", "--json", "E00000001", "E00000002"}), kExitOk);
  const nlohmann::json parsed = nlohmann::json::parse(out_.str());
  EXPECT_EQ(parsed["change"]["kind"], "CHANGE_KIND_MERGE");
  EXPECT_EQ(parsed["change"]["entities"][0]["redirect_after"], "E00000001");

  client_ = std::make_unique<MockClient>();  // RunCli took the first one; a second run needs another.
  EXPECT_CALL(*client_, MergeEntities(_))
      .WillOnce(Return(absl::FailedPreconditionError("entity E00000001 is at version 5, not 4")));
  EXPECT_EQ(Run({"merge", "E00000001", "E00000002", "--expected-version", "4"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("aka: merge: FAILED_PRECONDITION: entity E00000001 is at version 5, not 4"));
}

TEST_F(CurationCommandsTest, SplitAndUndoBuildTheirRequests) {
  v1::SplitEntityRequest split;
  EXPECT_CALL(mock_, SplitEntity(_)).WillOnce(Invoke([&](const v1::SplitEntityRequest& request) {
    split = request;
    v1::SplitEntityResponse response;
    *response.mutable_change() = MakeChange(8, v1::CHANGE_KIND_SPLIT);
    return response;
  }));
  EXPECT_EQ(Run({"split", "E00000001", "APT29", "Cozy Bear", "--name", "APT 29"}), kExitOk);
  EXPECT_EQ(split.entity_id(), "E00000001");
  ASSERT_EQ(split.alias_names_size(), 2);
  EXPECT_EQ(split.alias_names(1), "Cozy Bear");
  EXPECT_EQ(split.new_canonical_name(), "APT 29");

  client_ = std::make_unique<MockClient>();
  v1::UndoRequest undo;
  EXPECT_CALL(*client_, Undo(_)).WillOnce(Invoke([&](const v1::UndoRequest& request) {
    undo = request;
    v1::UndoResponse response;
    *response.mutable_change() = MakeChange(9, v1::CHANGE_KIND_UNDO);
    response.mutable_change()->set_undoes(7);
    return response;
  }));
  EXPECT_EQ(Run({"undo", "7", "--note", "wrong"}), kExitOk);
  EXPECT_EQ(undo.sequence(), 7);
  EXPECT_EQ(undo.note(), "wrong");
  EXPECT_THAT(out_.str(), HasSubstr("UNDO  by \"alice\"  undoes #7"));
  EXPECT_EQ(Run({"undo", "0"}), kExitUsage);
}

TEST_F(CurationCommandsTest, HistoryPagesUntilAShortPage) {
  std::vector<int64_t> afters;
  EXPECT_CALL(mock_, GetHistory(_)).Times(2).WillRepeatedly(Invoke([&](const v1::GetHistoryRequest& request) {
    afters.push_back(request.after_sequence());
    v1::GetHistoryResponse response;
    const int count = afters.size() == 1 ? request.page_size() : 2;
    for (int i = 0; i < count; ++i) {
      *response.add_changes() = MakeChange(request.after_sequence() + i + 1, v1::CHANGE_KIND_UPDATE);
    }
    return response;
  }));
  EXPECT_EQ(Run({"history", "E00000002", "--json"}), kExitOk);
  EXPECT_EQ(afters, (std::vector<int64_t>{0, 1000}));
  const std::vector<std::string> lines = absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1002u);
  EXPECT_EQ(nlohmann::json::parse(lines.back())["sequence"], "1002");  // int64 is a string in proto3 JSON.
}

TEST_F(CurationCommandsTest, WatchStopsAfterCountAndReportsErrors) {
  v1::WatchChangesRequest seen;
  EXPECT_CALL(mock_, WatchChanges(_, _, _))
      .WillOnce(Invoke([&](const v1::WatchChangesRequest& request, std::chrono::milliseconds timeout,
                           const std::function<bool(const v1::Change&)>& on_change) {
        seen = request;
        EXPECT_EQ(timeout.count(), 0);  // A watch has no deadline.
        for (int64_t s = request.after_sequence() + 1;; ++s) {
          if (!on_change(MakeChange(s, v1::CHANGE_KIND_CREATE))) return absl::OkStatus();
        }
      }));
  EXPECT_EQ(Run({"watch", "--since", "41", "--count", "3", "--json"}), kExitOk);
  EXPECT_EQ(seen.after_sequence(), 41);
  const std::vector<std::string> lines = absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(lines[0])["sequence"], "42");
  EXPECT_EQ(nlohmann::json::parse(lines[2])["sequence"], "44");

  client_ = std::make_unique<MockClient>();
  EXPECT_CALL(*client_, WatchChanges(_, _, _)).WillOnce(Return(absl::UnavailableError("connection lost")));
  EXPECT_EQ(Run({"watch"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("aka: watch: UNAVAILABLE: connection lost"));
}

TEST_F(CurationCommandsTest, NegativeAddAndRemove) {
  v1::AddNegativeRequest added;
  EXPECT_CALL(mock_, AddNegative(_)).WillOnce(Invoke([&](const v1::AddNegativeRequest& request) {
    added = request;
    v1::AddNegativeResponse response;
    *response.mutable_change() = MakeChange(10, v1::CHANGE_KIND_ADD_NEGATIVE);
    return response;
  }));
  EXPECT_EQ(Run({"negative", "add", "Fancy Bear", "E00000028", "--note", "bakery", "--expires", "2027-01-01T00:00:00Z"}),
            kExitOk);
  EXPECT_EQ(added.negative().name(), "Fancy Bear");
  EXPECT_EQ(added.negative().entity_id(), "E00000028");
  EXPECT_EQ(added.negative().note(), "bakery");
  EXPECT_EQ(added.negative().expire_time().seconds(), 1798761600);
  EXPECT_THAT(out_.str(), HasSubstr("ADD_NEGATIVE"));

  client_ = std::make_unique<MockClient>();
  v1::RemoveNegativeRequest removed;
  EXPECT_CALL(*client_, RemoveNegative(_)).WillOnce(Invoke([&](const v1::RemoveNegativeRequest& request) {
    removed = request;
    return v1::RemoveNegativeResponse();
  }));
  EXPECT_EQ(Run({"negative", "remove", "Fancy Bear", "E00000028", "--json"}), kExitOk);
  EXPECT_EQ(removed.name(), "Fancy Bear");
  EXPECT_EQ(removed.entity_id(), "E00000028");

  client_ = std::make_unique<MockClient>();
  EXPECT_EQ(Run({"negative", "add", "Fancy Bear", "E00000028", "--expires", "next week"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--expires"));
}

TEST_F(CurationCommandsTest, AliasAddCarriesProvenanceAndAllowShared) {
  v1::AddAliasRequest seen;
  EXPECT_CALL(mock_, AddAlias(_)).WillOnce(Invoke([&](const v1::AddAliasRequest& request) {
    seen = request;
    v1::Entity entity;
    entity.set_id("E00000026");
    entity.set_version(3);
    entity.set_canonical_name("APT26");
    *entity.add_aliases() = request.alias();
    return entity;
  }));
  EXPECT_EQ(Run({"alias", "add", "E00000026", "Hippo Team", "--source", "misp", "--reference", "https://x",
                 "--kind", "weak_aka", "--allow-shared", "--expected-version", "2"}),
            kExitOk);
  EXPECT_EQ(seen.entity_id(), "E00000026");
  EXPECT_EQ(seen.alias().name(), "Hippo Team");
  EXPECT_EQ(seen.alias().source(), "misp");
  EXPECT_EQ(seen.alias().reference(), "https://x");
  EXPECT_EQ(seen.alias().kind(), v1::WEAK_AKA);
  EXPECT_TRUE(seen.allow_shared());
  EXPECT_EQ(seen.expected_version(), 2);
  EXPECT_EQ(out_.str(), "E00000026  v3  \"APT26\"  1 aliases\n");

  client_ = std::make_unique<MockClient>();
  EXPECT_CALL(*client_, AddAlias(_))
      .WillOnce(Return(absl::AlreadyExistsError("alias \"Hippo Team\": entity E00000001 already has this name")));
  EXPECT_EQ(Run({"alias", "add", "E00000026", "Hippo Team"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("ALREADY_EXISTS"));

  client_ = std::make_unique<MockClient>();
  EXPECT_EQ(Run({"alias", "add", "E00000026", "Hippo Team", "--kind", "nickname"}), kExitUsage);

  client_ = std::make_unique<MockClient>();
  v1::RemoveAliasRequest removed;
  EXPECT_CALL(*client_, RemoveAlias(_)).WillOnce(Invoke([&](const v1::RemoveAliasRequest& request) {
    removed = request;
    return v1::Entity();
  }));
  EXPECT_EQ(Run({"alias", "remove", "E00000026", "Hippo Team", "--json"}), kExitOk);
  EXPECT_EQ(removed.name(), "Hippo Team");
}

}  // namespace
}  // namespace aka::cli

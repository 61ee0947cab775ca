// The aka CLI's resolve and health commands and its command-line parsing (RunCli) against a MockClient:
// table and JSON output, exit codes, usage errors. File commands (get/import/export): file_commands_test.cc.
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "client/cli/app.h"
#include "client/cli/commands.h"
#include "client/mock_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace aka::cli {
namespace {

using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::IsEmpty;
using ::testing::Return;

v1::Candidate MakeCandidate(const std::string& id, const std::string& name, double score) {
  v1::Candidate candidate;
  candidate.set_entity_id(id);
  candidate.set_canonical_name(name);
  candidate.set_type("threat_actor");
  candidate.set_score(score);
  candidate.set_matched_name(name);
  candidate.set_match_kind(v1::NORMALIZED);
  candidate.set_matched_source("misp");
  (*candidate.mutable_external_ids())["misp"] = "uuid-" + id;
  (*candidate.mutable_external_ids())["mitre"] = "G00" + id.substr(id.size() - 2);
  return candidate;
}

v1::ResolveResponse Matched() {
  v1::ResolveResponse response;
  response.set_outcome(v1::MATCHED);
  *response.add_candidates() = MakeCandidate("E00000031", "APT31", 0.97);
  return response;
}

v1::ResolveResponse Ambiguous() {
  v1::ResolveResponse response;
  response.set_outcome(v1::AMBIGUOUS);
  *response.add_candidates() = MakeCandidate("E00000028", "APT28", 0.91);
  *response.add_candidates() = MakeCandidate("E00000029", "APT29", 0.91);
  return response;
}

v1::ResolveResponse NoMatch() {
  v1::ResolveResponse response;
  response.set_outcome(v1::NO_MATCH);
  return response;
}

std::vector<std::string> Lines(const std::string& text) { return absl::StrSplit(text, '\n', absl::SkipEmpty()); }

class ResolveCommandTest : public ::testing::Test {
 protected:
  int Run(const ResolveArgs& args) { return RunResolve(args, client_, out_, err_); }
  MockClient client_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ResolveCommandTest, MatchedPrintsTableAndExitsZero) {
  EXPECT_CALL(client_, Resolve(_)).WillOnce(Return(Matched()));
  ResolveArgs args;
  args.names = {"APT 31"};
  EXPECT_EQ(Run(args), kExitOk);
  std::vector<std::string> lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 3u) << out_.str();
  EXPECT_EQ(lines[0], "\"APT 31\": MATCHED");
  EXPECT_THAT(lines[1], AllOf(HasSubstr("SCORE"), HasSubstr("ENTITY"), HasSubstr("TYPE"), HasSubstr("CANONICAL NAME"),
                              HasSubstr("MATCHED NAME"), HasSubstr("MATCH"), HasSubstr("EXTERNAL IDS")));
  EXPECT_EQ(lines[2],
            "  0.970  E00000031  threat_actor  APT31           APT31 (misp)  NORMALIZED  "
            "misp=uuid-E00000031 mitre=G0031");
  EXPECT_THAT(err_.str(), IsEmpty());
}

TEST_F(ResolveCommandTest, RequestCarriesFlags) {
  v1::ResolveRequest seen;
  EXPECT_CALL(client_, Resolve(_)).WillOnce(Invoke([&](const v1::ResolveRequest& request) {
    seen = request;
    return Matched();
  }));
  ResolveArgs args;
  args.names = {"APT 31"};
  args.types = {"threat_actor", "organization"};
  args.max_candidates = 3;
  args.min_score = 0.5;
  args.explain = true;
  EXPECT_EQ(Run(args), kExitOk);
  EXPECT_EQ(seen.name(), "APT 31");
  EXPECT_THAT(seen.types(), ElementsAre("threat_actor", "organization"));
  EXPECT_EQ(seen.max_candidates(), 3);
  EXPECT_DOUBLE_EQ(seen.min_score(), 0.5);
  EXPECT_TRUE(seen.explain());
}

TEST_F(ResolveCommandTest, JsonHasOneLinePerNameWithSnakeCaseFields) {
  v1::ResolveResponse explained = Matched();
  v1::Explanation* explanation = explained.mutable_candidates(0)->mutable_explanation();
  explanation->set_normalized_query("apt 31");
  explanation->set_key_kind(v1::NORMALIZED);
  explanation->set_summary("same name after normalization");
  v1::ScoreFeature* feature = explanation->add_features();
  feature->set_name("numbers");
  feature->set_value(1);
  feature->set_contribution(0.1);
  EXPECT_CALL(client_, Resolve(_)).WillOnce(Return(explained)).WillOnce(Return(NoMatch()));
  ResolveArgs args;
  args.names = {"APT 31", "nobody"};
  args.json = true;
  EXPECT_EQ(Run(args), kExitNegative);
  std::vector<std::string> lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 2u) << out_.str();

  nlohmann::json first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["name"], "APT 31");
  EXPECT_EQ(first["outcome"], "MATCHED");
  ASSERT_EQ(first["candidates"].size(), 1u);
  const nlohmann::json& candidate = first["candidates"][0];
  EXPECT_EQ(candidate["entity_id"], "E00000031");
  EXPECT_EQ(candidate["canonical_name"], "APT31");
  EXPECT_EQ(candidate["type"], "threat_actor");
  EXPECT_DOUBLE_EQ(candidate["score"].get<double>(), 0.97);
  EXPECT_EQ(candidate["matched_name"], "APT31");
  EXPECT_EQ(candidate["match_kind"], "NORMALIZED");
  EXPECT_EQ(candidate["matched_source"], "misp");
  EXPECT_EQ(candidate["external_ids"]["mitre"], "G0031");
  EXPECT_EQ(candidate["explanation"]["normalized_query"], "apt 31");
  EXPECT_EQ(candidate["explanation"]["key_kind"], "NORMALIZED");
  EXPECT_EQ(candidate["explanation"]["features"][0]["name"], "numbers");

  nlohmann::json second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["name"], "nobody");
  EXPECT_EQ(second["outcome"], "NO_MATCH");
  EXPECT_TRUE(second["candidates"].empty());
}

TEST_F(ResolveCommandTest, NoMatchExitsOne) {
  EXPECT_CALL(client_, Resolve(_)).WillOnce(Return(NoMatch()));
  ResolveArgs args;
  args.names = {"nobody"};
  EXPECT_EQ(Run(args), kExitNegative);
  EXPECT_EQ(out_.str(), "\"nobody\": NO_MATCH\n  (no candidates)\n");
}

TEST_F(ResolveCommandTest, AmbiguousExitsOneAndListsEveryCandidate) {
  EXPECT_CALL(client_, Resolve(_)).WillOnce(Return(Ambiguous()));
  ResolveArgs args;
  args.names = {"Grizzly Steppe"};
  EXPECT_EQ(Run(args), kExitNegative);
  EXPECT_THAT(out_.str(),
              AllOf(HasSubstr("\"Grizzly Steppe\": AMBIGUOUS"), HasSubstr("E00000028"), HasSubstr("E00000029")));
}

TEST_F(ResolveCommandTest, ExplainPrintsTheExplanationUnderItsCandidate) {
  v1::ResolveResponse explained = Matched();
  explained.mutable_candidates(0)->mutable_explanation()->set_summary("same name after normalization");
  EXPECT_CALL(client_, Resolve(_)).WillOnce(Return(explained));
  ResolveArgs args;
  args.names = {"APT 31"};
  args.explain = true;
  EXPECT_EQ(Run(args), kExitOk);
  std::vector<std::string> lines = Lines(out_.str());
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[3], "      same name after normalization");
}

TEST_F(ResolveCommandTest, InvalidNameIsAnRpcErrorAndTheNextNameStillResolves) {
  EXPECT_CALL(client_, Resolve(_))
      .WillOnce(Return(absl::InvalidArgumentError("name: is empty")))
      .WillOnce(Return(Matched()));
  ResolveArgs args;
  args.names = {"", "APT 31"};
  EXPECT_EQ(Run(args), kExitRpcError);
  EXPECT_EQ(err_.str(), "aka: resolve \"\": INVALID_ARGUMENT: name: is empty\n");
  EXPECT_THAT(out_.str(), HasSubstr("\"APT 31\": MATCHED"));
}

TEST_F(ResolveCommandTest, ControlCharactersInNamesAreEscapedInOutput) {
  EXPECT_CALL(client_, Resolve(_))
      .WillOnce(Return(absl::InvalidArgumentError("name: control character at byte 1")))
      .WillOnce(Return(NoMatch()));
  ResolveArgs args;
  args.names = {
      "a\x07"
      "b",
      "say \"hi\"\n\u8d75"};
  EXPECT_EQ(Run(args), kExitRpcError);
  EXPECT_EQ(err_.str(), "aka: resolve \"a\\x07b\": INVALID_ARGUMENT: name: control character at byte 1\n");
  EXPECT_THAT(out_.str(), HasSubstr("\"say \\\"hi\\\"\\n\u8d75\": NO_MATCH\n"));
}

TEST_F(ResolveCommandTest, JsonReportsTheErrorOnTheNamesLine) {
  EXPECT_CALL(client_, Resolve(_)).WillOnce(Return(absl::InvalidArgumentError("name: is empty")));
  ResolveArgs args;
  args.names = {""};
  args.json = true;
  EXPECT_EQ(Run(args), kExitRpcError);
  nlohmann::json line = nlohmann::json::parse(out_.str());
  EXPECT_EQ(line["error"]["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(line["error"]["message"], "name: is empty");
}

TEST_F(ResolveCommandTest, UnreachableServerStopsAtTheFirstName) {
  EXPECT_CALL(client_, Resolve(_)).WillOnce(Return(absl::UnavailableError("failed to connect")));
  ResolveArgs args;
  args.names = {"APT 31", "APT 28"};
  EXPECT_EQ(Run(args), kExitRpcError);
  EXPECT_EQ(err_.str(), "aka: resolve \"APT 31\": UNAVAILABLE: failed to connect\n");
}

// Whole command lines: flags, usage errors and the client options.
class RunCliTest : public ::testing::Test {
 protected:
  RunCliTest() {
    env_.default_server = "default:1";
    env_.make_client = [this](const ClientOptions& options) -> absl::StatusOr<std::unique_ptr<Client>> {
      options_ = options;
      ++clients_made_;
      if (!client_) return absl::InternalError("the test made a second client");
      return std::unique_ptr<Client>(std::move(client_));
    };
  }
  int Run(const std::vector<std::string>& args) { return RunCli(args, env_, out_, err_); }

  std::unique_ptr<MockClient> client_ = std::make_unique<MockClient>();
  CliEnvironment env_;
  ClientOptions options_;
  int clients_made_ = 0;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(RunCliTest, RepeatedTypeFlagsDoNotSwallowNames) {
  v1::ResolveRequest seen;
  EXPECT_CALL(*client_, Resolve(_)).WillOnce(Invoke([&](const v1::ResolveRequest& request) {
    seen = request;
    return Matched();
  }));
  EXPECT_EQ(Run({"--server", "host:99", "--timeout", "0.25", "resolve", "--type", "threat_actor", "--type", "person",
                 "--json", "APT31"}),
            kExitOk)
      << err_.str();
  EXPECT_EQ(seen.name(), "APT31");
  EXPECT_THAT(seen.types(), ElementsAre("threat_actor", "person"));
  EXPECT_EQ(options_.target, "host:99");
  EXPECT_EQ(options_.timeout, std::chrono::milliseconds(250));
}

TEST_F(RunCliTest, ServerDefaultsToTheEnvironment) {
  EXPECT_CALL(*client_, Health(_)).WillOnce(Return(HealthState::kServing));
  EXPECT_EQ(Run({"health"}), kExitOk);
  EXPECT_EQ(options_.target, "default:1");
  EXPECT_EQ(out_.str(), "SERVING\n");
}

TEST_F(RunCliTest, EmptyNameReachesTheServer) {
  EXPECT_CALL(*client_, Resolve(_)).WillOnce(Return(absl::InvalidArgumentError("name: is empty")));
  EXPECT_EQ(Run({"resolve", ""}), kExitRpcError);
  EXPECT_EQ(err_.str(), "aka: resolve \"\": INVALID_ARGUMENT: name: is empty\n");
}

TEST_F(RunCliTest, UsageErrorsExitTwoWithoutCallingTheServer) {
  const std::vector<std::vector<std::string>> kBadLines = {
      {},                                         // no command
      {"frobnicate"},                             // unknown command
      {"resolve"},                                // no NAME
      {"resolve", "--bogus", "APT 31"},           // unknown flag
      {"resolve", "--min-score", "2", "APT 31"},  // out of range
      {"resolve", "--max", "-1", "APT 31"},       // negative
      {"--timeout", "0", "health"},               // not positive
      {"import", "x.jsonl"},                      // no --format
      {"export"},                                 // no --out
      {"get"},                                    // no ID
  };
  for (const std::vector<std::string>& line : kBadLines) {
    err_.str("");
    EXPECT_EQ(Run(line), kExitUsage) << testing::PrintToString(line);
    EXPECT_THAT(err_.str(), Not(IsEmpty())) << testing::PrintToString(line);
  }
  EXPECT_EQ(clients_made_, 0);
}

TEST_F(RunCliTest, HelpDocumentsExitCodes) {
  EXPECT_EQ(Run({"--help"}), kExitOk);
  EXPECT_THAT(out_.str(), AllOf(HasSubstr("resolve"), HasSubstr("Exit codes"), HasSubstr("AKA_SERVER"),
                                HasSubstr("3  server or RPC error")));
  EXPECT_EQ(clients_made_, 0);
}

TEST_F(RunCliTest, UnknownImportFormatIsAUsageError) {
  EXPECT_CALL(*client_, Import(_)).Times(0);
  EXPECT_EQ(Run({"import", "--format", "csv", "x"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("aka: import: --format"));
}

TEST(HealthCommandTest, OnlyServingExitsZero) {
  MockClient client;
  EXPECT_CALL(client, Health(""))
      .WillOnce(Return(HealthState::kNotServing))
      .WillOnce(Return(HealthState::kUnknown))
      .WillOnce(Return(absl::UnavailableError("connection refused")));
  std::ostringstream out, err;
  EXPECT_EQ(RunHealth({}, client, out, err), kExitNegative);
  EXPECT_EQ(RunHealth({}, client, out, err), kExitNegative);
  EXPECT_EQ(out.str(), "NOT_SERVING\nUNKNOWN\n");
  EXPECT_EQ(RunHealth({}, client, out, err), kExitRpcError);
  EXPECT_EQ(err.str(), "aka: health: UNAVAILABLE: connection refused\n");
}

}  // namespace
}  // namespace aka::cli

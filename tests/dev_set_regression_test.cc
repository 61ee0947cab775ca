// The resolution-quality regression guard (issue 3): an in-process AkaServer with the bundled default data, the
// eval database prepared exactly as `aka-eval --prepare` does, and every gold set run through aka::Client over
// real gRPC by the same code as aka-eval (tools/eval/). Fails when a quality target of docs/MATCHING.md no
// longer holds. Takes about half a minute, most of it loading the default data.
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "client/client.h"
#include "gtest/gtest.h"
#include "service/server.h"
#include "tools/eval/eval_runner.h"
#include "tools/eval/grading.h"

namespace aka {
namespace {

// The level the cross-script pairs reach (docs/MATCHING.md, "Results"): the skeleton key space and the Korean /
// Japanese readings bring 20 of 22; the target is 18. Held at the level reached so that any lost pair shows.
constexpr int kCrossScriptFloor = 20;

class DevSetRegressionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir_template = ::testing::TempDir() + "/dev_set_regression_XXXXXX";
    ASSERT_NE(mkdtemp(dir_template.data()), nullptr);
    dir_ = new std::string(dir_template);
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = *dir_ + "/db";
    options.data_dir = AKA_BUNDLED_DATA_DIR;
    absl::StatusOr<std::unique_ptr<service::AkaServer>> server = service::AkaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();

    ClientOptions client_options;
    client_options.target = server_->address();
    client_options.timeout = std::chrono::seconds(30);
    client_options.stream_timeout = std::chrono::seconds(120);
    absl::StatusOr<std::unique_ptr<Client>> client = Client::Create(client_options);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = client->release();

    std::ostringstream log;
    const absl::Status prepared = eval::PrepareDatabase(*client_, Paths(), log);
    ASSERT_TRUE(prepared.ok()) << prepared << "\n" << log.str();
  }

  static void TearDownTestSuite() {
    delete client_;
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    delete server_;
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  static eval::EvalPaths Paths() {
    return {AKA_SHARED_DATA_DIR, AKA_NEGATIVES_FILE, AKA_REQUIRED_FILE, /*typed=*/true};
  }

  // Runs `sets` and returns the tallies; the table and every miss go to the test log.
  static eval::TallyTable Run(const std::vector<std::string>& sets) {
    absl::StatusOr<std::vector<eval::GoldRow>> rows = eval::LoadSets(Paths(), sets);
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok()) return {};
    std::ostringstream misses;
    eval::RunOptions options;
    options.misses = &misses;
    absl::StatusOr<eval::TallyTable> table = eval::RunSets(*client_, *rows, options);
    EXPECT_TRUE(table.ok()) << table.status();
    if (!table.ok()) return {};
    std::cerr << eval::FormatTable(*table) << misses.str();
    return *table;
  }

  static void ExpectTargetsMet(const eval::TallyTable& table) {
    for (const eval::TargetResult& target : eval::CheckTargets(table)) {
      EXPECT_TRUE(target.met) << target.description << ": " << target.actual;
    }
  }

  static std::string* dir_;
  static service::AkaServer* server_;
  static Client* client_;
};

std::string* DevSetRegressionTest::dir_ = nullptr;
service::AkaServer* DevSetRegressionTest::server_ = nullptr;
Client* DevSetRegressionTest::client_ = nullptr;

TEST_F(DevSetRegressionTest, ThreatActorAliases) { ExpectTargetsMet(Run({"threat_actor_aliases"})); }

TEST_F(DevSetRegressionTest, OfacNameVariants) { ExpectTargetsMet(Run({"ofac_name_variants"})); }

TEST_F(DevSetRegressionTest, NegativesAreNotMatched) { ExpectTargetsMet(Run({"negatives"})); }

TEST_F(DevSetRegressionTest, RequiredAnswers) { ExpectTargetsMet(Run({"required"})); }

TEST_F(DevSetRegressionTest, CrossScriptPairsHoldTheirLevel) {
  const eval::TallyTable table = Run({"cross_script_pairs"});
  ExpectTargetsMet(table);
  const eval::Tally& all = table.at("cross_script_pairs").at("*");
  EXPECT_GE(all.correct, kCrossScriptFloor);
  EXPECT_EQ(all.wrong, 0);
}

TEST_F(DevSetRegressionTest, CjkOrgNamesAreNeverConfidentlyWrong) {
  // No target in issue 3; held to "almost never wrong", which is what matters for a resolver.
  const eval::TallyTable table = Run({"cjk_org_names"});
  const eval::Tally& all = table.at("cjk_org_names").at("*");
  EXPECT_LE(all.wrong, all.total() / 100);
}

}  // namespace
}  // namespace aka

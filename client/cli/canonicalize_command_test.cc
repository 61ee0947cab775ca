// `aka canonicalize` through RunCli against a MockClient whose ResolveStream is an in-memory call: flags,
// the summary on stderr and every exit code (0 clean, 1 bad rows, 2 usage, 3 RPC failure, 4 local file
// error or stale checkpoint, 5 --max-errors). The real server is exercised by tests/canonicalize_e2e_test.py.
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "client/cli/app.h"
#include "client/cli/commands.h"
#include "client/mock_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::cli {
namespace {

using ::testing::HasSubstr;

// Answers each request at once: "APT*" MATCHED, anything else NO_MATCH.
class InMemoryStreamCall final : public ResolveStreamCall {
 public:
  bool Write(const v1::ResolveRequest& request) override {
    absl::MutexLock lock(&mu_);
    v1::ResolveResponse& response = queue_.emplace_back();
    response.set_request_id(request.request_id());
    if (request.name().rfind("APT", 0) == 0) {
      response.set_outcome(v1::MATCHED);
      v1::Candidate* candidate = response.add_candidates();
      candidate->set_entity_id("E1");
      candidate->set_canonical_name("APT31");
      candidate->set_type("threat_actor");
      candidate->set_score(0.97);
    } else {
      response.set_outcome(v1::NO_MATCH);
    }
    return true;
  }
  bool WritesDone() override {
    absl::MutexLock lock(&mu_);
    done_ = true;
    return true;
  }
  bool Read(v1::ResolveResponse* response) override {
    absl::MutexLock lock(&mu_);
    auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !queue_.empty() || done_ || cancelled_; };
    mu_.Await(absl::Condition(&ready));
    if (queue_.empty() || cancelled_) return false;
    *response = std::move(queue_.front());
    queue_.pop_front();
    return true;
  }
  absl::Status Finish() override { return absl::OkStatus(); }
  void Cancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }

 private:
  absl::Mutex mu_;
  std::deque<v1::ResolveResponse> queue_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

class CanonicalizeCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("canonicalize_command_test." + std::to_string(::getpid()) + "." +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    env_.make_client = [this](const ClientOptions&) -> absl::StatusOr<std::unique_ptr<Client>> {
      auto client = std::make_unique<::testing::NiceMock<MockClient>>();
      ON_CALL(*client, OpenResolveStream(::testing::_))
          .WillByDefault([this](std::chrono::milliseconds) -> absl::StatusOr<std::unique_ptr<ResolveStreamCall>> {
            if (!stream_status_.ok()) return stream_status_;
            return std::unique_ptr<ResolveStreamCall>(new InMemoryStreamCall());
          });
      return std::unique_ptr<Client>(std::move(client));
    };
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  void Write(const std::string& name, const std::string& contents) {
    std::ofstream(Path(name), std::ios::binary) << contents;
  }
  std::string Read(const std::string& name) {
    std::ifstream in(Path(name), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int Run(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    args.insert(args.begin(), "canonicalize");
    return RunCli(args, env_, out_, err_);
  }

  std::filesystem::path dir_;
  CliEnvironment env_;
  absl::Status stream_status_;
  std::ostringstream out_, err_;
};

TEST_F(CanonicalizeCommandTest, WritesRowsAndSummary) {
  Write("in.csv", "id,actor\n1,APT 31\n2,nobody\n3,APT 31\n");
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("out.csv"), "--column", "actor", "--streams", "2"}),
            kExitOk)
      << err_.str();
  EXPECT_EQ(Read("out.csv"),
            "id,actor,aka_id,aka_name,aka_type,aka_score,aka_outcome\n"
            "1,APT 31,E1,APT31,threat_actor,0.9700,MATCHED\n"
            "2,nobody,,,,,NO_MATCH\n"
            "3,APT 31,E1,APT31,threat_actor,0.9700,MATCHED\n");
  EXPECT_THAT(err_.str(), HasSubstr("3 rows: 2 matched, 0 ambiguous, 1 no match, 0 errors"));
}

TEST_F(CanonicalizeCommandTest, ResultColumnNamesAndJsonSummary) {
  Write("in.csv", "actor\nAPT 1\n");
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("out.csv"), "--column", "actor", "--id-column", "eid",
                 "--outcome-column", "verdict", "--json"}),
            kExitOk);
  EXPECT_EQ(Read("out.csv").substr(0, 50), "actor,eid,aka_name,aka_type,aka_score,verdict\nAPT ");
  EXPECT_THAT(err_.str(), HasSubstr("\"rows\":1"));
}

TEST_F(CanonicalizeCommandTest, BadRowsExitOneAndTooManyExitFive) {
  Write("in.csv", "actor\nAPT 1\n\"\"\n");
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("out.csv"), "--column", "actor"}), kExitNegative);
  EXPECT_THAT(Read("out.csv.errors.csv"), HasSubstr("3,,empty name in column 'actor'"));
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("out2.csv"), "--column", "actor", "--max-errors", "0"}),
            kExitTooManyErrors);
  EXPECT_THAT(err_.str(), HasSubstr("--resume"));
}

TEST_F(CanonicalizeCommandTest, UsageErrors) {
  Write("in.csv", "actor\nAPT 1\n");
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("out.csv")}), kExitUsage);
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("o.csv"), "--column", "a", "--field", "b"}), kExitUsage);
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("o.csv"), "--column", "a", "--window", "0"}), kExitUsage);
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("o.csv"), "--column", "a", "--progress", "x"}), kExitUsage);
  // A column the header lacks: the command line does not fit the input.
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("o.csv"), "--column", "nope"}), kExitUsage);
}

TEST_F(CanonicalizeCommandTest, ServerFailureExitsThreeAndKeepsACheckpoint) {
  stream_status_ = absl::UnavailableError("connection refused");
  Write("in.csv", "actor\nAPT 1\n");
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("out.csv"), "--column", "actor"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("UNAVAILABLE"));
  EXPECT_TRUE(std::filesystem::exists(Path("out.csv.checkpoint")));
  // A later run must be told to resume; with --resume it completes.
  stream_status_ = absl::OkStatus();
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("out.csv"), "--column", "actor"}), kExitLocalError);
  EXPECT_EQ(Run({"--in", Path("in.csv"), "--out", Path("out.csv"), "--column", "actor", "--resume"}), kExitOk)
      << err_.str();
  EXPECT_EQ(Read("out.csv"), "actor,aka_id,aka_name,aka_type,aka_score,aka_outcome\nAPT 1,E1,APT31,threat_actor,0.9700,MATCHED\n");
}

TEST_F(CanonicalizeCommandTest, MissingInputIsALocalError) {
  EXPECT_EQ(Run({"--in", Path("missing.csv"), "--out", Path("out.csv"), "--column", "actor"}), kExitLocalError);
}

}  // namespace
}  // namespace aka::cli

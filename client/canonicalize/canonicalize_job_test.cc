#include "client/canonicalize/canonicalize_job.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/canonicalize/checkpoint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::canonicalize {
namespace {

using ::testing::HasSubstr;

// Deterministic answers by name: "amb*" AMBIGUOUS, "none*" NO_MATCH, "err*" a per-item error, else MATCHED.
class FakeResolver : public BatchResolver {
 public:
  absl::Status ResolveBatch(const std::vector<std::string>& names,
                            std::vector<aka::v1::ResolveResponse>* out) override {
    if (fail_after_batches >= 0 && batches >= fail_after_batches) return absl::UnavailableError("server went away");
    ++batches;
    out->clear();
    for (const std::string& name : names) {
      names_asked.push_back(name);
      aka::v1::ResolveResponse& response = out->emplace_back();
      if (absl::StartsWith(name, "err")) {
        response.mutable_error()->set_code(3);
        response.mutable_error()->set_message("bad name");
        continue;
      }
      aka::v1::Candidate* candidate = response.add_candidates();
      candidate->set_entity_id(absl::StrCat("id-", name));
      candidate->set_canonical_name(absl::StrCat("CANON ", name));
      candidate->set_type("threat_actor");
      candidate->set_score(0.91234);
      if (absl::StartsWith(name, "amb")) {
        response.set_outcome(aka::v1::AMBIGUOUS);
      } else if (absl::StartsWith(name, "none")) {
        response.set_outcome(aka::v1::NO_MATCH);
        response.clear_candidates();
      } else {
        response.set_outcome(aka::v1::MATCHED);
      }
    }
    return absl::OkStatus();
  }

  int fail_after_batches = -1;
  int batches = 0;
  std::vector<std::string> names_asked;
};

class CanonicalizeJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("canonicalize_job_test." + std::to_string(::getpid()) + "." +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  static void WriteFile(const std::string& path, const std::string& contents) {
    std::ofstream(path, std::ios::binary) << contents;
  }
  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  CanonicalizeOptions Options(const std::string& input, const std::string& output) {
    CanonicalizeOptions options;
    options.input = input;
    options.output = output;
    options.column = "actor";
    options.progress = ProgressMode::kOff;
    options.batch_size = 2;
    return options;
  }

  // 20 rows with repeated names and a few bad ones.
  std::string BigCsv() {
    std::string csv = "n,actor\n";
    for (int i = 0; i < 20; ++i) {
      std::string name = i % 7 == 3 ? "" : (i % 5 == 0 ? "amb x" : absl::StrCat("actor ", i % 4));
      absl::StrAppend(&csv, i, ",\"", name, "\"\n");
    }
    return csv;
  }

  std::filesystem::path dir_;
};

TEST_F(CanonicalizeJobTest, WritesRowsInOrderWithResultsAndDeduplicates) {
  WriteFile(Path("in.csv"), "id,actor\n1,APT 31\n2,amb grizzly\n3,APT 31\n4,none here\n5,APT 31\n");
  FakeResolver resolver;
  CanonicalizeOptions options = Options(Path("in.csv"), Path("out.csv"));
  options.batch_size = 3;
  auto summary = RunCanonicalize(options, &resolver);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(ReadFile(Path("out.csv")),
            "id,actor,aka_id,aka_name,aka_type,aka_score,aka_outcome\n"
            "1,APT 31,id-APT 31,CANON APT 31,threat_actor,0.9123,MATCHED\n"
            "2,amb grizzly,,,,0.9123,AMBIGUOUS\n"
            "3,APT 31,id-APT 31,CANON APT 31,threat_actor,0.9123,MATCHED\n"
            "4,none here,,,,,NO_MATCH\n"
            "5,APT 31,id-APT 31,CANON APT 31,threat_actor,0.9123,MATCHED\n");
  // "APT 31" once in batch 1 (de-duplicated) and not at all in batch 2 (cached).
  EXPECT_THAT(resolver.names_asked, ::testing::ElementsAre("APT 31", "amb grizzly", "none here"));
  EXPECT_EQ(summary->rows, 5);
  EXPECT_EQ(summary->matched, 3);
  EXPECT_EQ(summary->ambiguous, 1);
  EXPECT_EQ(summary->no_match, 1);
  EXPECT_EQ(summary->errors, 0);
  EXPECT_FALSE(std::filesystem::exists(Path("out.csv.checkpoint")));
  EXPECT_FALSE(std::filesystem::exists(Path("out.csv.errors.csv")));
  EXPECT_THAT(FormatSummary(*summary, SummaryFormat::kJson), HasSubstr("\"rows\":5"));
}

TEST_F(CanonicalizeJobTest, BadRowsGoToErrorsFileAndStayInOutput) {
  WriteFile(Path("in.csv"), "id,actor\n1,\n2,err x\n3,a\x01z\n4,ok\n5,\"\xff\"\n6\n");
  FakeResolver resolver;
  auto summary = RunCanonicalize(Options(Path("in.csv"), Path("out.csv")), &resolver);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(ReadFile(Path("out.csv")),
            "id,actor,aka_id,aka_name,aka_type,aka_score,aka_outcome\n"
            "1,,,,,,ERROR\n"
            "2,err x,,,,,ERROR\n"
            "3,a\x01z,,,,,ERROR\n"
            "4,ok,id-ok,CANON ok,threat_actor,0.9123,MATCHED\n"
            "5,\xff,,,,,ERROR\n"
            "6,,,,,,ERROR\n");
  EXPECT_EQ(summary->errors, 5);
  EXPECT_EQ(summary->errors_path, Path("out.csv.errors.csv"));
  const std::string errors = ReadFile(Path("out.csv.errors.csv"));
  EXPECT_THAT(errors, HasSubstr("line,name,reason\n"));
  EXPECT_THAT(errors, HasSubstr("2,,empty name in column 'actor'\n"));
  EXPECT_THAT(errors, HasSubstr("3,err x,resolver error (code 3): bad name\n"));
  EXPECT_THAT(errors, HasSubstr("4,a\x01z,name in column 'actor' has control character U+0001 at byte 1\n"));
  EXPECT_THAT(errors, HasSubstr("6,\xff,name in column 'actor' is not valid UTF-8 (at byte 0)\n"));
  EXPECT_THAT(errors, HasSubstr("7,,record has 1 fields; the header has 2\n"));
}

TEST_F(CanonicalizeJobTest, TooManyBadRowsFailTheRun) {
  WriteFile(Path("in.csv"), "id,actor\n1,\n2,\n3,\n4,ok\n");
  FakeResolver resolver;
  CanonicalizeOptions options = Options(Path("in.csv"), Path("out.csv"));
  options.max_errors = 2;
  auto summary = RunCanonicalize(options, &resolver);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(summary.status().message(), HasSubstr("--max-errors"));
}

TEST_F(CanonicalizeJobTest, JsonlKeepsObjectsAndAddsFields) {
  WriteFile(Path("in.jsonl"), "{\"b\":1,\"actor\":{\"name\":\"x\"}}\nnot json\n");
  FakeResolver resolver;
  CanonicalizeOptions options = Options(Path("in.jsonl"), Path("out.jsonl"));
  options.format = TableFormat::kJsonl;
  options.column = "actor.name";
  auto summary = RunCanonicalize(options, &resolver);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(ReadFile(Path("out.jsonl")),
            "{\"b\":1,\"actor\":{\"name\":\"x\"},\"aka_id\":\"id-x\",\"aka_name\":\"CANON x\",\"aka_type\":"
            "\"threat_actor\",\"aka_score\":\"0.9123\",\"aka_outcome\":\"MATCHED\"}\n"
            "{\"aka_id\":\"\",\"aka_name\":\"\",\"aka_type\":\"\",\"aka_score\":\"\",\"aka_outcome\":\"ERROR\"}\n");
  EXPECT_EQ(summary->errors, 1);
}

TEST_F(CanonicalizeJobTest, ResumeAfterCrashIsByteIdentical) {
  WriteFile(Path("in.csv"), BigCsv());
  FakeResolver clean;
  ASSERT_TRUE(RunCanonicalize(Options(Path("in.csv"), Path("clean.csv")), &clean).ok());

  FakeResolver crashing;
  crashing.fail_after_batches = 3;
  auto failed = RunCanonicalize(Options(Path("in.csv"), Path("out.csv")), &crashing);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(std::filesystem::exists(Path("out.csv.checkpoint")));

  // A rerun without --resume refuses to clobber the interrupted run.
  FakeResolver again;
  auto refused = RunCanonicalize(Options(Path("in.csv"), Path("out.csv")), &again);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("--resume"));

  // Simulate a batch written after the last checkpoint, then lost in a crash.
  std::ofstream(Path("out.csv"), std::ios::app) << "garbage,partial,batch\n";
  std::ofstream(Path("out.csv.errors.csv"), std::ios::app) << "99,junk,junk\n";

  FakeResolver resumed;
  CanonicalizeOptions options = Options(Path("in.csv"), Path("out.csv"));
  options.resume = true;
  auto summary = RunCanonicalize(options, &resumed);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(ReadFile(Path("out.csv")), ReadFile(Path("clean.csv")));
  EXPECT_EQ(ReadFile(Path("out.csv.errors.csv")), ReadFile(Path("clean.csv.errors.csv")));
  EXPECT_EQ(summary->rows, 20);
  EXPECT_EQ(summary->resumed_rows, 6);
  EXPECT_FALSE(std::filesystem::exists(Path("out.csv.checkpoint")));
}

// Reads the checkpoint's row count whenever a batch is asked, to see how often the job checkpoints.
class CheckpointPeekingResolver : public FakeResolver {
 public:
  explicit CheckpointPeekingResolver(std::string path) : path_(std::move(path)) {}
  absl::Status ResolveBatch(const std::vector<std::string>& names,
                            std::vector<aka::v1::ResolveResponse>* out) override {
    absl::StatusOr<Checkpoint> checkpoint = ReadCheckpoint(path_);
    rows_seen.push_back(checkpoint.ok() ? checkpoint->counters.rows : -1);
    return FakeResolver::ResolveBatch(names, out);
  }
  std::vector<int64_t> rows_seen;

 private:
  std::string path_;
};

TEST_F(CanonicalizeJobTest, CheckpointIntervalThrottlesCheckpointsButFailuresRecordProgress) {
  WriteFile(Path("in.csv"), "actor\na1\na2\na3\na4\na5\na6\na7\na8\n");
  CanonicalizeOptions options = Options(Path("in.csv"), Path("every.csv"));
  options.checkpoint_interval = absl::ZeroDuration();
  CheckpointPeekingResolver every(Path("every.csv.checkpoint"));
  ASSERT_TRUE(RunCanonicalize(options, &every).ok());
  EXPECT_THAT(every.rows_seen, ::testing::ElementsAre(0, 2, 4, 6));

  options = Options(Path("in.csv"), Path("rare.csv"));
  options.checkpoint_interval = absl::InfiniteDuration();
  CheckpointPeekingResolver rare(Path("rare.csv.checkpoint"));
  rare.fail_after_batches = 3;
  EXPECT_FALSE(RunCanonicalize(options, &rare).ok());
  // Only the checkpoint after the header while running; the failure records the three completed batches.
  EXPECT_THAT(rare.rows_seen, ::testing::ElementsAre(0, 0, 0, 0));
  absl::StatusOr<Checkpoint> after = ReadCheckpoint(Path("rare.csv.checkpoint"));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->counters.rows, 6);
}

TEST_F(CanonicalizeJobTest, ResumeRefusesAChangedInputOrStdio) {
  WriteFile(Path("in.csv"), BigCsv());
  FakeResolver crashing;
  crashing.fail_after_batches = 1;
  ASSERT_FALSE(RunCanonicalize(Options(Path("in.csv"), Path("out.csv")), &crashing).ok());
  WriteFile(Path("in.csv"), BigCsv() + "99,extra\n");
  FakeResolver resolver;
  CanonicalizeOptions options = Options(Path("in.csv"), Path("out.csv"));
  options.resume = true;
  auto summary = RunCanonicalize(options, &resolver);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(summary.status().message(), HasSubstr("input file changed"));

  CanonicalizeOptions stdio = Options(Path("in.csv"), "-");
  stdio.resume = true;
  EXPECT_EQ(RunCanonicalize(stdio, &resolver).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(CanonicalizeJobTest, MissingColumnIsAClearError) {
  WriteFile(Path("in.csv"), "id,name\n1,x\n");
  FakeResolver resolver;
  auto summary = RunCanonicalize(Options(Path("in.csv"), Path("out.csv")), &resolver);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(summary.status().message(), HasSubstr("columns are: id, name"));
}

}  // namespace
}  // namespace aka::canonicalize

// The aka CLI's get, import and export commands against a MockClient: output, exit codes, and the files they
// read and write (each test in its own temporary directory).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "client/cli/commands.h"
#include "client/mock_client.h"
#include "formats/entity_source.h"
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
using ::testing::Return;

// A fresh directory per test (rule 9), removed afterwards.
class TempDir {
 public:
  TempDir() : path_(::testing::TempDir() + "aka_cli_test_XXXXXX") {
    if (::mkdtemp(path_.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << path_ << ": " << std::strerror(errno);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

v1::Entity SampleEntity(const std::string& id, const std::string& name) {
  v1::Entity entity;
  entity.set_id(id);
  entity.set_type("organization");
  entity.set_canonical_name(name);
  entity.set_version(2);
  (*entity.mutable_external_ids())["ofac"] = "47800";
  v1::Alias* alias = entity.add_aliases();
  alias->set_name(name + " Ltd");
  alias->set_source("ofac");
  alias->set_kind(v1::AKA);
  return entity;
}

TEST(GetCommandTest, ReadableAndJson) {
  MockClient client;
  v1::Entity entity = SampleEntity("E00000007", "WUHAN XIAORUIZHI");
  EXPECT_CALL(client, GetEntity("E00000007")).WillRepeatedly(Return(entity));
  std::ostringstream out, err;
  EXPECT_EQ(RunGet({"E00000007", false}, client, out, err), kExitOk);
  EXPECT_THAT(out.str(), AllOf(HasSubstr("E00000007  organization  WUHAN XIAORUIZHI"), HasSubstr("ofac=47800"),
                               HasSubstr("WUHAN XIAORUIZHI Ltd"), HasSubstr("AKA")));

  std::ostringstream json_out;
  EXPECT_EQ(RunGet({"E00000007", true}, client, json_out, err), kExitOk);
  std::ostringstream expected;
  ASSERT_TRUE(formats::WriteJsonLine(entity, expected).ok());
  EXPECT_EQ(json_out.str(), expected.str());
}

TEST(GetCommandTest, NotFoundIsAnRpcError) {
  MockClient client;
  EXPECT_CALL(client, GetEntity("E404")).WillOnce(Return(absl::NotFoundError("no entity E404")));
  std::ostringstream out, err;
  EXPECT_EQ(RunGet({"E404", false}, client, out, err), kExitRpcError);
  EXPECT_EQ(err.str(), "aka: get: NOT_FOUND: no entity E404\n");
}

v1::ListEntitiesResponse Page(std::vector<v1::Entity> entities, const std::string& next) {
  v1::ListEntitiesResponse page;
  for (v1::Entity& entity : entities) *page.add_entities() = std::move(entity);
  page.set_next_page_token(next);
  return page;
}

TEST(ExportCommandTest, WritesEveryPageThenRenames) {
  TempDir dir;
  MockClient client;
  EXPECT_CALL(client, ListEntities(_))
      .WillOnce(Invoke([&](const v1::ListEntitiesRequest& request) {
        EXPECT_EQ(request.page_size(), 1000);
        EXPECT_EQ(request.page_token(), "");
        return Page({SampleEntity("E1", "One"), SampleEntity("E2", "Two")}, "next");
      }))
      .WillOnce(Invoke([&](const v1::ListEntitiesRequest& request) {
        EXPECT_EQ(request.page_token(), "next");
        return Page({SampleEntity("E3", "Three")}, "");
      }));
  std::ostringstream out, err;
  const std::string path = dir.Path("out.jsonl");
  EXPECT_EQ(RunExport({path, ""}, client, out, err), kExitOk) << err.str();
  std::ostringstream expected;
  for (const auto& [id, name] : {std::pair{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}}) {
    ASSERT_TRUE(formats::WriteJsonLine(SampleEntity(id, name), expected).ok());
  }
  EXPECT_EQ(ReadFile(path), expected.str());
  EXPECT_FALSE(Exists(path + ".tmp"));
  EXPECT_THAT(out.str(), HasSubstr("3 entities written"));
}

TEST(ExportCommandTest, FailedExportLeavesThePreviousFile) {
  TempDir dir;
  const std::string path = dir.Path("out.jsonl");
  std::ofstream(path) << "previous export\n";
  MockClient client;
  EXPECT_CALL(client, ListEntities(_))
      .WillOnce(Return(Page({SampleEntity("E1", "One")}, "next")))
      .WillOnce(Return(absl::UnavailableError("server went away")));
  std::ostringstream out, err;
  EXPECT_EQ(RunExport({path, ""}, client, out, err), kExitRpcError);
  EXPECT_EQ(err.str(), "aka: export: UNAVAILABLE: server went away\n");
  EXPECT_EQ(ReadFile(path), "previous export\n");
  EXPECT_FALSE(Exists(path + ".tmp"));
}

TEST(ExportCommandTest, UnwritableOutputIsALocalError) {
  MockClient client;
  EXPECT_CALL(client, ListEntities(_)).Times(0);
  std::ostringstream out, err;
  EXPECT_EQ(RunExport({"/nonexistent-dir/out.jsonl", ""}, client, out, err), kExitLocalError);
  EXPECT_THAT(err.str(), HasSubstr("aka: export: NOT_FOUND"));
}

TEST(ExportCommandTest, DashWritesToStdout) {
  MockClient client;
  EXPECT_CALL(client, ListEntities(_)).WillOnce(Return(Page({SampleEntity("E1", "One")}, "")));
  std::ostringstream out, err;
  EXPECT_EQ(RunExport({"-", ""}, client, out, err), kExitOk);
  std::ostringstream expected;
  ASSERT_TRUE(formats::WriteJsonLine(SampleEntity("E1", "One"), expected).ok());
  EXPECT_EQ(out.str(), expected.str());
}

class ImportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream file(path_);
    for (const char* name : {"Alpha", "Beta", "Gamma"}) {
      v1::Entity entity = SampleEntity("", name);
      ASSERT_TRUE(formats::WriteJsonLine(entity, file).ok());
    }
  }
  // Drains the stream like the real client and answers with `response`.
  auto DrainInto(std::vector<std::string>* names, v1::ImportResponse response) {
    return [names, response](const std::function<bool(v1::Entity*)>& next) -> absl::StatusOr<v1::ImportResponse> {
      v1::Entity entity;
      while (next(&entity)) names->push_back(entity.canonical_name());
      return response;
    };
  }

  TempDir dir_;
  const std::string path_ = dir_.Path("in.jsonl");
  MockClient client_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ImportCommandTest, StreamsEveryEntityAndPrintsTheSummary) {
  std::vector<std::string> names;
  v1::ImportResponse response;
  response.set_created(2);
  response.set_unchanged(1);
  EXPECT_CALL(client_, Import(_)).WillOnce(Invoke(DrainInto(&names, response)));
  EXPECT_EQ(RunImport({"jsonl", {path_}, false}, client_, out_, err_), kExitOk) << err_.str();
  EXPECT_THAT(names, ElementsAre("Alpha", "Beta", "Gamma"));
  EXPECT_THAT(out_.str(),
              AllOf(HasSubstr("sent:          3 entities"), HasSubstr("created:       2"),
                    HasSubstr("unchanged:     1"), HasSubstr("rejected:      0"), HasSubstr("reader skips:  0")));
}

TEST_F(ImportCommandTest, JsonSummaryAndRejectionsExitOne) {
  std::vector<std::string> names;
  v1::ImportResponse response;
  response.set_created(2);
  response.set_rejected(1);
  v1::ImportRejection* rejection = response.add_rejections();
  rejection->set_index(1);
  rejection->set_canonical_name("Beta");
  rejection->set_reason("type: is empty");
  EXPECT_CALL(client_, Import(_)).WillOnce(Invoke(DrainInto(&names, response)));
  EXPECT_EQ(RunImport({"jsonl", {path_}, true}, client_, out_, err_), kExitNegative);
  nlohmann::json summary = nlohmann::json::parse(out_.str());
  EXPECT_EQ(summary["sent"], 3);
  EXPECT_EQ(summary["created"], 2);
  EXPECT_EQ(summary["rejected"], 1);
  EXPECT_EQ(summary["rejections"][0]["canonical_name"], "Beta");
  EXPECT_EQ(summary["rejections"][0]["reason"], "type: is empty");
  EXPECT_EQ(summary["reader_skips"], 0);
}

TEST_F(ImportCommandTest, ReaderSkipsAreReportedButDoNotFail) {
  std::ofstream(path_, std::ios::app) << "{this is not json\n";
  std::vector<std::string> names;
  v1::ImportResponse response;
  response.set_created(3);
  EXPECT_CALL(client_, Import(_)).WillOnce(Invoke(DrainInto(&names, response)));
  EXPECT_EQ(RunImport({"jsonl", {path_}, true}, client_, out_, err_), kExitOk) << err_.str();
  EXPECT_EQ(names.size(), 3u);
  nlohmann::json summary = nlohmann::json::parse(out_.str());
  EXPECT_EQ(summary["reader_skips"], 1);
  ASSERT_EQ(summary["skipped"].size(), 1u);
  EXPECT_EQ(summary["skipped"][0]["where"], path_ + ":4");
}

TEST_F(ImportCommandTest, MissingFileImportsNothing) {
  EXPECT_CALL(client_, Import(_)).Times(0);
  EXPECT_EQ(RunImport({"jsonl", {path_, dir_.Path("missing.jsonl")}, false}, client_, out_, err_), kExitLocalError);
  EXPECT_THAT(err_.str(), HasSubstr("missing.jsonl"));
}

TEST_F(ImportCommandTest, RpcErrorExitsThree) {
  EXPECT_CALL(client_, Import(_)).WillOnce(Return(absl::DeadlineExceededError("Deadline Exceeded")));
  EXPECT_EQ(RunImport({"jsonl", {path_}, false}, client_, out_, err_), kExitRpcError);
  EXPECT_EQ(err_.str(), "aka: import: DEADLINE_EXCEEDED: Deadline Exceeded\n");
}

}  // namespace
}  // namespace aka::cli

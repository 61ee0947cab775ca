// `aka import --format misp-galaxy` after a curator's merge, end to end: RunImport with the real aka::Client
// against an in-process akad. Import a galaxy, merge one cluster's entity into another's, re-import: nothing
// is created, the merged id still redirects, the target keeps its name and has the merged cluster's names,
// and the summary says `redirected`; a new synonym of the merged cluster goes to the target; re-imports are
// unchanged; Verify is clean (docs/CURATION.md, "Re-imports after a merge").
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "client/cli/akad_test_fixture.h"
#include "client/cli/commands.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace aka::cli {
namespace {

using Json = nlohmann::json;

Json Cluster(const std::string& name, const std::string& uuid, const std::vector<std::string>& synonyms) {
  return Json{{"value", name}, {"uuid", uuid}, {"meta", {{"synonyms", synonyms}}}};
}

class ImportMergeTest : public InProcessAkadTest {
 protected:
  // A threat-actor galaxy with Snake (synonyms `snake_synonyms`), Turla and Sofacy.
  std::string Galaxy(const std::vector<std::string>& snake_synonyms) {
    const Json galaxy{{"type", "threat-actor"},
                      {"values",
                       {Cluster("Snake", "8f5f1f5a-0000-4000-8000-000000000001", snake_synonyms),
                        Cluster("Turla", "8f5f1f5a-0000-4000-8000-000000000002", {"Venomous Bear"}),
                        Cluster("Sofacy", "8f5f1f5a-0000-4000-8000-000000000003", {"Fancy Bear"})}}};
    const std::string path = dir_ + "/threat-actor-" + std::to_string(++files_) + ".json";
    std::ofstream(path) << galaxy.dump();
    return path;
  }

  // `aka import --format misp-galaxy [--json] PATH`: the output; `exit_code` gets the exit code.
  std::string Import(const std::string& path, bool json, int* exit_code) {
    std::ostringstream out, err;
    *exit_code = RunImport({"misp-galaxy", {path}, json}, *client_, out, err);
    EXPECT_EQ(err.str(), "");
    return out.str();
  }

  Json ImportJson(const std::string& path) {
    int exit_code = -1;
    const Json summary = Json::parse(Import(path, true, &exit_code));
    EXPECT_EQ(exit_code, kExitOk) << summary.dump();
    return summary;
  }

  int files_ = 0;
};

TEST_F(ImportMergeTest, ReImportAfterMergeFollowsTheMerge) {
  const std::string galaxy = Galaxy({"Uroburos"});
  EXPECT_EQ(ImportJson(galaxy)["created"], 3);
  const std::string snake = ResolveId("Snake");
  const std::string turla = ResolveId("Turla");
  ASSERT_FALSE(snake.empty());
  ASSERT_FALSE(turla.empty());
  v1::MergeEntitiesRequest merge;
  merge.set_target_id(turla);
  merge.add_source_ids(snake);
  ASSERT_TRUE(client_->MergeEntities(merge).ok());

  Json again = ImportJson(galaxy);
  EXPECT_EQ(again["created"], 0);
  EXPECT_EQ(again["updated"], 0);
  EXPECT_EQ(again["unchanged"], 3);
  EXPECT_EQ(again["redirected"], 1);
  ASSERT_EQ(again["redirects"].size(), 1u);
  EXPECT_EQ(again["redirects"][0]["index"], 0);
  EXPECT_EQ(again["redirects"][0]["merged_id"], snake);
  EXPECT_EQ(again["redirects"][0]["target_id"], turla);
  absl::StatusOr<v1::GetEntityResponse> merged = client_->LookupEntity(snake);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->redirected_from(), snake);
  EXPECT_EQ(merged->entity().id(), turla);
  EXPECT_EQ(merged->entity().canonical_name(), "Turla");
  EXPECT_EQ(ResolveId("Snake"), turla);
  EXPECT_EQ(ResolveId("Uroburos"), turla);
  EXPECT_EQ(ResolveId("Venomous Bear"), turla);

  // A synonym the merged cluster gained goes to the target, once.
  const std::string grown = Galaxy({"Uroburos", "Krypton"});
  const Json added = ImportJson(grown);
  EXPECT_EQ(added["created"], 0);
  EXPECT_EQ(added["updated"], 1);
  EXPECT_EQ(added["redirected"], 1);
  EXPECT_EQ(ResolveId("Krypton"), turla);
  EXPECT_EQ(client_->GetEntity(turla)->canonical_name(), "Turla");

  int exit_code = -1;
  const std::string text = Import(grown, false, &exit_code);
  EXPECT_EQ(exit_code, kExitOk);
  EXPECT_NE(text.find("unchanged:     3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("redirected:    1"), std::string::npos) << text;
  EXPECT_NE(text.find("#0 \"Snake\": record of " + snake + ", merged into " + turla), std::string::npos) << text;

  absl::StatusOr<v1::VerifyResponse> verify = client_->Verify(v1::VerifyRequest());
  ASSERT_TRUE(verify.ok()) << verify.status();
  EXPECT_TRUE(verify->ok()) << verify->DebugString();
  EXPECT_EQ(verify->entities(), 2);
}

}  // namespace
}  // namespace aka::cli

// Tests for ReadDefaultData on the bundled data/ folder (what akad loads) and on fixtures. The counts here
// are the ones data/README.md states; if the data changes, both change together.
#include "formats/default_data.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "formats/test_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::formats {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct SourceCounts {
  int entities = 0;
  int aliases = 0;
  int skipped = 0;
};

TEST(DefaultDataTest, BundledDataCounts) {
  std::map<std::string, SourceCounts> counts;  // By external-id key: "misp", "ofac".
  std::set<std::string> ids;
  int duplicates = 0;
  const absl::Status status = ReadDefaultData(
      test_files::BundledDataDir(),
      [&](aka::v1::Entity entity) {
        const std::string source = entity.external_ids().count("misp") > 0 ? "misp" : "ofac";
        ++counts[source].entities;
        counts[source].aliases += entity.aliases_size();
        for (const auto& [key, value] : entity.external_ids()) {
          if (!ids.insert(key + "=" + value).second) ++duplicates;
        }
        return absl::OkStatus();
      },
      [&](const SkippedRecord& record) {
        ++counts[record.where.find("ofac-sdn") != std::string::npos ? "ofac" : "misp"].skipped;
      });
  ASSERT_TRUE(status.ok()) << status;
  for (const auto& [source, c] : counts) {
    std::printf("%s: %d entities, %d aliases, %d skipped\n", source.c_str(), c.entities, c.aliases, c.skipped);
  }
  EXPECT_EQ(counts["misp"].entities, 1041);
  EXPECT_EQ(counts["misp"].aliases, 1401);
  EXPECT_EQ(counts["misp"].skipped, 1);  // G0013 claimed by two clusters.
  EXPECT_EQ(counts["ofac"].entities, 14965);
  EXPECT_EQ(counts["ofac"].aliases, 17647);
  EXPECT_EQ(counts["ofac"].skipped, 2460);  // Aliases of ent_nums missing from the older sdn.csv.
  EXPECT_EQ(duplicates, 0) << "two entities share an external id; import would merge them";
}

TEST(DefaultDataTest, ReadsEveryGalaxyFileSortedThenOfac) {
  test_files::TempDir dir;
  dir.Write("misp-galaxy/b.json", R"({"type":"threat-actor","values":[{"value":"B","uuid":"b"}]})");
  dir.Write("misp-galaxy/a.json", R"({"type":"threat-actor","values":[{"value":"A","uuid":"a"}]})");
  dir.Write("misp-galaxy/LICENSE.md", "not json, not read");
  dir.Write("ofac-sdn/sdn.csv", "1,\"C\",-0- ,\"P\"\n");
  dir.Write("ofac-sdn/alt.csv", "");
  std::vector<std::string> names;
  const EntitySink sink = [&](aka::v1::Entity entity) {
    names.push_back(entity.canonical_name());
    return absl::OkStatus();
  };
  ASSERT_TRUE(ReadDefaultData(dir.path(), sink, nullptr).ok());
  EXPECT_THAT(names, ElementsAre("A", "B", "C"));

  // A broken galaxy file stops the load with its path.
  dir.Write("misp-galaxy/c.json", "{");
  const absl::Status status = ReadDefaultData(dir.path(), sink, nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("c.json"));
}

TEST(DefaultDataTest, MissingOrEmptyFolderIsNotFound) {
  const EntitySink sink = [](aka::v1::Entity) { return absl::OkStatus(); };
  EXPECT_EQ(ReadDefaultData("/nonexistent/aka-data", sink, nullptr).code(), absl::StatusCode::kNotFound);
  test_files::TempDir dir;
  EXPECT_EQ(ReadDefaultData(dir.path(), sink, nullptr).code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace aka::formats

// Tests for ParseFormat and the ReadEntities dispatch.
#include <string>
#include <vector>

#include "formats/entity_source.h"
#include "formats/test_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::formats {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseFormatTest, AcceptsTheDocumentedNames) {
  EXPECT_EQ(ParseFormat("misp-galaxy").value(), Format::kMispGalaxy);
  EXPECT_EQ(ParseFormat("ofac-sdn").value(), Format::kOfacSdn);
  EXPECT_EQ(ParseFormat("jsonl").value(), Format::kJsonl);
  EXPECT_EQ(ParseFormat("stix").value(), Format::kStix);
}

TEST(ParseFormatTest, ErrorListsAcceptedNames) {
  const absl::StatusOr<Format> format = ParseFormat("csv");
  EXPECT_EQ(format.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(format.status().message(),
              AllOf(HasSubstr("\"csv\""), HasSubstr("misp-galaxy"), HasSubstr("ofac-sdn"), HasSubstr("jsonl"),
                    HasSubstr("stix")));
  EXPECT_FALSE(ParseFormat("MISP-GALAXY").ok());  // Names are exact, as documented.
}

TEST(ReadEntitiesTest, DispatchesAndAcceptsNullSkipSink) {
  test_files::TempDir dir;
  const std::string misp = dir.Write("g.json", R"({"type":"threat-actor","values":[
      {"value":"A","uuid":"u1"},{"uuid":"no-value"}]})");
  std::vector<std::string> names;
  const EntitySink sink = [&](aka::v1::Entity entity) {
    names.push_back(entity.canonical_name());
    return absl::OkStatus();
  };
  ASSERT_TRUE(ReadEntities(Format::kMispGalaxy, misp, sink).ok());
  EXPECT_THAT(names, ElementsAre("A"));

  names.clear();
  dir.Write("ofac/sdn.csv", "1,\"B\",-0- ,\"P\"\n");
  dir.Write("ofac/alt.csv", "");
  ASSERT_TRUE(ReadEntities(Format::kOfacSdn, dir.path() + "/ofac", sink).ok());
  EXPECT_THAT(names, ElementsAre("B"));

  names.clear();
  const std::string jsonl = dir.Write("e.jsonl", "{\"type\":\"person\",\"canonical_name\":\"C\"}\nnot json\n");
  ASSERT_TRUE(ReadEntities(Format::kJsonl, jsonl, sink).ok());
  EXPECT_THAT(names, ElementsAre("C"));

  names.clear();
  const std::string stix = dir.Write("b.json", R"({"type":"bundle","objects":[
      {"type":"intrusion-set","id":"intrusion-set--1","name":"D"},{"type":"intrusion-set","id":"x"}]})");
  ASSERT_TRUE(ReadEntities(Format::kStix, stix, sink).ok());
  EXPECT_THAT(names, ElementsAre("D"));
}

TEST(ReadEntitiesTest, MissingPathIsNotFound) {
  const EntitySink sink = [](aka::v1::Entity) { return absl::OkStatus(); };
  for (Format format : {Format::kMispGalaxy, Format::kOfacSdn, Format::kJsonl, Format::kStix}) {
    EXPECT_EQ(ReadEntities(format, "/nonexistent/aka", sink).code(), absl::StatusCode::kNotFound);
  }
}

}  // namespace
}  // namespace aka::formats

#include "storage/entity_validation.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

aka::v1::Entity ValidEntity() {
  aka::v1::Entity e;
  e.set_type("threat_actor");
  e.set_canonical_name("APT31");
  e.add_aliases()->set_name("Zirconium");
  (*e.mutable_external_ids())["mitre"] = "G0128";
  return e;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(EntityValidationTest, AcceptsValidEntity) { EXPECT_TRUE(ValidateEntity(ValidEntity()).ok()); }

TEST(EntityValidationTest, TypeRules) {
  EXPECT_TRUE(ValidateEntityType("a").ok());
  EXPECT_TRUE(ValidateEntityType("vessel_2").ok());
  for (const char* bad : {"", "Person", "1abc", "_x", "threat-actor", "a b"}) {
    const absl::Status s = ValidateEntityType(bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(Message(s), HasSubstr("entity.type")) << bad;
  }
}

TEST(EntityValidationTest, NamesTheBadField) {
  aka::v1::Entity e = ValidEntity();
  e.set_canonical_name("");
  EXPECT_THAT(Message(ValidateEntity(e)), HasSubstr("entity.canonical_name"));

  e = ValidEntity();
  e.add_aliases()->set_name("ok");
  e.add_aliases()->set_name("ok");
  e.add_aliases()->set_name("bad\x07");
  const absl::Status s = ValidateEntity(e);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr("entity.aliases[3].name"));

  e = ValidEntity();
  (*e.mutable_external_ids())["ofac"] = "";
  EXPECT_THAT(Message(ValidateEntity(e)), HasSubstr("entity.external_ids[\"ofac\"]"));

  e = ValidEntity();
  (*e.mutable_external_ids())[""] = "1";
  EXPECT_THAT(Message(ValidateEntity(e)), HasSubstr("key"));

  e = ValidEntity();
  (*e.mutable_external_ids())["ofac"] = std::string("1\0", 2);
  EXPECT_EQ(ValidateEntity(e).code(), absl::StatusCode::kInvalidArgument);
}

TEST(EntityValidationTest, CollapseKeepsFirstAndDropsCanonical) {
  aka::v1::Entity e;
  e.set_canonical_name("APT31");
  for (const char* name : {"Zirconium", "APT31", "Judgment Panda", "Zirconium", "Violet Typhoon"}) {
    aka::v1::Alias* a = e.add_aliases();
    a->set_name(name);
    a->set_source(absl::StrCat("src", e.aliases_size()));
  }
  CollapseAliases(&e);
  std::vector<std::string> names;
  for (const auto& a : e.aliases()) names.push_back(a.name());
  EXPECT_THAT(names, ElementsAre("Zirconium", "Judgment Panda", "Violet Typhoon"));
  EXPECT_EQ(e.aliases(0).source(), "src1");
}

}  // namespace
}  // namespace aka::storage

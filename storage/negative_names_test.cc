// NegativeNames: counts per name, so a name stays while any of its records does.
#include "storage/negative_names.h"

#include "gtest/gtest.h"

namespace aka::storage {
namespace {

TEST(NegativeNamesTest, ANameStaysUntilItsLastRecordGoes) {
  NegativeNames names;
  EXPECT_TRUE(names.empty());
  EXPECT_FALSE(names.MayHave("fancy bear"));
  names.Add("fancy bear");
  names.Add("fancy bear");  // A second entity's record for the same name.
  names.Add("apt 28");
  EXPECT_TRUE(names.MayHave("fancy bear"));
  EXPECT_FALSE(names.MayHave("fancy"));
  names.Remove("fancy bear");
  EXPECT_TRUE(names.MayHave("fancy bear"));
  names.Remove("fancy bear");
  EXPECT_FALSE(names.MayHave("fancy bear"));
  names.Remove("never added");  // Ignored: the count of other names is unaffected.
  EXPECT_TRUE(names.MayHave("apt 28"));
  names.Remove("apt 28");
  EXPECT_TRUE(names.empty());
}

}  // namespace
}  // namespace aka::storage

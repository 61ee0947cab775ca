// Tests for the name checks and UTF-8 truncation shared by the readers.
#include "formats/source_text.h"

#include <string>

#include "formats/test_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::formats {
namespace {

using ::testing::HasSubstr;

TEST(IsValidUtf8Test, AcceptsScriptsRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("APT31"));
  EXPECT_TRUE(IsValidUtf8("赵光宗"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600, four bytes.
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));         // Overlong '/'.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));     // Surrogate.
  EXPECT_FALSE(IsValidUtf8("\xE8\xB5"));         // Truncated.
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(CheckNameTest, SaysWhichRuleFailed) {
  EXPECT_TRUE(CheckName("ZHAO, Guangzong").ok());
  EXPECT_THAT(CheckName("").message(), HasSubstr("empty"));
  EXPECT_THAT(CheckName("a\tb").message(), HasSubstr("control character at byte 1"));
  EXPECT_THAT(CheckName("a\x7f").message(), HasSubstr("control character"));
  EXPECT_THAT(CheckName("a\xC2\x85").message(), HasSubstr("control character"));  // U+0085 NEL.
  EXPECT_TRUE(CheckName("caf\xC3\xA9").ok());                                     // U+00E9 is no control.
  EXPECT_THAT(CheckName("\xFF").message(), HasSubstr("UTF-8"));
  EXPECT_THAT(CheckName(std::string(kMaxNameBytes + 1, 'x')).message(), HasSubstr("limit"));
  EXPECT_EQ(CheckName("x").code(), absl::StatusCode::kOk);
  EXPECT_EQ(CheckName("").code(), absl::StatusCode::kInvalidArgument);
}

TEST(TruncateUtf8Test, NeverSplitsACharacter) {
  EXPECT_EQ(TruncateUtf8("abcdef", 3), "abc");
  EXPECT_EQ(TruncateUtf8("ab", 10), "ab");
  // "赵光" is 6 bytes; a limit of 5 must not keep half of 光.
  EXPECT_EQ(TruncateUtf8("赵光宗", 5), "赵");
  EXPECT_EQ(TruncateUtf8("ab cd", 3), "ab");  // Trailing space of the cut removed.
}

TEST(ReadFileToStringTest, ClassifiesFailures) {
  test_files::TempDir dir;
  const std::string path = dir.Write("a.txt", std::string("x\0y", 3));
  absl::StatusOr<std::string> contents = ReadFileToString(path);
  ASSERT_TRUE(contents.ok()) << contents.status();
  EXPECT_EQ(*contents, std::string("x\0y", 3));
  EXPECT_EQ(ReadFileToString(dir.path() + "/missing").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadFileToString(dir.path()).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aka::formats

#include "core/name_validation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

void ExpectInvalid(absl::string_view name, absl::string_view message) {
  const absl::Status status = ValidateName(name);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << "name: " << name;
  EXPECT_EQ(status.message(), message) << "name: " << name;
}

TEST(ValidateNameTest, AcceptsOrdinaryNames) {
  EXPECT_TRUE(ValidateName("APT31").ok());
  EXPECT_TRUE(ValidateName("Société Générale").ok());
  EXPECT_TRUE(ValidateName("赵光宗").ok());
  EXPECT_TRUE(ValidateName("AL QA'IDA").ok());
  EXPECT_TRUE(ValidateName("\xF0\x9F\x90\xBB bear").ok());  // 4-byte sequence U+1F43B.
  EXPECT_TRUE(ValidateName("\xF4\x8F\xBF\xBF").ok());       // U+10FFFF, the last code point.
}

TEST(ValidateNameTest, RejectsEmptyAndBlank) {
  ExpectInvalid("", "name: is empty");
  ExpectInvalid("   ", "name: is empty");
  ExpectInvalid(" \t\n ", "name: is empty");
  ExpectInvalid("\xC2\xA0\xE3\x80\x80", "name: is empty");  // NBSP and ideographic space.
  ExpectInvalid("\xE2\x80\x8B", "name: is empty");          // ZERO WIDTH SPACE.
}

TEST(ValidateNameTest, UsesFieldInMessages) {
  const absl::Status status = ValidateName("", "aliases[2]");
  EXPECT_EQ(status.message(), "aliases[2]: is empty");
}

TEST(ValidateNameTest, RejectsTooLong) {
  ExpectInvalid(std::string(1500, 'a'), "name: is 1500 bytes; the limit is 1024");
  EXPECT_TRUE(ValidateName(std::string(1024, 'a')).ok());
  EXPECT_EQ(ValidateName("abcdef", "name", 5).message(), "name: is 6 bytes; the limit is 5");
}

TEST(ValidateNameTest, LengthIsCheckedBeforeEncoding) {
  ExpectInvalid(std::string(1500, '\xFF'), "name: is 1500 bytes; the limit is 1024");
}

TEST(ValidateNameTest, RejectsInvalidUtf8WithPosition) {
  ExpectInvalid("abc\xFF", "name: is not valid UTF-8 at byte 3");
  ExpectInvalid("abc\xC3", "name: is not valid UTF-8 at byte 3");            // Truncated sequence.
  ExpectInvalid("a\x80", "name: is not valid UTF-8 at byte 1");              // Lone continuation byte.
  ExpectInvalid("ab\xC0\xAF", "name: is not valid UTF-8 at byte 2");         // Overlong '/'.
  ExpectInvalid("\xE0\x80\xAF", "name: is not valid UTF-8 at byte 0");       // Overlong, 3 bytes.
  ExpectInvalid("x\xED\xA0\x80", "name: is not valid UTF-8 at byte 1");      // Surrogate U+D800.
  ExpectInvalid("x\xF4\x90\x80\x80", "name: is not valid UTF-8 at byte 1");  // U+110000.
  ExpectInvalid("\xC3\xA9t\xE9", "name: is not valid UTF-8 at byte 3");      // Latin-1 after UTF-8.
}

TEST(ValidateNameTest, RejectsControlCharactersWithCodeAndPosition) {
  ExpectInvalid("abcd\x07", "name: contains control character U+0007 at byte 4");
  ExpectInvalid("abcde\x07", "name: contains control character U+0007 at byte 5");
  ExpectInvalid("a\tb", "name: contains control character U+0009 at byte 1");
  ExpectInvalid("a\nb", "name: contains control character U+000A at byte 1");
  ExpectInvalid(std::string("a\0b", 3), "name: contains control character U+0000 at byte 1");
  ExpectInvalid("a\x7F", "name: contains control character U+007F at byte 1");
  ExpectInvalid("\xC3\xA9\xC2\x85", "name: contains control character U+0085 at byte 2");  // C1 NEL.
  ExpectInvalid("a\xE2\x80\xA8", "name: contains control character U+2028 at byte 1");
  ExpectInvalid("a\xE2\x80\xA9", "name: contains control character U+2029 at byte 1");
}

TEST(ValidateNameTest, ChecksRulesInOrder) {
  // Invalid UTF-8 is reported even when a control character comes before it.
  ExpectInvalid("\x07\xFF", "name: is not valid UTF-8 at byte 1");
  ExpectInvalid("\xFF\x07", "name: is not valid UTF-8 at byte 0");
}

}  // namespace
}  // namespace aka::core

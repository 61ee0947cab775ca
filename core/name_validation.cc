#include "core/name_validation.h"

#include <cstdint>

#include "absl/strings/str_format.h"
#include "core/utf8.h"
#include "unicode/uchar.h"

namespace aka::core {
namespace {

// A name is blank when nothing in it would survive normalization as a letter: White_Space characters (which
// include NBSP and the ideographic space, not just ASCII blanks) and default-ignorable characters such as
// ZERO WIDTH SPACE. Ill-formed UTF-8 is not blank; the UTF-8 rule reports it with its position instead.
bool IsBlank(absl::string_view name) {
  size_t pos = 0;
  while (pos < name.size()) {
    const int32_t c = utf8::DecodeNext(name, &pos);
    if (c < 0) return false;
    if (!u_isUWhiteSpace(c) && !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return false;
  }
  return true;
}

// C0 controls (tab, CR and LF included: names are single-line), DEL, C1 controls, and the Unicode line and
// paragraph separators, which would break logs and line-oriented output formats as surely as a newline.
bool IsForbiddenControl(int32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

}  // namespace

absl::Status ValidateName(absl::string_view name, absl::string_view field, size_t max_bytes) {
  if (IsBlank(name)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: is empty", field));
  }
  if (name.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: is %d bytes; the limit is %d", field, name.size(), max_bytes));
  }
  // Two passes so that the rules are reported in the documented order whatever their positions: a caller
  // fixing one error at a time never sees a control-character complaint about text that is not even UTF-8.
  size_t pos = 0;
  while (pos < name.size()) {
    const size_t start = pos;
    if (utf8::DecodeNext(name, &pos) < 0) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: is not valid UTF-8 at byte %d", field, start));
    }
  }
  pos = 0;
  while (pos < name.size()) {
    const size_t start = pos;
    const int32_t c = utf8::DecodeNext(name, &pos);
    if (IsForbiddenControl(c)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: contains control character U+%04X at byte %d", field, c, start));
    }
  }
  return absl::OkStatus();
}

}  // namespace aka::core

#include "client/canonicalize/name_validation.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace aka::canonicalize {
namespace {

// Decodes one UTF-8 sequence at name[*pos]; returns the code point and advances *pos, or returns -1 for an
// ill-formed sequence (overlong forms, surrogates and values past U+10FFFF are ill-formed too).
int32_t DecodeUtf8(std::string_view name, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(name[i]); };
  const unsigned char lead = byte(*pos);
  if (lead < 0x80) {
    ++*pos;
    return lead;
  }
  size_t length;
  int32_t code_point;
  int32_t minimum;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return -1;
  }
  if (*pos + length > name.size()) return -1;
  for (size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(*pos + i);
    if ((next & 0xC0) != 0x80) return -1;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return -1;
  *pos += length;
  return code_point;
}

bool IsControl(int32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

}  // namespace

std::string ValidateName(std::string_view name, std::string_view std_label) {
  // Debian's abseil has its own string_view type; StrCat/StrFormat take that one.
  const absl::string_view label(std_label.data(), std_label.size());
  if (absl::StripAsciiWhitespace(absl::string_view(name.data(), name.size())).empty()) return absl::StrCat("empty name in ", label);
  if (name.size() > kMaxNameBytes) {
    return absl::StrCat("name in ", label, " is ", name.size(), " bytes; the limit is ", kMaxNameBytes);
  }
  size_t pos = 0;
  while (pos < name.size()) {
    const size_t start = pos;
    const int32_t code_point = DecodeUtf8(name, &pos);
    if (code_point < 0) return absl::StrCat("name in ", label, " is not valid UTF-8 (at byte ", start, ")");
    if (IsControl(code_point)) {
      return absl::StrFormat("name in %s has control character U+%04X at byte %d", label, code_point, start);
    }
  }
  return std::string();
}

}  // namespace aka::canonicalize

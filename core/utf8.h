// Small UTF-8 helpers shared by name validation and the normalization steps. Decoding follows ICU's U8_NEXT,
// which is strict (rejects overlong forms, surrogates and code points above U+10FFFF) and, on error, consumes
// the maximal ill-formed subpart so that each bad sequence maps to exactly one U+FFFD, as Unicode recommends.
#ifndef AKA_CORE_UTF8_H_
#define AKA_CORE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "unicode/utf8.h"

namespace aka::core::utf8 {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point starting at byte `*pos` of `text` and advances `*pos` past it. Returns the code
// point, or -1 if the bytes at `*pos` are not well-formed UTF-8 (then `*pos` skips the ill-formed subpart).
// REQUIRES: *pos < text.size().
inline int32_t DecodeNext(absl::string_view text, size_t* pos) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  size_t i = *pos;
  const size_t length = text.size();
  UChar32 c;
  U8_NEXT(bytes, i, length, c);
  *pos = i;
  return c < 0 ? -1 : c;
}

// Appends the UTF-8 encoding of `c` to `out`. REQUIRES: `c` is a Unicode scalar value.
inline void Append(char32_t c, std::string* out) {
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, c);
  out->append(buffer, static_cast<size_t>(length));
}

// True if every byte of `text` is ASCII (< 0x80): such text needs none of the Unicode machinery.
inline bool IsAscii(absl::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace aka::core::utf8

#endif  // AKA_CORE_UTF8_H_

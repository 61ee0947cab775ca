// Small text rules shared by the readers: which names a source may hand to the registry, how long free-text
// attributes may be, and how files are read. Kept here (not in core/) because formats/ depends on proto/ and
// common/ only; the server validates again on write, these checks only keep known-bad records out of imports
// with a reason the user can act on.
#ifndef AKA_FORMATS_SOURCE_TEXT_H_
#define AKA_FORMATS_SOURCE_TEXT_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aka::formats {

// Longest name (alias or canonical) in bytes, as entity.proto's Alias.name allows.
inline constexpr size_t kMaxNameBytes = 1024;
// Longest free-text attribute value (description, remarks) the readers keep; the rest is cut off because
// attributes are shown to people, not searched.
inline constexpr size_t kMaxAttributeBytes = 500;

// True if `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(absl::string_view text);

// Checks a name after the reader has stripped surrounding whitespace: non-empty, valid UTF-8, at most
// kMaxNameBytes, no control characters (C0, DEL, C1). INVALID_ARGUMENT saying which rule failed otherwise.
absl::Status CheckName(absl::string_view name);

// The longest prefix of `text` (valid UTF-8) of at most `max_bytes` bytes that does not split a character,
// with trailing ASCII whitespace removed.
std::string TruncateUtf8(absl::string_view text, size_t max_bytes);

// Reads a whole file. NOT_FOUND if it does not exist, INVALID_ARGUMENT if it is a directory, otherwise
// the OS error as UNKNOWN/PERMISSION_DENIED; the message names the path.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace aka::formats

#endif  // AKA_FORMATS_SOURCE_TEXT_H_

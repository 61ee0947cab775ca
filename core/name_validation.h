// Validation of names received from callers, before any normalization. Shared by the resolver, the registry
// and the CLI so that every entry point refuses the same inputs with the same words.
#ifndef AKA_CORE_NAME_VALIDATION_H_
#define AKA_CORE_NAME_VALIDATION_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace aka::core {

// The default limit on a name's length in bytes (1 KiB).
inline constexpr size_t kDefaultMaxNameBytes = 1024;

// Returns OK if `name` may be resolved or stored, else INVALID_ARGUMENT whose message names the rule broken
// and where, prefixed with `field` (e.g. "name: is empty", "name: is 1500 bytes; the limit is 1024",
// "name: is not valid UTF-8 at byte 3", "name: contains control character U+0007 at byte 5").
// Rules, in the order checked: not empty (and not only whitespace), at most `max_bytes` bytes, valid UTF-8
// (no overlong forms, no surrogates), no C0/C1 control characters (tab included) or U+2028/U+2029.
// Thread-safe.
absl::Status ValidateName(absl::string_view name, absl::string_view field = "name",
                          size_t max_bytes = kDefaultMaxNameBytes);

}  // namespace aka::core

#endif  // AKA_CORE_NAME_VALIDATION_H_

// The client-side check of a name before it is sent for resolution. It mirrors the server's rules (UTF-8,
// 1..1024 bytes, no control characters) so that a bad row is reported with its line number in the errors file
// instead of costing a round trip and coming back as an opaque per-item error.
#ifndef AKA_CLIENT_CANONICALIZE_NAME_VALIDATION_H_
#define AKA_CLIENT_CANONICALIZE_NAME_VALIDATION_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace aka::canonicalize {

// The server's limit on a name (ResolveRequest.name).
inline constexpr size_t kMaxNameBytes = 1024;

// Returns an empty string if `name` may be resolved, otherwise the broken rule, naming the source with
// `label` (e.g. "column 'actor'"): "empty name in column 'actor'". A name of only spaces counts as empty.
std::string ValidateName(std::string_view name, std::string_view label);

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_NAME_VALIDATION_H_

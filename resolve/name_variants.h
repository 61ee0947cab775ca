// Parenthesised parts of stored names. Sources pack two names into one string: "Anhui University (安徽大学)",
// "MUHAMMAD JAMAL NETWORK (MJN)", "APT37（Reaper）". Scored as one name, a query for either half covers only part
// of it and misses; the scorer therefore also compares the query with each half on its own.
#ifndef AKA_RESOLVE_NAME_VARIANTS_H_
#define AKA_RESOLVE_NAME_VARIANTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace aka::resolve {

// The halves of `name` around its first parenthesised part (ASCII or full-width parentheses): the text
// outside, and the text inside, each trimmed, and each only if it has at least two bytes. Empty when `name`
// has no complete parenthesised part or nothing outside it. Pure, thread-safe.
std::vector<std::string> ParenthesisedVariants(absl::string_view name);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_NAME_VARIANTS_H_

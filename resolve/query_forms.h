// Extra forms of a query to look up besides its own normalized forms. Designator expansion
// ("Advanced Persistent Threat Group 31" -> "apt 31", core/designators.h) changes the tokens after
// normalization, so the expanded name has index keys of its own that the raw query does not share.
#ifndef AKA_RESOLVE_QUERY_FORMS_H_
#define AKA_RESOLVE_QUERY_FORMS_H_

#include <optional>

#include "core/name_features.h"
#include "core/normalizer.h"

namespace aka::resolve {

// The normalized forms of `query.tokens` (designators expanded) when they differ from the query's own
// normalized tokens; nullopt otherwise. nfkc is set to the normalized text (there is no raw spelling of an
// expanded name), so an exact key never matches it. Pure, thread-safe.
std::optional<core::NormalizedName> ExpandedQueryForm(const core::NameAnalysis& query);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_QUERY_FORMS_H_

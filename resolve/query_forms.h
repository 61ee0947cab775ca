// Extra forms of a query to look up besides its own normalized forms. Designator expansion
// ("Advanced Persistent Threat Group 31" -> "apt 31", core/designators.h) changes the tokens after
// normalization, so the expanded name has index keys of its own that the raw query does not share. The
// readings of East Asian personal names are whole alternative queries: the normalizer reads Han as Chinese.
#ifndef AKA_RESOLVE_QUERY_FORMS_H_
#define AKA_RESOLVE_QUERY_FORMS_H_

#include <optional>
#include <vector>

#include "core/name_features.h"
#include "core/normalizer.h"

namespace aka::resolve {

// The normalized forms of `query.tokens` (designators expanded) when they differ from the query's own
// normalized tokens; nullopt otherwise. nfkc is set to the normalized text (there is no raw spelling of an
// expanded name), so an exact key never matches it. Pure, thread-safe.
std::optional<core::NormalizedName> ExpandedQueryForm(const core::NameAnalysis& query);

// The Korean and Japanese readings of a query written in Han or Hangul (core/cjk_name_readings.h: "金正恩" ->
// "kim jeong eun", "山田太郎" -> "yamada taro", "박지성" -> "park ji seong"), each analysed as a name of its own
// whose script is the one its romanisation follows (kHangul or kJapanese), so that the scorer treats it as a
// cross-script query. Empty for every other query. Thread-safe if `normalizer` is.
std::vector<core::NameAnalysis> ReadingQueryForms(const core::Normalizer& normalizer,
                                                  const core::NameAnalysis& query);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_QUERY_FORMS_H_

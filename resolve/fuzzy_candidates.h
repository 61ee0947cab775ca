// Fuzzy candidate generation: entities whose names share a distinctive token with the query, exactly or
// within the typo budget, found through the store's fuzzy (deletion-neighbourhood) and tokens families -
// point lookups only, never a scan. This is how "Wuhan Xiaoruizhi Science and Technolgy Company Ltd." and
// "Xiaoruzhi" reach the stored "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED".
//
// Every token pair is verified with core::BoundedEditDistance before its postings are read, numbers are
// identity (a name whose numbers conflict with the query's - "APT 13" for "APT 31" - is never returned), and
// the work is bounded: at most `max_query_tokens` query tokens (the rarest), tokens with more than
// `max_token_postings` names are skipped (they identify nothing), and the best `max_candidates` entities by
// a cheap pre-score (rarity-weighted share of query tokens matched, less per edit) are returned.
#ifndef AKA_RESOLVE_FUZZY_CANDIDATES_H_
#define AKA_RESOLVE_FUZZY_CANDIDATES_H_

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "core/name_script.h"
#include "core/normalizer.h"
#include "resolve/candidate_generator.h"
#include "storage/store.h"

namespace aka::resolve {

// The most query tokens FindFuzzyCandidates looks up, whatever FuzzyCandidateOptions::max_query_tokens says.
inline constexpr size_t kMaxQueryTokens = 64;

struct FuzzyCandidateOptions {
  // Distinctive query tokens looked up, rarest first; at most kMaxQueryTokens. Default: 4.
  size_t max_query_tokens = 4;
  // When a query token is unknown to the index (token_statistics count 0, most likely the typo), the known
  // ones are looked up as they are, not through their deletion neighbourhoods: the typo budget is spent on
  // the unknown words. A query whose words are all known still has every word looked up with typos (a typo
  // may make another real word). Default: true.
  bool typos_only_in_unknown_tokens = true;
  // A stored token with more names than this is too common to generate candidates. Default: 256.
  size_t max_token_postings = 256;
  // Entities returned, best pre-score first. Each costs the resolver an entity fetch and a word-by-word
  // comparison with every name of it, so this bounds the fuzzy path's cost. Default: 32 (aka-eval answers as
  // with 64; 16 lost 2 of cjk_org_names' correct answers).
  size_t max_candidates = 32;
};

// The options for a query written in `script`: the defaults for Latin (and letterless) queries; for other
// scripts max_candidates 64, because their tokens are transliterations (pinyin syllables, romanised words)
// that the pre-score orders poorly (with 16 for every script, aka-eval's cjk_org_names lost 59 of its 297
// correct answers).
FuzzyCandidateOptions FuzzyCandidateOptionsFor(core::NameScript script);

// Candidates for `query` with key_kind kFuzzy; `key` is the stored token that matched the query's rarest
// matched token, `matched_name` the name holding it. Ordered by pre-score, then by how many of the query's
// words (all of them, generic ones included) the matched name has (Dice), then entity id. Empty if the
// query has no distinctive token. Thread-safe; errors come from the store.
absl::StatusOr<std::vector<KeyCandidate>> FindFuzzyCandidates(const storage::Store& store,
                                                              const core::NormalizedName& query,
                                                              const FuzzyCandidateOptions& options);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_FUZZY_CANDIDATES_H_

// Cross-script candidate generation: the Latin names whose consonant skeleton equals, or is one edit from, the
// skeleton of a query written in a script with lossy romanisation ("משה" -> "msh" -> "Moshe"; "محمد علي" ->
// "mhmd ly" -> "Mohamed Ali"), found through the store's kSkeleton keys (core/name_keys.h) - point lookups,
// never a scan. Equality and token keys cannot find these: the transliteration has no vowels, or other ones.
//
// The candidates are only candidates: the scorer compares them word by word, and a skeleton alone never makes
// an answer. Latin queries never reach this key space (a shared skeleton between two Latin spellings proves
// little: "Musa" / "Moses").
#ifndef AKA_RESOLVE_CROSS_SCRIPT_CANDIDATES_H_
#define AKA_RESOLVE_CROSS_SCRIPT_CANDIDATES_H_

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "aka/v1/resolver.pb.h"
#include "core/name_features.h"
#include "resolve/candidate_generator.h"
#include "storage/store.h"

namespace aka::resolve {

struct CrossScriptCandidateOptions {
  // A skeleton key held by more names than this identifies nothing ("mhmd") and is skipped. Default: 256.
  size_t max_key_postings = 256;
  // Entities returned: those found through the query's own skeleton first, then through its one-deletion
  // neighbourhood, each group by entity id. Default: 64.
  size_t max_candidates = 64;
};

// Candidates for `query` (key_kind kFuzzy, so that the scorer compares names; `key` is the skeleton key that
// found the entity). Empty, without touching the store, unless core::HasLossyRomanization(query.script) and
// every word of the query's name keeps a consonant in its skeleton.
// Thread-safe; errors come from the store.
absl::StatusOr<std::vector<KeyCandidate>> FindCrossScriptCandidates(const storage::Store& store,
                                                                    const core::NameAnalysis& query,
                                                                    const CrossScriptCandidateOptions& options);

// The candidates of a reading of the query (query_forms.h: ReadingQueryForms): the entities holding a name
// equal to it under an equality key, then FindCrossScriptCandidates of it; all kFuzzy (a reading is a guess,
// so its candidates are compared word by word), one per entity. Thread-safe; errors come from the store.
absl::StatusOr<std::vector<KeyCandidate>> FindReadingCandidates(const storage::Store& store,
                                                                const CandidateGenerator& generator,
                                                                const core::NameAnalysis& reading);

// Keeps one candidate per entity, the one with the highest score (the first of equals), in the order of the
// first occurrences: an entity scored for the query and for one of its readings counts once, by its best fit.
void KeepBestPerEntity(std::vector<aka::v1::Candidate>* candidates);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_CROSS_SCRIPT_CANDIDATES_H_

// The one entry point the resolver uses to compare names. AnalyzeName turns a raw name into everything the
// features need (normalized forms, legal form, designators, numbers, person structure, script) once per
// name; CompareNames measures each feature of a (query, candidate) pair. Scoring - turning FeatureScores
// into a calibrated 0..1 score and an outcome - is the resolver's job; two flags here are hard rules it must
// turn into a veto: `numbers_conflict` ("APT31" is never "APT3") and `generic_only` (a match carried only
// by generic words or the legal form: "BELLETECH CORP" vs "11420 CORP.").
//
// Typical use:
//   const NameAnalysis query = AnalyzeName(normalizer, request.name());
//   for (...each candidate alias...) {
//     const NameAnalysis alias = AnalyzeName(normalizer, alias_name);   // or cached with the alias
//     const FeatureScores f = CompareNames(query, alias, &token_statistics);
//     if (f.numbers_conflict || f.generic_only) continue;              // veto
//     ...
//   }
#ifndef AKA_CORE_NAME_FEATURES_H_
#define AKA_CORE_NAME_FEATURES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/designators.h"
#include "core/generic_words.h"
#include "core/legal_forms.h"
#include "core/name_script.h"
#include "core/normalizer.h"
#include "core/person_names.h"

namespace aka::core {

struct NameAnalysis {
  NormalizedName normalized;
  // normalized.tokens after ExpandDesignators ("advanced persistent threat group 31" -> "apt 31").
  std::vector<std::string> tokens;
  // `tokens` with the legal form split off: parts.name_tokens are what identifies the name.
  NameParts parts;
  // parts.name_tokens joined without spaces ("wuhanxiaoruizhiscienceandtechnology").
  std::string name_compact;
  std::vector<Designator> designators;
  // The numeric tokens of parts.name_tokens without leading zeros, sorted ("11420"; "31" for "APT 031").
  std::vector<std::string> numbers;
  // Set when the name is in "SURNAME, Given" form (person_names.h).
  std::optional<PersonName> person;
  // True if `person` is set: the name is written the way sanctions lists write individuals.
  bool looks_like_person = false;
  // The script the name was written in (before transliteration).
  NameScript script = NameScript::kNone;
};

// Analyzes `raw` (validated by the caller, see name_validation.h). Thread-safe if `normalizer` is (it is).
// Cost: one Normalize call (two for names with a comma) plus table lookups.
NameAnalysis AnalyzeName(const Normalizer& normalizer, absl::string_view raw);

enum class NumberAgreement {
  kAbsent,    // neither name has a number
  kOneSided,  // only one name has numbers ("Lazarus" vs "Lazarus 2": weak evidence against)
  kEqual,     // the same numbers ("APT 31" vs "APT031")
  kSubset,    // one's numbers are a proper part of the other's ("Unit 61398" vs "Unit 61398 3")
  kConflict,  // both have numbers and neither set contains the other ("APT 31" vs "APT 3")
};

NumberAgreement CompareNumbers(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Every feature of one (query, candidate) pair. Token features are over parts.name_tokens (legal forms
// excluded); see token_alignment.h for their exact meaning.
struct FeatureScores {
  // Forms equal: normalized text, sorted tokens, compact (no spaces: "JSCARGUMENT" = "JSC ARGUMENT").
  bool same_normalized = false;
  bool same_token_sorted = false;
  bool same_compact = false;
  // Token overlap weighted by rarity (TokenStatistics), in [0, 1]; 1 for same_compact names that have a
  // distinctive token.
  double distinctive_overlap = 0;
  double query_coverage = 0;
  double candidate_coverage = 0;
  // Unweighted Jaccard overlap of the name-token sets.
  double token_set_overlap = 0;
  int exact_tokens = 0;
  int joined_tokens = 0;
  int fuzzy_tokens = 0;   // typo pairs on distinctive tokens
  int fuzzy_edits = 0;    // their total edit distance
  double min_fuzzy_similarity = 1.0;
  int initial_tokens = 0;  // "j" ~ "john"
  int query_unmatched_distinctive = 0;
  int candidate_unmatched_distinctive = 0;

  NumberAgreement numbers = NumberAgreement::kAbsent;
  DesignatorAgreement designators = DesignatorAgreement::kNone;
  LegalFormAgreement legal_form = LegalFormAgreement::kNeutral;
  PersonOrderAgreement person_order = PersonOrderAgreement::kNotApplicable;

  NameScript query_script = NameScript::kNone;
  NameScript candidate_script = NameScript::kNone;
  // The two names were written in different scripts (neither kNone).
  bool cross_script = false;

  // Hard rules (veto): numbers == kConflict or designators == kConflict.
  bool numbers_conflict = false;
  // Hard rule (veto): something agrees (tokens or legal form) but no distinctive token does.
  bool generic_only = false;
};

// Compares `query` with `candidate`. `statistics` weighs tokens by rarity in the index; null weighs every
// non-generic token 1. Pure and thread-safe; costs O(n * m) token comparisons for n and m name tokens.
FeatureScores CompareNames(const NameAnalysis& query, const NameAnalysis& candidate,
                           const TokenStatistics* statistics);

// CompareNames with the weights of the query's name tokens given (REQUIRES: query_weights ==
// TokenWeights(query.parts.name_tokens, statistics), token_alignment.h): for a query compared with many names.
FeatureScores CompareNames(const NameAnalysis& query, const std::vector<double>& query_weights,
                           const NameAnalysis& candidate, const TokenStatistics* statistics);

}  // namespace aka::core

#endif  // AKA_CORE_NAME_FEATURES_H_

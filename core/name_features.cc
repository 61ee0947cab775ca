#include "core/name_features.h"

#include <algorithm>

#include "absl/strings/str_join.h"
#include "core/normalize_steps.h"
#include "core/similarity.h"
#include "core/token_alignment.h"

namespace aka::core {
namespace {

bool HasDistinctiveToken(const std::vector<std::string>& tokens) {
  return std::any_of(tokens.begin(), tokens.end(), [](const std::string& t) { return !IsGenericToken(t); });
}

}  // namespace

NameAnalysis AnalyzeName(const Normalizer& normalizer, absl::string_view raw) {
  NameAnalysis analysis;
  analysis.normalized = normalizer.Normalize(raw);
  analysis.script = DetectScript(analysis.normalized.nfkc);
  analysis.tokens = ExpandDesignators(analysis.normalized.tokens);
  analysis.parts = SplitLegalForm(analysis.tokens, analysis.script == NameScript::kHan);
  analysis.name_compact = absl::StrJoin(analysis.parts.name_tokens, "");
  analysis.designators = ExtractDesignators(analysis.parts.name_tokens);
  for (const std::string& token : analysis.parts.name_tokens) {
    if (IsNumericToken(token)) analysis.numbers.push_back(CanonicalNumber(token));
  }
  std::sort(analysis.numbers.begin(), analysis.numbers.end());
  if (analysis.parts.legal_form.empty() && analysis.designators.empty()) {
    analysis.person = ParsePersonName(normalizer, analysis.normalized);
  }
  analysis.looks_like_person = analysis.person.has_value();
  return analysis;
}

NumberAgreement CompareNumbers(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() && b.empty()) return NumberAgreement::kAbsent;
  if (a.empty() || b.empty()) return NumberAgreement::kOneSided;
  if (a == b) return NumberAgreement::kEqual;
  // Both are sorted; multiset inclusion either way.
  if (std::includes(a.begin(), a.end(), b.begin(), b.end()) || std::includes(b.begin(), b.end(), a.begin(), a.end())) {
    return NumberAgreement::kSubset;
  }
  return NumberAgreement::kConflict;
}

FeatureScores CompareNames(const NameAnalysis& query, const NameAnalysis& candidate,
                           const TokenStatistics* statistics) {
  return CompareNames(query, TokenWeights(query.parts.name_tokens, statistics), candidate, statistics);
}

FeatureScores CompareNames(const NameAnalysis& query, const std::vector<double>& query_weights,
                           const NameAnalysis& candidate, const TokenStatistics* statistics) {
  FeatureScores f;
  const NormalizedName& qn = query.normalized;
  const NormalizedName& cn = candidate.normalized;
  f.same_normalized = !qn.normalized.empty() && qn.normalized == cn.normalized;
  f.same_token_sorted = !qn.token_sorted.empty() && qn.token_sorted == cn.token_sorted;
  f.same_compact = !qn.compact.empty() &&
                   (qn.compact == cn.compact ||
                    (!query.name_compact.empty() && query.name_compact == candidate.name_compact));

  const std::vector<std::string>& q = query.parts.name_tokens;
  const std::vector<std::string>& c = candidate.parts.name_tokens;
  const TokenAlignment alignment = AlignTokens(q, query_weights, c, statistics);
  f.distinctive_overlap = alignment.distinctive_overlap;
  f.query_coverage = alignment.query_coverage;
  f.candidate_coverage = alignment.candidate_coverage;
  f.exact_tokens = alignment.exact_pairs;
  f.joined_tokens = alignment.joined_pairs;
  f.fuzzy_tokens = alignment.fuzzy_pairs;
  f.fuzzy_edits = alignment.fuzzy_edits;
  f.min_fuzzy_similarity = alignment.min_fuzzy_similarity;
  f.initial_tokens = alignment.initial_pairs;
  f.query_unmatched_distinctive = alignment.query_unmatched_distinctive;
  f.candidate_unmatched_distinctive = alignment.candidate_unmatched_distinctive;
  f.token_set_overlap = TokenSetOverlap(q, c);
  bool distinctive_matched = alignment.distinctive_matched;
  // Names equal but for spacing are the same name, even where the spacing hid a legal form ("JSCARGUMENT"):
  // no token pairing can show that, so the overlap is set outright.
  if (f.same_compact && (HasDistinctiveToken(query.tokens) || HasDistinctiveToken(candidate.tokens))) {
    f.distinctive_overlap = f.query_coverage = f.candidate_coverage = 1.0;
    f.query_unmatched_distinctive = f.candidate_unmatched_distinctive = 0;
    distinctive_matched = true;
  }

  f.numbers = CompareNumbers(query.numbers, candidate.numbers);
  f.designators = CompareDesignators(query.designators, candidate.designators);
  f.legal_form = CompareLegalForms(query.parts.legal_form, candidate.parts.legal_form);
  f.person_order = ComparePersonOrder(query.person, q, candidate.person, c);

  f.query_script = query.script;
  f.candidate_script = candidate.script;
  f.cross_script =
      query.script != NameScript::kNone && candidate.script != NameScript::kNone && query.script != candidate.script;

  f.numbers_conflict =
      f.numbers == NumberAgreement::kConflict || f.designators == DesignatorAgreement::kConflict;
  const bool legal_form_agrees =
      f.legal_form == LegalFormAgreement::kEqual || f.legal_form == LegalFormAgreement::kCompatible;
  f.generic_only = !distinctive_matched && (alignment.generic_only || legal_form_agrees);
  return f;
}

}  // namespace aka::core

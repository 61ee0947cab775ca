#include "resolve/name_pair_score.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/generic_words.h"
#include "core/similarity.h"
#include "resolve/transliteration_skeleton.h"

namespace aka::resolve {
namespace {

// ScoreFeatures: score = kBase + kSpan * similarity + adjustments, with similarity the mean of the weighted
// distinctive overlap and the lower of the two coverages. Using the lower coverage means a short query
// ("Emma") cannot claim a long name ("Emma Daniels") nor the reverse. Values calibrated on the dev sets with
// aka-eval (docs/MATCHING.md): identical distinctive tokens land near 0.95, one of two distinctive tokens
// shared lands near 0.55, far below the 0.80 threshold.
constexpr double kBase = 0.10;
constexpr double kSpan = 0.85;
// Each typo edit on a distinctive token (beyond what token similarity already took).
constexpr double kPerEdit = 0.015;
// A name none of whose words agrees exactly rests on typos alone ("TAAL" / "TALA"): less sure than one where
// a typo sits beside agreeing words.
constexpr double kTypoOnlyPenalty = 0.05;
// A one-letter initial standing for a token ("J. Smith" is also "Jane Smith").
constexpr double kPerInitial = 0.04;
// A distinctive token of the query that the stored name lacks is evidence of another entity; one the stored
// name has beyond the query is weaker evidence (short forms are common: "PUTIN, Vladimir").
constexpr double kPerQueryUnmatched = 0.08;
constexpr double kPerCandidateUnmatched = 0.04;
constexpr double kMaxUnmatchedPenalty = 0.30;
constexpr double kNumbersEqualBonus = 0.02;
constexpr double kNumbersOneSidedPenalty = 0.10;
constexpr double kNumbersSubsetPenalty = 0.15;
constexpr double kDesignatorEqualBonus = 0.03;
constexpr double kDesignatorOneSidedPenalty = 0.05;
constexpr double kLegalFormEqualBonus = 0.02;
constexpr double kLegalFormCompatibleBonus = 0.01;
constexpr double kLegalFormConflictPenalty = 0.08;
constexpr double kSurnameOnlyPenalty = 0.10;
// Generic words cannot carry a match, but two different ones, one on each side, are evidence against it: a
// "University" is not a "Group", a "Trading" company not an "Electronics" one.
constexpr double kGenericConflictPenalty = 0.12;
// A cross-script pair whose consonant skeletons agree (transliteration_skeleton.h) scores at least this (equal
// skeletons) or kSkeletonNearScore (one edit apart): above the threshold, below any pair whose tokens agree.
// kSkeletonSpellingBonus * Jaro-Winkler of the two compact spellings is added, so that among names sharing a
// skeleton the closest spelling ranks first ("ahmd hsn": "Ahmed Hassan" before "Hamid Huseyini").
constexpr double kSkeletonEqualScore = 0.84;
constexpr double kSkeletonNearScore = 0.80;
constexpr double kSkeletonSpellingBonus = 0.08;
// Agreement found only after sorting the tokens is a little weaker, as the token-sorted key is weaker than the
// normalized one.
constexpr double kReorderedSkeletonPenalty = 0.03;
// Matched query mass below kStrongEvidenceMass (about one token found in a few dozen names) is weak evidence:
// up to kWeakEvidencePenalty is taken, in proportion to what is missing.
constexpr double kStrongEvidenceMass = 0.80;
constexpr double kWeakEvidencePenalty = 0.50;
constexpr double kPersonDifferentPenalty = 0.05;

// A feature's part in the score; `make_detail()` (a string) is called only when explaining: formatting the
// details cost more than computing the score.
template <typename MakeDetail>
void Add(PairScore* score, bool explain, const char* name, double value, double contribution,
         const MakeDetail& make_detail) {
  score->score += contribution;
  if (explain) score->parts.push_back({name, value, contribution, std::string(make_detail())});
}

void Add(PairScore* score, bool explain, const char* name, double value, double contribution, const char* detail) {
  Add(score, explain, name, value, contribution, [detail] { return detail; });
}

const char* NumbersName(core::NumberAgreement agreement) {
  switch (agreement) {
    case core::NumberAgreement::kAbsent:
      return "no numbers";
    case core::NumberAgreement::kOneSided:
      return "numbers on one side only";
    case core::NumberAgreement::kEqual:
      return "same numbers";
    case core::NumberAgreement::kSubset:
      return "one name's numbers are part of the other's";
    case core::NumberAgreement::kConflict:
      return "different numbers";
  }
  return "";
}

const char* DesignatorsName(core::DesignatorAgreement agreement) {
  switch (agreement) {
    case core::DesignatorAgreement::kNone:
      return "no designators";
    case core::DesignatorAgreement::kOneSided:
      return "designator on one side only";
    case core::DesignatorAgreement::kEqual:
      return "same designator";
    case core::DesignatorAgreement::kDifferentPrefix:
      return "designators of different vendors";
    case core::DesignatorAgreement::kConflict:
      return "same designator prefix, different number";
  }
  return "";
}

const char* LegalFormName(core::LegalFormAgreement agreement) {
  switch (agreement) {
    case core::LegalFormAgreement::kNeutral:
      return "no legal form to compare";
    case core::LegalFormAgreement::kEqual:
      return "same legal form";
    case core::LegalFormAgreement::kCompatible:
      return "legal forms of the same family";
    case core::LegalFormAgreement::kConflict:
      return "legal forms of different families";
  }
  return "";
}

const char* PersonOrderName(core::PersonOrderAgreement agreement) {
  switch (agreement) {
    case core::PersonOrderAgreement::kNotApplicable:
      return "not a SURNAME, Given name";
    case core::PersonOrderAgreement::kSameOrder:
      return "same order";
    case core::PersonOrderAgreement::kReordered:
      return "same names, another order";
    case core::PersonOrderAgreement::kSurnameOnly:
      return "same surname, other given names";
    case core::PersonOrderAgreement::kDifferent:
      return "surname not in the other name";
  }
  return "";
}

// Caps a vetoed score at kVetoCeiling and lists the veto as the last feature.
void ApplyVeto(PairScore* score, bool explain, std::string reason) {
  score->vetoed = true;
  const double capped = std::min(score->score, kVetoCeiling);
  const double contribution = capped - score->score;
  score->score = capped;
  if (explain) score->parts.push_back({"veto", 1.0, contribution, reason});
  score->veto = std::move(reason);
}

}  // namespace

double KeyKindWeight(core::KeyKind kind) {
  switch (kind) {
    case core::KeyKind::kExact:
      return kExactKeyWeight;
    case core::KeyKind::kNormalized:
      return kNormalizedKeyWeight;
    case core::KeyKind::kCompact:
      return kCompactKeyWeight;
    case core::KeyKind::kTokenSorted:
      return kTokenSortedKeyWeight;
    case core::KeyKind::kFuzzy:
    case core::KeyKind::kSkeleton:
      return 0.0;
  }
  return 0.0;
}

const char* KeyKindName(core::KeyKind kind) {
  switch (kind) {
    case core::KeyKind::kExact:
      return "exact";
    case core::KeyKind::kNormalized:
      return "normalized";
    case core::KeyKind::kCompact:
      return "compact";
    case core::KeyKind::kTokenSorted:
      return "token-sorted";
    case core::KeyKind::kFuzzy:
      return "fuzzy";
    case core::KeyKind::kSkeleton:
      return "skeleton";
  }
  return "unknown";
}

bool HasDistinctiveNameToken(const core::NameAnalysis& analysis) {
  return std::any_of(analysis.parts.name_tokens.begin(), analysis.parts.name_tokens.end(),
                     [](const std::string& token) { return !core::IsGenericToken(token); });
}

PairScore ScoreKeyEquality(core::KeyKind kind, const core::NameAnalysis& query, core::NameScript stored_script,
                           bool explain) {
  PairScore score;
  const double weight = KeyKindWeight(kind);
  Add(&score, explain, "key", weight, weight,
      [kind] { return absl::StrCat(KeyKindName(kind), " key: the names are equal"); });
  // Only an exact key proves both names are in the same script; otherwise the query met the stored name after
  // transliteration if it was written in a non-Latin script and the stored name is not in that same script.
  const bool query_non_latin =
      query.script != core::NameScript::kLatin && query.script != core::NameScript::kNone;
  if (kind != core::KeyKind::kExact && query_non_latin && stored_script != query.script) {
    Add(&score, explain, "script", 1.0, -kCrossScriptPenalty, "matched after transliteration to Latin");
  }
  if (!HasDistinctiveNameToken(query)) {
    ApplyVeto(&score, explain, "generic words only: the name cannot identify one entity");
  }
  return score;
}

double QueryTokenMass(const core::NameAnalysis& query, const core::TokenStatistics* statistics) {
  double mass = 0;
  for (const std::string& token : query.parts.name_tokens) mass += core::TokenWeight(token, statistics);
  return mass;
}

struct SkeletonMatch {
  double agreement = 0;  // SkeletonAgreement
  bool reordered = false;
};

// Skeleton agreement of two names, in their own token order and sorted (persons are written in either order).
// A skeleton one edit apart counts only between names of as many tokens: one more token is more than a
// transliteration difference ("Alexandros" is not "GAUSS, Alexandra").
SkeletonMatch NameSkeletonAgreement(const core::NameAnalysis& query, const core::NameAnalysis& stored) {
  const bool same_length = query.parts.name_tokens.size() == stored.parts.name_tokens.size();
  auto agreement = [same_length](const std::string& a, const std::string& b) {
    const double value = SkeletonAgreement(ConsonantSkeleton(a), ConsonantSkeleton(b));
    return value >= 1.0 || same_length ? value : 0.0;
  };
  const double in_order = agreement(query.name_compact, stored.name_compact);
  if (in_order > 0) return {in_order, false};
  std::vector<std::string> q = query.parts.name_tokens;
  std::vector<std::string> c = stored.parts.name_tokens;
  std::sort(q.begin(), q.end());
  std::sort(c.begin(), c.end());
  return {agreement(absl::StrJoin(q, ""), absl::StrJoin(c, "")), true};
}

// Organizational generic words of `a` that `b` lacks ("university" in "Southeast University" against
// "SOUTHEAST TRADING LTD").
std::vector<std::string> GenericWordsOnlyIn(const core::NameAnalysis& a, const core::NameAnalysis& b) {
  std::vector<std::string> only;
  for (const std::string& token : a.parts.name_tokens) {
    if (core::GenericTokenKind(token) != core::GenericKind::kOrganizational) continue;
    if (std::find(b.parts.name_tokens.begin(), b.parts.name_tokens.end(), token) == b.parts.name_tokens.end()) {
      only.push_back(token);
    }
  }
  return only;
}

PairScore ScoreFeatures(const core::FeatureScores& f, const core::NameAnalysis& query,
                        const core::NameAnalysis& stored, double query_mass, bool explain) {
  PairScore score;
  const double coverage = std::min(f.query_coverage, f.candidate_coverage);
  Add(&score, explain, "base", kBase, kBase, "floor of a candidate found through a shared token");
  Add(&score, explain, "token_overlap", f.distinctive_overlap, 0.5 * kSpan * f.distinctive_overlap,
      [&f] {
        return absl::StrFormat(
            "rarity-weighted share of distinctive tokens that agree: %.2f (%d equal, %d joined, %d typo)",
            f.distinctive_overlap, f.exact_tokens, f.joined_tokens, f.fuzzy_tokens);
      });
  Add(&score, explain, "coverage", coverage, 0.5 * kSpan * coverage,
      [&f] {
        return absl::StrFormat("lower of query coverage %.2f and stored-name coverage %.2f", f.query_coverage,
                               f.candidate_coverage);
      });
  const double matched_mass = f.query_coverage * query_mass;
  if (matched_mass < kStrongEvidenceMass) {
    Add(&score, explain, "evidence", matched_mass,
        -kWeakEvidencePenalty * (kStrongEvidenceMass - matched_mass) / kStrongEvidenceMass,
        [matched_mass] {
          return absl::StrFormat("matched token weight %.2f: the agreeing words are common in the index",
                                 matched_mass);
        });
  }
  if (f.fuzzy_edits > 0) {
    Add(&score, explain, "edit_distance", f.fuzzy_edits, -kPerEdit * f.fuzzy_edits,
        [&f] {
          return absl::StrFormat("%d edit(s) over %d typo pair(s); lowest token similarity %.2f", f.fuzzy_edits,
                                 f.fuzzy_tokens, f.min_fuzzy_similarity);
        });
  }
  if (f.fuzzy_tokens > 0 && f.exact_tokens + f.joined_tokens == 0) {
    Add(&score, explain, "typo_only", f.fuzzy_tokens, -kTypoOnlyPenalty,
        "no word agrees exactly: the match rests on typo pairs alone");
  }
  if (f.initial_tokens > 0) {
    Add(&score, explain, "initials", f.initial_tokens, -kPerInitial * f.initial_tokens,
        [&f] { return absl::StrCat(f.initial_tokens, " initial(s) stand for a longer name"); });
  }
  const int unmatched = f.query_unmatched_distinctive + f.candidate_unmatched_distinctive;
  if (unmatched > 0) {
    const double penalty = std::min(kMaxUnmatchedPenalty, kPerQueryUnmatched * f.query_unmatched_distinctive +
                                                              kPerCandidateUnmatched * f.candidate_unmatched_distinctive);
    Add(&score, explain, "unmatched_tokens", unmatched, -penalty,
        [&f] {
          return absl::StrFormat("%d distinctive query token(s) and %d stored-name token(s) without a partner",
                                 f.query_unmatched_distinctive, f.candidate_unmatched_distinctive);
        });
  }
  const std::vector<std::string> query_generic = GenericWordsOnlyIn(query, stored);
  if (!query_generic.empty()) {
    const std::vector<std::string> stored_generic = GenericWordsOnlyIn(stored, query);
    if (!stored_generic.empty()) {
      Add(&score, explain, "generic_words", 1.0, -kGenericConflictPenalty,
          [&] {
            return absl::StrCat("\"", absl::StrJoin(query_generic, " "), "\" vs \"",
                                absl::StrJoin(stored_generic, " "), "\": different kinds of organisation");
          });
    }
  }
  double numbers = 0;
  switch (f.numbers) {
    case core::NumberAgreement::kEqual:
      numbers = kNumbersEqualBonus;
      break;
    case core::NumberAgreement::kOneSided:
      numbers = -kNumbersOneSidedPenalty;
      break;
    case core::NumberAgreement::kSubset:
      numbers = -kNumbersSubsetPenalty;
      break;
    default:
      break;
  }
  if (f.numbers != core::NumberAgreement::kAbsent) {
    Add(&score, explain, "numbers", static_cast<double>(f.numbers), numbers, NumbersName(f.numbers));
  }
  double designators = 0;
  if (f.designators == core::DesignatorAgreement::kEqual) designators = kDesignatorEqualBonus;
  if (f.designators == core::DesignatorAgreement::kOneSided) designators = -kDesignatorOneSidedPenalty;
  if (f.designators != core::DesignatorAgreement::kNone) {
    Add(&score, explain, "designators", static_cast<double>(f.designators), designators,
        DesignatorsName(f.designators));
  }
  double legal = 0;
  if (f.legal_form == core::LegalFormAgreement::kEqual) legal = kLegalFormEqualBonus;
  if (f.legal_form == core::LegalFormAgreement::kCompatible) legal = kLegalFormCompatibleBonus;
  if (f.legal_form == core::LegalFormAgreement::kConflict) legal = -kLegalFormConflictPenalty;
  Add(&score, explain, "legal_form", static_cast<double>(f.legal_form), legal, LegalFormName(f.legal_form));
  double person = 0;
  if (f.person_order == core::PersonOrderAgreement::kSurnameOnly) person = -kSurnameOnlyPenalty;
  if (f.person_order == core::PersonOrderAgreement::kDifferent) person = -kPersonDifferentPenalty;
  if (f.person_order != core::PersonOrderAgreement::kNotApplicable) {
    Add(&score, explain, "person_order", static_cast<double>(f.person_order), person,
        PersonOrderName(f.person_order));
  }
  if (f.cross_script) {
    Add(&score, explain, "script", 1.0, -kCrossScriptPenalty, "matched after transliteration to Latin");
  }
  if (f.cross_script && stored.script == core::NameScript::kLatin && core::HasLossyRomanization(query.script)) {
    const SkeletonMatch skeleton = NameSkeletonAgreement(query, stored);
    const double agreement = skeleton.agreement;
    const double floor =
        agreement <= 0 ? 0.0
                       : (agreement >= 1.0 ? kSkeletonEqualScore : kSkeletonNearScore) -
                             (skeleton.reordered ? kReorderedSkeletonPenalty : 0.0) +
                             kSkeletonSpellingBonus * core::JaroWinkler(query.name_compact, stored.name_compact);
    if (floor > score.score) {
      Add(&score, explain, "transliteration", agreement, floor - score.score,
          [&] {
            return absl::StrCat("consonant skeletons ", agreement >= 1.0 ? "equal" : "one edit apart",
                                skeleton.reordered ? " after reordering the words" : "", ": \"",
                                ConsonantSkeleton(query.name_compact), "\" / \"",
                                ConsonantSkeleton(stored.name_compact), "\"");
          });
    }
  }
  score.score = std::clamp(score.score, 0.0, kFeatureScoreCeiling);
  if (f.numbers_conflict) {
    ApplyVeto(&score, explain,
              f.designators == core::DesignatorAgreement::kConflict
                  ? "designator conflict: same prefix, different number"
                  : "numbers conflict: numbers are identity");
  } else if (f.generic_only) {
    ApplyVeto(&score, explain, "only generic words or the legal form agree");
  }
  return score;
}

}  // namespace aka::resolve

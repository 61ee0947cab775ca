#include "resolve/scorer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace aka::resolve {
namespace {

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
  }
  return "unknown";
}

// The alias the index row points at. The row's alias_index was right when the row was written in the same
// WriteBatch as the entity, but a concurrent write may have replaced the entity between the lookup and the
// fetch; then the alias is found again by name, and if it is gone the match counts as an ordinary alias.
const aka::v1::Alias* FindMatchedAlias(const aka::v1::Entity& entity, const KeyCandidate& match) {
  if (match.alias_index < 0) return nullptr;
  if (match.alias_index < entity.aliases_size() &&
      entity.aliases(match.alias_index).name() == match.matched_name) {
    return &entity.aliases(match.alias_index);
  }
  for (const aka::v1::Alias& alias : entity.aliases()) {
    if (alias.name() == match.matched_name) return &alias;
  }
  return nullptr;
}

aka::v1::ScoreFeature* AddFeature(aka::v1::Explanation* explanation, const char* name, double value,
                                  double contribution, std::string detail) {
  if (explanation == nullptr) return nullptr;
  aka::v1::ScoreFeature* feature = explanation->add_features();
  feature->set_name(name);
  feature->set_value(value);
  feature->set_contribution(contribution);
  feature->set_detail(std::move(detail));
  return feature;
}

// "canonical name", "WEAK_AKA alias from ofac", ...
std::string AliasDetail(const KeyCandidate& match, const aka::v1::Alias* alias) {
  if (match.alias_index < 0) return "canonical name";
  if (alias == nullptr) return "alias";
  std::string detail = absl::StrCat(aka::v1::AliasKind_Name(alias->kind()), " alias");
  if (!alias->source().empty()) absl::StrAppend(&detail, " from ", alias->source());
  return detail;
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
      return kFuzzyKeyWeight;
  }
  return 0.0;
}

aka::v1::Candidate ScoreCandidate(const ScoreInput& input) {
  const KeyCandidate& match = *input.match;
  const aka::v1::Entity& entity = *input.entity;

  aka::v1::Candidate candidate;
  candidate.set_entity_id(entity.id());
  candidate.set_canonical_name(entity.canonical_name());
  candidate.set_type(entity.type());
  candidate.set_matched_name(match.matched_name);
  // core::KeyKind values equal aka.v1.MatchKind's by design (core/name_keys.h).
  candidate.set_match_kind(static_cast<aka::v1::MatchKind>(match.key_kind));
  candidate.mutable_external_ids()->insert(entity.external_ids().begin(), entity.external_ids().end());

  aka::v1::Explanation* explanation = input.explain ? candidate.mutable_explanation() : nullptr;

  // Feature "key": the strongest key kind that found the entity; value and contribution are its weight.
  const double key_weight = KeyKindWeight(match.key_kind);
  double score = key_weight;
  AddFeature(explanation, "key", key_weight, key_weight,
             absl::StrCat(KeyKindName(match.key_kind), " key \"", match.key, "\""));

  // Feature "alias_kind": value is the aka.v1.AliasKind of the matched alias (0 for the canonical name).
  const aka::v1::Alias* alias = FindMatchedAlias(entity, match);
  if (alias != nullptr) candidate.set_matched_source(alias->source());
  const int alias_kind = alias == nullptr ? 0 : static_cast<int>(alias->kind());
  const double alias_contribution = alias_kind == aka::v1::WEAK_AKA ? -kWeakAliasPenalty : 0.0;
  score += alias_contribution;
  AddFeature(explanation, "alias_kind", alias_kind, alias_contribution, AliasDetail(match, alias));

  // Feature "type": 1 if the request asked for the entity's type, 0 if it asked for no type. It contributes
  // nothing today because the filter already removed every other type; it is listed so that explanations show
  // why a type-filtered answer won.
  const bool type_requested = !input.requested_types->empty();
  AddFeature(explanation, "type", type_requested ? 1.0 : 0.0, 0.0,
             type_requested ? absl::StrCat(entity.type(), " requested")
                            : absl::StrCat(entity.type(), "; no type requested"));

  score = std::clamp(score, 0.0, 1.0);
  candidate.set_score(score);

  if (explanation != nullptr) {
    explanation->set_normalized_query(input.query->normalized);
    if (input.matched_normalized != nullptr) {
      explanation->set_normalized_match(input.matched_normalized->normalized);
    }
    explanation->set_key_kind(candidate.match_kind());
    explanation->set_key(match.key);
    explanation->set_summary(absl::StrFormat(
        "\"%s\" equals %s \"%s\" of %s (%s) under the %s key; score %.2f.", input.query->nfkc,
        match.alias_index < 0 ? "the canonical name" : "the alias", match.matched_name, entity.id(),
        entity.canonical_name(), KeyKindName(match.key_kind), score));
  }
  return candidate;
}

}  // namespace aka::resolve

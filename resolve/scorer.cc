#include "resolve/scorer.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/token_alignment.h"
#include "resolve/name_variants.h"

namespace aka::resolve {
namespace {

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

// "canonical name", "WEAK_AKA alias from ofac", ...
std::string AliasDetail(const aka::v1::Alias* alias) {
  if (alias == nullptr) return "canonical name";
  std::string detail = absl::StrCat(aka::v1::AliasKind_Name(alias->kind()), " alias");
  if (!alias->source().empty()) absl::StrAppend(&detail, " from ", alias->source());
  return detail;
}

// The best-scoring name of an entity for a candidate that no equality key found.
struct BestName {
  PairScore score;
  const aka::v1::Alias* alias = nullptr;  // null: the canonical name
  std::string name;                       // the stored name (canonical or alias)
  std::string compared_form;              // the form compared: the name or a parenthesised half of it
  double total = -1;                      // score after the weak-alias penalty
};

double WeakAliasPenalty(const aka::v1::Alias* alias) {
  return alias != nullptr && alias->kind() == aka::v1::WEAK_AKA ? kWeakAliasPenalty : 0.0;
}

// Compares the query with every name of `entity` (and each name's parenthesised halves) by features; keeps the
// best. Each comparison costs one CompareNames; analyses come from the cache.
BestName ScoreByFeatures(const QueryContext& context, const aka::v1::Entity& entity) {
  BestName best;
  auto consider = [&](const std::string& name, const aka::v1::Alias* alias) {
    std::vector<std::string> forms = ParenthesisedVariants(name);
    forms.insert(forms.begin(), name);
    for (std::string& form : forms) {
      const std::shared_ptr<const core::NameAnalysis> stored = context.cache->Get(form);
      const core::FeatureScores features = core::CompareNames(*context.query, context.query_weights, *stored, context.statistics);
      PairScore score = ScoreFeatures(features, *context.query, *stored, context.query_mass, context.explain);
      const double total = score.score - WeakAliasPenalty(alias);
      if (total > best.total) {
        best.total = total;
        best.score = std::move(score);
        best.alias = alias;
        best.name = name;
        best.compared_form = std::move(form);
      }
    }
  };
  consider(entity.canonical_name(), nullptr);
  for (const aka::v1::Alias& alias : entity.aliases()) consider(alias.name(), &alias);
  return best;
}

void AddFeature(aka::v1::Explanation* explanation, const FeaturePart& part) {
  aka::v1::ScoreFeature* feature = explanation->add_features();
  feature->set_name(part.name);
  feature->set_value(part.value);
  feature->set_contribution(part.contribution);
  feature->set_detail(part.detail);
}

}  // namespace

QueryContext MakeQueryContext(const core::NameAnalysis& query, const core::TokenStatistics* statistics,
                              NameAnalysisCache* cache, bool type_requested, bool explain) {
  QueryContext context;
  context.query = &query;
  context.query_weights = core::TokenWeights(query.parts.name_tokens, statistics);
  for (const double weight : context.query_weights) context.query_mass += weight;
  context.statistics = statistics;
  context.cache = cache;
  context.type_requested = type_requested;
  context.explain = explain;
  return context;
}

aka::v1::Candidate ScoreCandidate(const QueryContext& context, const KeyCandidate& match,
                                  const aka::v1::Entity& entity) {
  aka::v1::Candidate candidate;
  candidate.set_entity_id(entity.id());
  candidate.set_canonical_name(entity.canonical_name());
  candidate.set_type(entity.type());
  // core::KeyKind values equal aka.v1.MatchKind's by design (core/name_keys.h).
  candidate.set_match_kind(static_cast<aka::v1::MatchKind>(match.key_kind));
  candidate.mutable_external_ids()->insert(entity.external_ids().begin(), entity.external_ids().end());

  PairScore pair;
  const aka::v1::Alias* alias = nullptr;
  std::string matched_name;
  std::string compared_form;
  if (match.key_kind != core::KeyKind::kFuzzy) {
    alias = FindMatchedAlias(entity, match);
    matched_name = match.matched_name;
    compared_form = match.matched_name;
    // The stored name's script matters only for a non-Latin query met through a looser key; otherwise no
    // analysis of the stored name is needed, which keeps exact hits cheap.
    core::NameScript stored_script = core::NameScript::kNone;
    const core::NameScript query_script = context.query->script;
    if (match.key_kind != core::KeyKind::kExact && query_script != core::NameScript::kLatin &&
        query_script != core::NameScript::kNone) {
      stored_script = context.cache->Get(match.matched_name)->script;
    }
    pair = ScoreKeyEquality(match.key_kind, *context.query, stored_script, context.explain);
  } else {
    BestName best = ScoreByFeatures(context, entity);
    pair = std::move(best.score);
    alias = best.alias;
    matched_name = std::move(best.name);
    compared_form = std::move(best.compared_form);
  }
  candidate.set_matched_name(matched_name);
  if (alias != nullptr) candidate.set_matched_source(alias->source());

  const double alias_penalty = WeakAliasPenalty(alias);
  const double score = std::clamp(pair.score - alias_penalty, 0.0, 1.0);
  candidate.set_score(score);
  if (!context.explain) return candidate;

  aka::v1::Explanation* explanation = candidate.mutable_explanation();
  explanation->set_normalized_query(context.query->normalized.normalized);
  explanation->set_normalized_match(context.cache->Get(compared_form)->normalized.normalized);
  explanation->set_key_kind(candidate.match_kind());
  explanation->set_key(match.key);
  for (const FeaturePart& part : pair.parts) AddFeature(explanation, part);
  // "alias_kind": the aka.v1.AliasKind of the matched alias (0 for the canonical name).
  AddFeature(explanation, {"alias_kind", alias == nullptr ? 0.0 : static_cast<double>(alias->kind()),
                           alias_penalty > 0 ? -alias_penalty : 0.0, AliasDetail(alias)});
  // "type": 1 if the request asked for the entity's type. It adds nothing (the filter already removed every
  // other type); it is listed so that explanations show why a type-filtered answer won.
  AddFeature(explanation, {"type", context.type_requested ? 1.0 : 0.0, 0.0,
                           context.type_requested ? absl::StrCat(entity.type(), " requested")
                                                  : absl::StrCat(entity.type(), "; no type requested")});
  const std::string how =
      match.key_kind != core::KeyKind::kFuzzy
          ? absl::StrCat("equals it under the ", KeyKindName(match.key_kind), " key")
          : absl::StrCat("was compared word by word (found through the ", KeyKindName(match.key_kind), " key)");
  explanation->set_summary(absl::StrFormat(
      "\"%s\" %s %s \"%s\" of %s (%s); score %.2f%s.", context.query->normalized.nfkc,
      pair.vetoed ? "was held back from" : "matches", alias == nullptr ? "the canonical name" : "the alias",
      matched_name, entity.id(), entity.canonical_name(), score,
      pair.vetoed ? absl::StrCat(" (", pair.veto, ")") : absl::StrCat(", because it ", how)));
  return candidate;
}

}  // namespace aka::resolve

// ResolverImpl: the pipeline of resolver.h wired from its stages: validate -> analyse the query ->
// CandidateGenerator (for the query and its designator-expanded form), then the fuzzy key space when no
// equality key hit -> fetch entities -> ScoreCandidate ->
// OrderCandidates/Decide -> trim to the request's limits.
#include "resolve/resolver.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "core/name_validation.h"
#include "resolve/as_of_resolve.h"
#include "resolve/candidate_generator.h"
#include "resolve/cross_script_candidates.h"
#include "resolve/decision.h"
#include "resolve/fuzzy_candidates.h"
#include "resolve/name_analysis_cache.h"
#include "resolve/query_forms.h"
#include "resolve/scorer.h"

namespace aka::resolve {
namespace {

class ResolverImpl : public Resolver {
 public:
  ResolverImpl(const storage::Store* store, const core::Normalizer* normalizer, const ResolverOptions& options)
      : store_(store),
        normalizer_(normalizer),
        options_(options),
        generator_(store, options.max_entities_considered),
        analysis_cache_(normalizer, options.analysis_cache_capacity) {}

  absl::StatusOr<Resolution> ResolveWithNotes(const aka::v1::ResolveRequest& request) const override {
    Resolution resolution;
    // A past view of the registry (as_of_resolve.h); requests without as_of pay only this check.
    if (request.has_as_of()) {
      ASSIGN_OR_RETURN(resolution.response, ResolveAsOf(*store_, *normalizer_, options_, request));
      return resolution;
    }
    RETURN_IF_ERROR(core::ValidateName(request.name(), "name", options_.max_name_bytes));
    ASSIGN_OR_RETURN(const int max_candidates, EffectiveMaxCandidates(request.max_candidates()));
    RETURN_IF_ERROR(ValidateMinScore(request.min_score()));

    // Through the analysis cache: an exact query is the stored name its candidate's scoring analyses, so the
    // name is analysed once, not twice, and a repeated query not at all.
    const std::shared_ptr<const core::NameAnalysis> query_analysis = analysis_cache_.Get(request.name());
    const core::NameAnalysis& query = *query_analysis;
    ASSIGN_OR_RETURN(std::vector<KeyCandidate> matches, Candidates(query));

    const std::vector<std::string> types(request.types().begin(), request.types().end());
    const QueryContext context =
        MakeQueryContext(query, store_->token_statistics(), &analysis_cache_, !types.empty(), request.explain());
    // Adjudicated false positives (negative knowledge) take their entity out of this name's candidates
    // before scoring, so they count neither for the answer nor for ambiguity.
    ASSIGN_OR_RETURN(const std::vector<aka::v1::Negative> negatives,
                     store_->NegativesFor(request.name(), absl::Now()));
    absl::flat_hash_set<std::string> excluded;
    for (const aka::v1::Negative& negative : negatives) {
      excluded.insert(negative.entity_id());
      if (negative.has_expire_time()) resolution.expiring_negative_applied = true;
    }
    // Korean and Japanese readings of a Han or Hangul name (query_forms.h) are scored as queries of their own;
    // an entity found by several forms keeps its best score.
    const std::vector<core::NameAnalysis> readings = ReadingQueryForms(*normalizer_, query);
    std::vector<std::pair<QueryContext, std::vector<KeyCandidate>>> forms;
    forms.emplace_back(context, std::move(matches));
    for (const core::NameAnalysis& reading : readings) {
      ASSIGN_OR_RETURN(std::vector<KeyCandidate> more, FindReadingCandidates(*store_, generator_, reading));
      forms.emplace_back(MakeQueryContext(reading, context.statistics, &analysis_cache_, !types.empty(),
                                          request.explain()),
                         std::move(more));
    }
    std::vector<aka::v1::Candidate> candidates;
    candidates.reserve(forms.front().second.size());
    for (const auto& [form_context, form_matches] : forms) {
      for (const KeyCandidate& match : form_matches) {
        if (excluded.contains(match.entity_id)) continue;
        absl::StatusOr<std::shared_ptr<const aka::v1::Entity>> entity = store_->GetEntityShared(match.entity_id);
        // The index was read without a snapshot: an entity deleted since the lookup is simply not a candidate.
        if (absl::IsNotFound(entity.status())) continue;
        if (!entity.ok()) return entity.status();
        if (!types.empty() && std::find(types.begin(), types.end(), (*entity)->type()) == types.end()) continue;

        aka::v1::Candidate candidate = ScoreCandidate(form_context, match, **entity);
        // min_score removes candidates before the decision, like the types filter: a caller asking only for
        // near-certain answers gets MATCHED when exactly one entity clears the bar.
        if (candidate.score() < request.min_score()) continue;
        candidates.push_back(std::move(candidate));
      }
    }
    if (forms.size() > 1) KeepBestPerEntity(&candidates);

    OrderCandidates(&candidates);
    aka::v1::ResolveResponse& response = resolution.response;
    response.set_request_id(request.request_id());
    response.set_outcome(Decide(candidates, DecisionOptions{options_.match_threshold, options_.ambiguity_margin}));
    // max_candidates is a hard limit, also for AMBIGUOUS: the outcome still says the answer is ambiguous when
    // the caller asked for fewer candidates than there are tied entities.
    if (candidates.size() > static_cast<size_t>(max_candidates)) candidates.resize(max_candidates);
    for (aka::v1::Candidate& candidate : candidates) *response.add_candidates() = std::move(candidate);
    return resolution;
  }

 private:
  // The generator's candidates for the query and, when designator expansion changed its tokens
  // ("Advanced Persistent Threat Group 31" -> "apt 31"), for the expanded form too. An entity found only through
  // the expanded form is marked kFuzzy: the scorer then compares names by their features instead of trusting
  // an equality the raw query does not have.
  //
  // Then the fuzzy key space (fuzzy_candidates.h: shared distinctive tokens, typos) adds the entities no
  // equality key found. An equality hit is the strongest evidence there is, so the fuzzy lookups are skipped
  // when the query equals a stored name: that keeps exact and normalized hits at a few microseconds.
  // A query in a script with lossy romanisation also gets the Latin names sharing its consonant skeleton
  // (cross_script_candidates.h) in that case.
  absl::StatusOr<std::vector<KeyCandidate>> Candidates(const core::NameAnalysis& query) const {
    ASSIGN_OR_RETURN(std::vector<KeyCandidate> matches, generator_.Generate(query.normalized));
    absl::flat_hash_set<std::string> found;
    for (const KeyCandidate& match : matches) found.insert(match.entity_id);
    auto add_as_feature_candidates = [&](std::vector<KeyCandidate> more) {
      for (KeyCandidate& match : more) {
        if (!found.insert(match.entity_id).second) continue;
        match.key_kind = core::KeyKind::kFuzzy;
        matches.push_back(std::move(match));
      }
    };
    if (const std::optional<core::NormalizedName> expanded = ExpandedQueryForm(query)) {
      ASSIGN_OR_RETURN(std::vector<KeyCandidate> more, generator_.Generate(*expanded));
      add_as_feature_candidates(std::move(more));
    }
    if (matches.empty()) {
      ASSIGN_OR_RETURN(std::vector<KeyCandidate> fuzzy,
                       FindFuzzyCandidates(*store_, query.normalized, FuzzyCandidateOptionsFor(query.script)));
      add_as_feature_candidates(std::move(fuzzy));
      ASSIGN_OR_RETURN(std::vector<KeyCandidate> cross_script,
                       FindCrossScriptCandidates(*store_, query, CrossScriptCandidateOptions()));
      add_as_feature_candidates(std::move(cross_script));
    }
    return matches;
  }

  absl::StatusOr<int> EffectiveMaxCandidates(int requested) const {
    if (requested == 0) return options_.default_max_candidates;
    if (requested < 0 || requested > options_.max_max_candidates) {
      return absl::InvalidArgumentError(absl::StrCat("max_candidates: must be in 0..", options_.max_max_candidates,
                                                     " (0: the default, ", options_.default_max_candidates,
                                                     "); got ", requested));
    }
    return requested;
  }

  static absl::Status ValidateMinScore(double min_score) {
    if (std::isnan(min_score) || min_score < 0.0 || min_score > 1.0) {
      return absl::InvalidArgumentError(absl::StrCat("min_score: must be in 0..1; got ", min_score));
    }
    return absl::OkStatus();
  }

  const storage::Store* store_;
  const core::Normalizer* normalizer_;
  const ResolverOptions options_;
  const CandidateGenerator generator_;
  // Mutable state behind a const Resolve: the cache is thread-safe and only memoizes pure analyses.
  mutable NameAnalysisCache analysis_cache_;
};

absl::Status ValidateOptions(const ResolverOptions& options) {
  if (!(options.match_threshold > 0.0 && options.match_threshold <= 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("match_threshold: must be in (0, 1]; got ", options.match_threshold));
  }
  if (!(options.ambiguity_margin >= 0.0 && options.ambiguity_margin < 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("ambiguity_margin: must be in [0, 1); got ", options.ambiguity_margin));
  }
  if (options.max_max_candidates < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_max_candidates: must be at least 1; got ", options.max_max_candidates));
  }
  if (options.default_max_candidates < 1 || options.default_max_candidates > options.max_max_candidates) {
    return absl::InvalidArgumentError(absl::StrCat("default_max_candidates: must be in 1..",
                                                   options.max_max_candidates, "; got ",
                                                   options.default_max_candidates));
  }
  if (options.max_name_bytes == 0) return absl::InvalidArgumentError("max_name_bytes: must be positive");
  if (options.max_entities_considered == 0) {
    return absl::InvalidArgumentError("max_entities_considered: must be positive");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Resolver>> Resolver::Create(const storage::Store* store,
                                                           const core::Normalizer* normalizer,
                                                           const ResolverOptions& options) {
  if (store == nullptr) return absl::InvalidArgumentError("store: is null");
  if (normalizer == nullptr) return absl::InvalidArgumentError("normalizer: is null");
  RETURN_IF_ERROR(ValidateOptions(options));
  return std::unique_ptr<Resolver>(new ResolverImpl(store, normalizer, options));
}

}  // namespace aka::resolve

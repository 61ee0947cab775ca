#include "core/token_alignment.h"

#include <algorithm>
#include <tuple>

#include "absl/container/inlined_vector.h"
#include "core/person_names.h"
#include "core/similarity.h"

namespace aka::core {
namespace {

constexpr double kInitialSimilarity = 0.5;
constexpr size_t kMaxJoinedRun = 3;


// State of one side during alignment.
struct Side {
  const std::vector<std::string>* tokens;
  absl::InlinedVector<double, 8> weight;
  absl::InlinedVector<bool, 8> used;
  // IsNumericToken of each token, computed once: the passes below ask for every pair.
  absl::InlinedVector<bool, 8> numeric;

  Side(const std::vector<std::string>& t, const TokenStatistics* statistics)
      : tokens(&t), weight(t.size()), used(t.size(), false) {
    for (size_t i = 0; i < t.size(); ++i) weight[i] = TokenWeight(t[i], statistics);
    MarkNumbers();
  }
  Side(const std::vector<std::string>& t, const std::vector<double>& weights)
      : tokens(&t), weight(weights.begin(), weights.end()), used(t.size(), false) {
    MarkNumbers();
  }
  void MarkNumbers() {
    numeric.resize(tokens->size());
    for (size_t i = 0; i < tokens->size(); ++i) numeric[i] = IsNumericToken((*tokens)[i]);
  }
  size_t size() const { return tokens->size(); }
  const std::string& operator[](size_t i) const { return (*tokens)[i]; }
};

// Token i of `a` equals token j of `b`, numbers by value ("031" = "31").
bool SameToken(const Side& a, size_t i, const Side& b, size_t j) {
  if (a[i] == b[j]) return true;
  return a.numeric[i] && b.numeric[j] && CanonicalNumber(a[i]) == CanonicalNumber(b[j]);
}

// Pass 2 in one direction: runs of unused tokens of `runs` spelling an unused token of `whole`.
void PairJoinedRuns(Side& runs, Side& whole, bool runs_is_query, TokenAlignment* out) {
  for (size_t j = 0; j < whole.size(); ++j) {
    if (whole.used[j] || whole.numeric[j]) continue;
    const std::string& target = whole[j];
    for (size_t i = 0; i < runs.size(); ++i) {
      std::string joined;
      size_t end = i;
      while (end < runs.size() && end - i < kMaxJoinedRun && !runs.used[end] &&
             target.compare(joined.size(), runs[end].size(), runs[end]) == 0) {
        joined += runs[end];
        ++end;
        if (end - i >= 2 && joined.size() == target.size()) break;
      }
      if (end - i < 2 || joined != target) continue;
      double run_mass = 0;
      bool distinctive = !IsGenericToken(target);
      for (size_t k = i; k < end; ++k) {
        runs.used[k] = true;
        run_mass += runs.weight[k];
        distinctive = distinctive || !IsGenericToken(runs[k]);
      }
      whole.used[j] = true;
      (runs_is_query ? out->matched_query_mass : out->matched_candidate_mass) += run_mass;
      (runs_is_query ? out->matched_candidate_mass : out->matched_query_mass) += whole.weight[j];
      out->distinctive_matched = out->distinctive_matched || distinctive;
      ++out->joined_pairs;
      break;
    }
  }
}

}  // namespace

std::vector<double> TokenWeights(const std::vector<std::string>& tokens, const TokenStatistics* statistics) {
  std::vector<double> weights;
  weights.reserve(tokens.size());
  for (const std::string& token : tokens) weights.push_back(TokenWeight(token, statistics));
  return weights;
}

TokenAlignment AlignTokens(const std::vector<std::string>& query, const std::vector<std::string>& candidate,
                           const TokenStatistics* statistics) {
  return AlignTokens(query, TokenWeights(query, statistics), candidate, statistics);
}

TokenAlignment AlignTokens(const std::vector<std::string>& query, const std::vector<double>& query_weights,
                           const std::vector<std::string>& candidate, const TokenStatistics* statistics) {
  TokenAlignment out;
  Side q(query, query_weights);
  Side c(candidate, statistics);
  for (double w : q.weight) out.query_mass += w;
  for (double w : c.weight) out.candidate_mass += w;
  bool any_pair = false;

  auto pair = [&](size_t i, size_t j, double similarity) {
    q.used[i] = c.used[j] = true;
    out.matched_query_mass += similarity * q.weight[i];
    out.matched_candidate_mass += similarity * c.weight[j];
    any_pair = true;
  };

  // 1. Equal tokens.
  for (size_t i = 0; i < q.size(); ++i) {
    for (size_t j = 0; j < c.size(); ++j) {
      if (c.used[j] || !SameToken(q, i, c, j)) continue;
      pair(i, j, 1.0);
      ++out.exact_pairs;
      out.distinctive_matched = out.distinctive_matched || !IsGenericToken(q[i]);
      break;
    }
  }
  // 2. Joined runs, both ways.
  const int joined_before = out.joined_pairs;
  PairJoinedRuns(q, c, /*runs_is_query=*/true, &out);
  PairJoinedRuns(c, q, /*runs_is_query=*/false, &out);
  any_pair = any_pair || out.joined_pairs > joined_before;

  // 3. Similar tokens, best pairs first.
  absl::InlinedVector<std::tuple<double, size_t, size_t>, 16> similar;
  for (size_t i = 0; i < q.size(); ++i) {
    if (q.used[i] || q.numeric[i]) continue;
    for (size_t j = 0; j < c.size(); ++j) {
      if (c.used[j] || c.numeric[j]) continue;
      const double similarity = TokenSimilarity(q[i], c[j]);
      if (similarity > 0) similar.emplace_back(similarity, i, j);
    }
  }
  std::sort(similar.begin(), similar.end(), [](const auto& a, const auto& b) { return a > b; });
  for (const auto& [similarity, i, j] : similar) {
    if (q.used[i] || c.used[j]) continue;
    pair(i, j, similarity);
    ++out.fuzzy_pairs;
    const size_t longer = std::max(CodePointLength(q[i]), CodePointLength(c[j]));
    const int budget = MaxEditsForLength(longer);
    out.fuzzy_edits += BoundedEditDistance(q[i], c[j], budget);
    out.min_fuzzy_similarity = std::min(out.min_fuzzy_similarity, similarity);
    out.distinctive_matched = out.distinctive_matched || !IsGenericToken(q[i]) || !IsGenericToken(c[j]);
  }
  // 4. Initials.
  for (size_t i = 0; i < q.size(); ++i) {
    if (q.used[i]) continue;
    for (size_t j = 0; j < c.size(); ++j) {
      if (c.used[j] || !(IsInitialOf(q[i], c[j]) || IsInitialOf(c[j], q[i]))) continue;
      pair(i, j, kInitialSimilarity);
      ++out.initial_pairs;
      break;
    }
  }

  for (size_t i = 0; i < q.size(); ++i) out.query_unmatched_distinctive += !q.used[i] && !IsGenericToken(q[i]);
  for (size_t j = 0; j < c.size(); ++j) {
    out.candidate_unmatched_distinctive += !c.used[j] && !IsGenericToken(c[j]);
  }
  if (out.query_mass > 0) out.query_coverage = std::min(1.0, out.matched_query_mass / out.query_mass);
  if (out.candidate_mass > 0) {
    out.candidate_coverage = std::min(1.0, out.matched_candidate_mass / out.candidate_mass);
  }
  if (out.distinctive_matched) {
    out.distinctive_overlap = std::min(
        1.0, (out.matched_query_mass + out.matched_candidate_mass) / (out.query_mass + out.candidate_mass));
  }
  out.generic_only = any_pair && !out.distinctive_matched;
  return out;
}

double DistinctiveOverlap(const std::vector<std::string>& query_tokens,
                          const std::vector<std::string>& candidate_tokens, const TokenStatistics* statistics) {
  return AlignTokens(query_tokens, candidate_tokens, statistics).distinctive_overlap;
}

}  // namespace aka::core

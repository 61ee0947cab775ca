#include "resolve/query_forms.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"

namespace aka::resolve {

std::optional<core::NormalizedName> ExpandedQueryForm(const core::NameAnalysis& query) {
  if (query.tokens.empty() || query.tokens == query.normalized.tokens) return std::nullopt;
  core::NormalizedName expanded;
  expanded.tokens = query.tokens;
  expanded.normalized = absl::StrJoin(expanded.tokens, " ");
  expanded.nfkc = expanded.normalized;
  expanded.compact = absl::StrJoin(expanded.tokens, "");
  std::vector<std::string> sorted = expanded.tokens;
  std::sort(sorted.begin(), sorted.end());
  expanded.token_sorted = absl::StrJoin(sorted, " ");
  return expanded;
}

}  // namespace aka::resolve

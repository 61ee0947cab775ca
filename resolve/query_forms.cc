#include "resolve/query_forms.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "core/cjk_name_readings.h"

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

std::vector<core::NameAnalysis> ReadingQueryForms(const core::Normalizer& normalizer, const core::NameAnalysis& query) {
  std::vector<core::NameAnalysis> forms;
  if (query.script != core::NameScript::kHan && query.script != core::NameScript::kHangul) return forms;
  for (const core::NameReading& reading : core::PersonNameReadings(query.normalized.nfkc)) {
    core::NameAnalysis form = core::AnalyzeName(normalizer, reading.latin);
    form.script = reading.script;
    forms.push_back(std::move(form));
  }
  return forms;
}

}  // namespace aka::resolve

#include "client/canonicalize/batch_canonicalizer.h"

#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/canonicalize/name_validation.h"

namespace aka::canonicalize {
namespace {

RowResult BadRow(std::string reason) {
  RowResult result;
  result.fields.outcome = "ERROR";
  result.error = std::move(reason);
  return result;
}

}  // namespace

RowResult RowResultFromResponse(const aka::v1::ResolveResponse& response) {
  if (response.has_error()) {
    return BadRow(absl::StrCat("resolver error (code ", response.error().code(), "): ", response.error().message()));
  }
  RowResult result;
  if (response.candidates_size() > 0) {
    result.fields.score = absl::StrFormat("%.4f", response.candidates(0).score());
  }
  switch (response.outcome()) {
    case aka::v1::MATCHED: {
      if (response.candidates_size() == 0) return BadRow("resolver answered MATCHED without a candidate");
      const aka::v1::Candidate& best = response.candidates(0);
      result.fields.id = best.entity_id();
      result.fields.name = best.canonical_name();
      result.fields.type = best.type();
      result.fields.outcome = "MATCHED";
      return result;
    }
    case aka::v1::AMBIGUOUS:
      result.fields.outcome = "AMBIGUOUS";
      return result;
    case aka::v1::NO_MATCH:
      result.fields.outcome = "NO_MATCH";
      return result;
    default:
      return BadRow(absl::StrCat("resolver answered without an outcome (", response.outcome(), ")"));
  }
}

BatchCanonicalizer::BatchCanonicalizer(BatchResolver* resolver, size_t cache_size, std::string name_label)
    : resolver_(resolver), cache_(cache_size), name_label_(std::move(name_label)) {}

absl::Status BatchCanonicalizer::Resolve(const std::vector<TableRecord>& records, size_t count,
                                         std::vector<RowResult>* results) {
  constexpr size_t kNotPending = static_cast<size_t>(-1);
  results->resize(count);
  names_.clear();
  // For each row, the index of its name in names_, or kNotPending when it is already decided.
  std::vector<size_t> pending(count, kNotPending);
  // Keys view the records' names, which stay put for the whole batch.
  absl::flat_hash_map<std::string_view, size_t> index;
  for (size_t i = 0; i < count; ++i) {
    const TableRecord& record = records[i];
    RowResult& result = (*results)[i];
    if (!record.error.empty()) {
      result = BadRow(record.error);
      continue;
    }
    if (std::string reason = ValidateName(record.name, name_label_); !reason.empty()) {
      result = BadRow(std::move(reason));
      continue;
    }
    if (const ResultFields* cached = cache_.Find(record.name)) {
      result.fields = *cached;
      result.error.clear();
      continue;
    }
    auto [it, inserted] = index.try_emplace(record.name, names_.size());
    if (inserted) names_.push_back(record.name);
    pending[i] = it->second;
  }
  if (names_.empty()) return absl::OkStatus();

  responses_.clear();
  absl::Status status = resolver_->ResolveBatch(names_, &responses_);
  if (!status.ok()) return status;
  if (responses_.size() != names_.size()) {
    return absl::InternalError(absl::StrCat("the resolver answered ", responses_.size(), " of ", names_.size(),
                                            " names in a batch"));
  }
  names_resolved_ += static_cast<int64_t>(names_.size());

  std::vector<RowResult> answers;
  answers.reserve(names_.size());
  for (size_t j = 0; j < names_.size(); ++j) {
    answers.push_back(RowResultFromResponse(responses_[j]));
    // Per-item errors are not cached: they may be transient (UNAVAILABLE) and the row is reported anyway.
    if (answers.back().error.empty()) cache_.Insert(names_[j], answers.back().fields);
  }
  for (size_t i = 0; i < count; ++i) {
    if (pending[i] != kNotPending) (*results)[i] = answers[pending[i]];
  }
  return absl::OkStatus();
}

}  // namespace aka::canonicalize

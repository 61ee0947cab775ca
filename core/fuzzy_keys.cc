#include "core/fuzzy_keys.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "core/generic_words.h"
#include "core/legal_forms.h"
#include "core/normalize_steps.h"
#include "core/similarity.h"
#include "core/utf8.h"

namespace aka::core {
namespace {

// Byte offsets of the code points of `token`, plus token.size() at the end.
std::vector<size_t> CodePointOffsets(absl::string_view token) {
  std::vector<size_t> offsets;
  offsets.reserve(token.size() + 1);
  size_t pos = 0;
  while (pos < token.size()) {
    offsets.push_back(pos);
    utf8::DecodeNext(token, &pos);
  }
  offsets.push_back(token.size());
  return offsets;
}

// `token` without the code points [offsets[i], offsets[i+1]) and, if j != npos, [offsets[j], offsets[j+1]).
std::string Delete(absl::string_view token, const std::vector<size_t>& offsets, size_t i, size_t j) {
  std::string out;
  out.reserve(token.size());
  size_t start = 0;
  for (size_t k : {i, j}) {
    if (k == std::string::npos) continue;
    out.append(token.data() + start, offsets[k] - start);
    start = offsets[k + 1];
  }
  out.append(token.data() + start, token.size() - start);
  return out;
}

// Appends to `keys` (skipping those in `seen`) the keys of `token` that delete exactly `deletions` code
// points (0: the token itself), within the length limits of the header.
void AppendDeletionKeys(absl::string_view token, int deletions, absl::flat_hash_set<std::string>* seen,
                        std::vector<std::string>* keys, size_t max_keys) {
  auto add = [&](std::string key) {
    if (keys->size() < max_keys && seen->insert(key).second) keys->push_back(std::move(key));
  };
  if (deletions == 0) {
    add(std::string(token));
    return;
  }
  const std::vector<size_t> offsets = CodePointOffsets(token);
  const size_t length = offsets.size() - 1;
  if (length > kMaxFuzzyTokenLength) return;
  if (deletions == 1) {
    for (size_t i = 0; i < length; ++i) add(Delete(token, offsets, i, std::string::npos));
    return;
  }
  if (length < kTwoDeletionMinLength || length > kTwoDeletionMaxLength) return;
  for (size_t i = 0; i < length; ++i) {
    for (size_t j = i + 1; j < length; ++j) add(Delete(token, offsets, i, j));
  }
}

}  // namespace

bool IsFuzzyKeyToken(absl::string_view token) {
  return !IsNumericToken(token) && !IsGenericToken(token) && CodePointLength(token) >= kMinFuzzyTokenLength;
}

std::vector<std::string> FuzzyTokenKeys(absl::string_view token) {
  std::vector<std::string> keys;
  if (!IsFuzzyKeyToken(token)) return keys;
  absl::flat_hash_set<std::string> seen;
  for (int deletions = 0; deletions <= 2; ++deletions) {
    AppendDeletionKeys(token, deletions, &seen, &keys, static_cast<size_t>(-1));
  }
  return keys;
}

std::vector<std::string> FuzzyKeysForName(const NormalizedName& name) {
  bool has_han = false;
  HasNonLatinLetters(name.nfkc, &has_han);
  const NameParts parts = SplitLegalForm(name.tokens, has_han);
  // Distinct fuzzy-key tokens in order of first appearance, then the longest kMaxFuzzyTokensPerName.
  std::vector<absl::string_view> tokens;
  for (const std::string& token : parts.name_tokens) {
    if (IsFuzzyKeyToken(token) && std::find(tokens.begin(), tokens.end(), token) == tokens.end()) {
      tokens.push_back(token);
    }
  }
  std::stable_sort(tokens.begin(), tokens.end(), [](absl::string_view a, absl::string_view b) {
    return CodePointLength(a) > CodePointLength(b);
  });
  if (tokens.size() > kMaxFuzzyTokensPerName) tokens.resize(kMaxFuzzyTokensPerName);

  // Level by level (tokens, then one deletion, then two), so that the cap drops the weakest keys.
  std::vector<std::string> keys;
  absl::flat_hash_set<std::string> seen;
  for (int deletions = 0; deletions <= 2; ++deletions) {
    for (absl::string_view token : tokens) {
      AppendDeletionKeys(token, deletions, &seen, &keys, kMaxFuzzyKeysPerName);
    }
  }
  return keys;
}

}  // namespace aka::core

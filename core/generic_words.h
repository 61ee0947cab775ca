// Generic words and token rarity. A name is identified by its distinctive tokens ("xiaoruizhi", "belletech");
// words like "group", "company" or "bank" appear in thousands of names and must never carry a match on their
// own (watchman #483: "BELLETECH CORP" = "11420 CORP." because both reduced to "corp"). This file says which
// normalized tokens are generic (a curated list) and how much each token weighs (inverse document frequency
// from the index, capped low for generic tokens). Token alignment (token_alignment.h) uses the weights.
//
// Tokens are normalized tokens (NormalizedName::tokens): lower case ASCII in practice.
#ifndef AKA_CORE_GENERIC_WORDS_H_
#define AKA_CORE_GENERIC_WORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace aka::core {

enum class GenericKind {
  kNone,            // not generic: the token may identify a name
  kOrganizational,  // "group", "company", "bank", "international", legal-form words ("ltd", "llc") ...
  kFunctionWord,    // "the", "of", "and", "for", "de", "la" ...
  kNameParticle,    // "al", "el", "bin", "ibn", "abu", "van", "von": part of real names, so weighed low, not zero
};

// The kind of `token` in the curated list; kNone for tokens not in it. Thread-safe.
GenericKind GenericTokenKind(absl::string_view token);

// True if `token` is in the curated list of generic tokens (any kind other than kNone).
bool IsGenericToken(absl::string_view token);

// True if `token` is non-empty and made only of ASCII digits (the normalizer maps every script's digits to
// ASCII). Numbers are identity: they are compared exactly, never fuzzily.
bool IsNumericToken(absl::string_view token);

// `token` without leading zeros ("0128" -> "128", "000" -> "0"), the form in which numbers compare equal.
// REQUIRES: IsNumericToken(token).
std::string CanonicalNumber(absl::string_view token);

// Upper bound on the weight of a generic token of kind `kind` (1.0 for kNone): 0.1 for organizational words,
// 0.05 for function words, 0.3 for name particles.
double GenericWeightCap(GenericKind kind);

// Document frequencies of tokens over the names of the index, kept in memory. The store feeds it with the
// names it holds (AddName/RemoveName on every change, or Add with persisted counts at start-up); the
// resolver reads weights from it on every comparison.
//
// Thread-safe: writers and readers may run concurrently (readers share a lock, so reads do not serialize).
class TokenStatistics {
 public:
  TokenStatistics() = default;
  TokenStatistics(const TokenStatistics&) = delete;
  TokenStatistics& operator=(const TokenStatistics&) = delete;

  // Counts one name: the document count grows by one, each distinct token's count by one.
  void AddName(const std::vector<std::string>& tokens);
  // Undoes AddName for a name that was counted before (counts never go below zero).
  void RemoveName(const std::vector<std::string>& tokens);
  // Adds `documents` to the count of `token` alone, without touching the document count: for loading
  // persisted counts together with SetDocumentCount.
  void Add(absl::string_view token, uint64_t documents = 1);
  void SetDocumentCount(uint64_t documents);

  uint64_t DocumentCount() const;
  // How many names contain `token` (0 if unknown).
  uint64_t Count(absl::string_view token) const;

  // Inverse document frequency, ln((N + 1) / max(count, 1)) + 1 with N the document count: about 1 for a
  // token in every name, larger for rarer tokens, ln(N + 1) + 1 for tokens seen once or never.
  double Idf(absl::string_view token) const;

  // Idf scaled into (0, 1]: 1 for tokens that are unknown or that occur once, lower for common tokens (never
  // below 0.05), and capped by GenericWeightCap for generic tokens whatever their counts. With no names
  // counted every non-generic token weighs 1.
  double Weight(absl::string_view token) const;

 private:
  double IdfLocked(absl::string_view token) const ABSL_SHARED_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  uint64_t documents_ ABSL_GUARDED_BY(mutex_) = 0;
  absl::flat_hash_map<std::string, uint64_t> counts_ ABSL_GUARDED_BY(mutex_);
};

// The weight of `token` under `statistics`, or, when `statistics` is null, 1 for non-generic tokens and the
// generic cap for generic ones. Numeric tokens always weigh 1: a number is identity.
double TokenWeight(absl::string_view token, const TokenStatistics* statistics);

}  // namespace aka::core

#endif  // AKA_CORE_GENERIC_WORDS_H_

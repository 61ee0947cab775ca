// String similarity of normalized tokens: bounded Damerau (optimal string alignment) edit distance,
// Jaro-Winkler, token-set overlap, and TokenSimilarity, which combines them into the one number the scorer
// uses for a pair of tokens. All functions work on Unicode code points (not bytes), are pure and
// thread-safe. Numbers are identity: numeric tokens are equal or have similarity 0, never "close".
#ifndef AKA_CORE_SIMILARITY_H_
#define AKA_CORE_SIMILARITY_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace aka::core {

// The optimal-string-alignment (restricted Damerau-Levenshtein) distance between `a` and `b` in code points:
// insertions, deletions, substitutions and transpositions of adjacent code points each cost 1. Stops early:
// returns `max_distance + 1` as soon as the distance is known to exceed `max_distance`. Cost O(n * k) with
// n the longer length and k = max_distance (a band of the matrix). REQUIRES: max_distance >= 0.
int BoundedEditDistance(absl::string_view a, absl::string_view b, int max_distance);

// Jaro-Winkler similarity in [0, 1] over code points (prefix scale 0.1, prefix of at most 4). 1 for equal
// strings, 0 when either is empty and the other is not.
double JaroWinkler(absl::string_view a, absl::string_view b);

// Jaccard overlap of the two token sets: |A ∩ B| / |A ∪ B| with exact token equality, duplicates ignored.
// 0 when both are empty.
double TokenSetOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b);

// The number of edits a token of `length` code points may differ by and still count as the same token
// (the scorer's typo budget, also the reach of the fuzzy key space): 0 up to 3 code points, 1 up to 8,
// 2 beyond.
int MaxEditsForLength(size_t length);

// The similarity of two normalized tokens in [0, 1]:
//  - 1 if they are equal (numeric tokens: equal after dropping leading zeros, "031" = "31");
//  - 0 if either is numeric and they differ ("31" vs "13": never fuzzy), or if the longer has at most 3
//    code points and they differ (no typos in short tokens);
//  - 0 if their edit distance exceeds MaxEditsForLength(longer);
//  - otherwise the mean of 1 - distance / longer length and Jaro-Winkler ("qasem" vs "qassem" ~ 0.9).
double TokenSimilarity(absl::string_view a, absl::string_view b);

// Number of code points in the UTF-8 string `text` (ill-formed bytes count as one each).
size_t CodePointLength(absl::string_view text);

}  // namespace aka::core

#endif  // AKA_CORE_SIMILARITY_H_

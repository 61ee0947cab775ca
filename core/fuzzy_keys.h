// The fuzzy key space for candidate generation (SymSpell-style deletion neighbourhoods): a name is indexed
// under each distinctive token and each string obtained by deleting code points from it; a query looks up the
// same keys of its own tokens. Two tokens within the typo budget of MaxEditsForLength (similarity.h) share
// at least one key ("xiaoruizhi" and "xiaoruzhi" share "xiaoruzhi"), so typos are found by point lookups,
// never by scanning. Candidates found this way must still be scored: sharing a key is not a match.
//
// Changing what these functions return changes the persisted index: bump kFuzzyKeysVersion.
#ifndef AKA_CORE_FUZZY_KEYS_H_
#define AKA_CORE_FUZZY_KEYS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/normalizer.h"

namespace aka::core {

inline constexpr uint32_t kFuzzyKeysVersion = 1;

// Tokens shorter than this (in code points) get no fuzzy keys: short tokens allow no typos.
inline constexpr size_t kMinFuzzyTokenLength = 4;
// Tokens at least this long also get their two-deletion neighbourhood.
inline constexpr size_t kTwoDeletionMinLength = 9;
// Two-deletion neighbourhoods are built only up to this length (at most 1 + 16 + 120 = 137 keys); longer
// tokens get one-deletion keys only, and tokens longer than kMaxFuzzyTokenLength get none besides themselves.
inline constexpr size_t kTwoDeletionMaxLength = 16;
inline constexpr size_t kMaxFuzzyTokenLength = 32;
// At most this many distinctive tokens of a name (the longest ones; ties by first position) get keys, and a
// name never has more than kMaxFuzzyKeysPerName keys: the tokens themselves come first, then all
// one-deletion keys, then two-deletion keys, so the cap (reached only by names of five or more long tokens)
// drops two-deletion keys of the shortest of them.
inline constexpr size_t kMaxFuzzyTokensPerName = 6;
inline constexpr size_t kMaxFuzzyKeysPerName = 512;

// True if `token` belongs in the fuzzy key space: not generic (generic_words.h), not numeric, and at least
// kMinFuzzyTokenLength code points long.
bool IsFuzzyKeyToken(absl::string_view token);

// The keys of one token: the token itself first, then every distinct string obtained by deleting one code
// point (and, for tokens of kTwoDeletionMinLength..kTwoDeletionMaxLength code points, two code points), in a
// deterministic order. Empty if !IsFuzzyKeyToken(token). Works on code points, so a deletion never splits a
// multi-byte character. Thread-safe.
std::vector<std::string> FuzzyTokenKeys(absl::string_view token);

// The keys of a name: the union (without duplicates) of FuzzyTokenKeys over the distinctive name tokens of
// `name` (legal forms split off first, legal_forms.h), limited as documented above. Use the same function on
// the index side and the query side.
std::vector<std::string> FuzzyKeysForName(const NormalizedName& name);

}  // namespace aka::core

#endif  // AKA_CORE_FUZZY_KEYS_H_

// Consonant skeletons: the part of a romanised name that survives a change of romanisation system. Scripts
// without written vowels (Arabic, Hebrew) and romanisation systems that disagree (Cyrillic "Aleksandr" /
// "Alexander", Korean "Gim" / "Kim", Thai "Smchay" / "Somchai") give Latin spellings that differ in vowels and
// a few consonant conventions while the consonant frame stays: "mhmd ly" and "Mohamed Ali" both reduce to
// "mhmdl". The store indexes the skeleton of every Latin name (core/name_keys.h, KeyKind::kSkeleton) so that a
// query in such a script can find its Latin spelling; the scorer compares skeletons only for cross-script
// pairs (resolve/transliteration_skeleton.h), where such differences are expected.
#ifndef AKA_CORE_CONSONANT_SKELETON_H_
#define AKA_CORE_CONSONANT_SKELETON_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace aka::core {

// The skeleton of a normalized (lower-case ASCII) string: "ks" -> "x", "kh" -> "h", "ph" -> "f", "q"/"c"/"g"
// -> "k", "b" -> "p", "w" -> "v", "z" -> "s"; vowels, "y", "j" after a vowel, "'" and non-letters dropped;
// repeated letters collapsed. Idempotent. Pure, thread-safe.
std::string ConsonantSkeleton(absl::string_view normalized);

// Skeletons shorter than this identify nothing ("m" for "Emma", "Mia", "Amy" ...).
inline constexpr size_t kMinSkeletonLength = 2;
// Skeletons at least this long may differ by one edit (one consonant more, less or other) and still agree.
inline constexpr size_t kMinFuzzySkeletonLength = 5;
// Skeletons longer than this get no deletion neighbourhood in the index: they come from long names (three or
// more words, most of them organisations) whose transliterations differ in more than one consonant anyway,
// and one key per letter would make them the bulk of the key space. At 12, names of the scale data set get
// 5.4 skeleton rows on average (14: 6.7; 10: 4.1); every cross-script pair of the dev set is within 10.
inline constexpr size_t kMaxFuzzySkeletonLength = 12;

// The lookup values of `skeleton`: the skeleton itself if at least kMinSkeletonLength long and, when its length
// is in [kMinFuzzySkeletonLength, kMaxFuzzySkeletonLength], each distinct string with one letter deleted. Two
// skeletons one edit apart share at least one value. Empty for short skeletons. Pure, thread-safe.
std::vector<std::string> SkeletonKeyValues(const std::string& skeleton);

}  // namespace aka::core

#endif  // AKA_CORE_CONSONANT_SKELETON_H_

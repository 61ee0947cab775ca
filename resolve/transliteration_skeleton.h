// Consonant skeletons for names that met only after transliteration. Scripts without written vowels (Arabic,
// Hebrew) and romanisation systems that disagree (Cyrillic "Aleksandr" / "Alexander", Korean "Gim" / "Kim",
// Thai "Smchay" / "Somchai") give Latin spellings that differ in vowels and a few consonant conventions while
// the consonant frame stays: "mhmd ly" and "Mohamed Ali" both reduce to "mhmdl". The scorer compares
// skeletons only for cross-script pairs, where such differences are expected; between two Latin spellings a
// shared skeleton proves little ("Musa" / "Moses").
#ifndef AKA_RESOLVE_TRANSLITERATION_SKELETON_H_
#define AKA_RESOLVE_TRANSLITERATION_SKELETON_H_

#include <string>

#include "absl/strings/string_view.h"

namespace aka::resolve {

// The skeleton of a normalized (lower-case ASCII) string: "ks" -> "x", "kh" -> "h", "ph" -> "f", "q"/"c"/"g"
// -> "k", "b" -> "p", "w" -> "v", "z" -> "s"; vowels, "y", "j" after a vowel, "'" and non-letters dropped;
// repeated letters collapsed. Idempotent. Pure, thread-safe.
std::string ConsonantSkeleton(absl::string_view normalized);

// How well two skeletons agree: 1 if equal and at least kMinSkeletonLength long, 0.9 if one edit apart and
// both at least kMinFuzzySkeletonLength long, else 0.
inline constexpr size_t kMinSkeletonLength = 2;
inline constexpr size_t kMinFuzzySkeletonLength = 5;
double SkeletonAgreement(absl::string_view a, absl::string_view b);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_TRANSLITERATION_SKELETON_H_

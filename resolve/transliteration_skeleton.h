// Skeleton agreement for names that met only after transliteration (core/consonant_skeleton.h explains the
// skeletons). The scorer compares skeletons only for cross-script pairs, where differences in vowels and
// consonant conventions are expected; between two Latin spellings a shared skeleton proves little
// ("Musa" / "Moses").
#ifndef AKA_RESOLVE_TRANSLITERATION_SKELETON_H_
#define AKA_RESOLVE_TRANSLITERATION_SKELETON_H_

#include "absl/strings/string_view.h"
#include "core/consonant_skeleton.h"

namespace aka::resolve {

using core::ConsonantSkeleton;
using core::kMinFuzzySkeletonLength;
using core::kMinSkeletonLength;

// How well two skeletons agree: 1 if equal and at least kMinSkeletonLength long, 0.9 if one edit apart and
// both at least kMinFuzzySkeletonLength long, else 0.
double SkeletonAgreement(absl::string_view a, absl::string_view b);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_TRANSLITERATION_SKELETON_H_
